//! Published test vectors: draft-cavage-http-signatures-12 Appendix C, RFC 9421 Appendix
//! B.2.6 (ed25519) and §4.3 (rsa-v1_5-sha256), RFC 9530's digest of the test body.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use rookery_activitypub::signatures::cavage::{self, CavageAlgorithm};
use rookery_activitypub::signatures::digest::{
    content_digest_header, digest_header, verify_content_digest, verify_digest_header,
};
use rookery_activitypub::signatures::{
    parse_any, rfc9421, Algorithm, PublicKey, RequestParts, SignatureError, SigningKey,
};

const BODY: &[u8] = br#"{"hello": "world"}"#;

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

// ---------------------------------------------------------------------------------------
// draft-cavage-http-signatures-12, Appendix C
// ---------------------------------------------------------------------------------------

/// The draft's 1024-bit test key (Appendix C), public half.
const CAVAGE_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3
6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6
Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw
oYi+1hqp1fIekaxsyQIDAQAB
-----END PUBLIC KEY-----";

const CAVAGE_DIGEST: &str = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

fn cavage_request_headers() -> HeaderMap {
    headers(&[
        ("host", "example.com"),
        ("date", "Sun, 05 Jan 2014 21:31:40 GMT"),
        ("content-type", "application/json"),
        ("digest", CAVAGE_DIGEST),
        ("content-length", "18"),
    ])
}

/// The test key has 1024 bits, below our floor of 2048 (`PublicKey` refuses it), so the
/// signatures are checked with aws-lc-rs' legacy parameters over the signing string our
/// parser builds: that string is what these vectors pin down.
fn verify_with_cavage_test_key(message: &str, signature: &[u8]) -> bool {
    use aws_lc_rs::signature::{UnparsedPublicKey, RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY};
    let b64: String = CAVAGE_PUBLIC_KEY
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let spki = STANDARD.decode(b64).unwrap();
    UnparsedPublicKey::new(&RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY, spki)
        .verify(message.as_bytes(), signature)
        .is_ok()
}

#[test]
fn cavage_test_key_is_below_our_rsa_floor() {
    assert!(matches!(
        PublicKey::from_pem(CAVAGE_PUBLIC_KEY),
        Err(SignatureError::InvalidKey(_))
    ));
}

#[test]
fn cavage_appendix_c_digest_of_the_test_body() {
    assert_eq!(digest_header(BODY), CAVAGE_DIGEST);
    assert_eq!(verify_digest_header(CAVAGE_DIGEST, BODY), Ok(()));
}

#[test]
fn cavage_c1_default_test_signs_date_only() {
    let header = "keyId=\"Test\",algorithm=\"rsa-sha256\",signature=\"SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=\"";
    let parsed = cavage::parse_header_value(header).unwrap();
    assert_eq!(parsed.key_id(), "Test");
    assert_eq!(parsed.algorithm(), CavageAlgorithm::RsaSha256);
    assert_eq!(parsed.headers(), ["date"]);
    let map = cavage_request_headers();
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=value&pet=dog",
        headers: &map,
        body: BODY,
    };
    let signing_string = parsed.signing_string(&req, true).unwrap();
    assert_eq!(signing_string, "date: Sun, 05 Jan 2014 21:31:40 GMT");
    assert!(verify_with_cavage_test_key(
        &signing_string,
        parsed.signature()
    ));
    assert!(!verify_with_cavage_test_key(
        "date: Sun, 05 Jan 2014 21:31:41 GMT",
        parsed.signature()
    ));
}

#[test]
fn cavage_c2_basic_test_signs_request_target_host_date() {
    let header = "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=\"";
    let parsed = cavage::parse_header_value(header).unwrap();
    let map = cavage_request_headers();
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=value&pet=dog",
        headers: &map,
        body: BODY,
    };
    let signing_string = parsed.signing_string(&req, true).unwrap();
    assert_eq!(
        signing_string,
        "(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: Sun, 05 Jan 2014 21:31:40 GMT"
    );
    assert!(verify_with_cavage_test_key(
        &signing_string,
        parsed.signature()
    ));
    // Without the query the string differs and the draft's signature does not match it.
    let without_query = parsed.signing_string(&req, false).unwrap();
    assert!(without_query.starts_with("(request-target): post /foo\n"));
    assert!(!verify_with_cavage_test_key(
        &without_query,
        parsed.signature()
    ));
}

/// C.3 as printed in draft 12 lists `(created) (expires)` with `algorithm="rsa-sha256"`,
/// which the same draft's §2.3 (and Mastodon) reject; its signature value is the one of
/// draft 10's C.3 and covers `(request-target) host date content-type digest
/// content-length` only.
#[test]
fn cavage_c3_all_headers_test() {
    let signature = "vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=";
    let as_printed = format!(
        "keyId=\"Test\",algorithm=\"rsa-sha256\",created=1402170695, expires=1402170699,headers=\"(request-target) (created) (expires) host date content-type digest content-length\",signature=\"{signature}\""
    );
    assert!(matches!(
        cavage::parse_header_value(&as_printed),
        Err(SignatureError::Malformed(_))
    ));

    let map = cavage_request_headers();
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=value&pet=dog",
        headers: &map,
        body: BODY,
    };

    // With hs2019 the pseudo-headers are legal; the signing string then is the one §2.3
    // describes, which the printed value was not computed over.
    let hs2019 = as_printed.replace("rsa-sha256", "hs2019");
    let parsed = cavage::parse_header_value(&hs2019).unwrap();
    let with_pseudo = parsed.signing_string(&req, true).unwrap();
    assert_eq!(
        with_pseudo,
        "(request-target): post /foo?param=value&pet=dog\n(created): 1402170695\n(expires): 1402170699\nhost: example.com\ndate: Sun, 05 Jan 2014 21:31:40 GMT\ncontent-type: application/json\ndigest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\ncontent-length: 18"
    );
    assert!(!verify_with_cavage_test_key(
        &with_pseudo,
        parsed.signature()
    ));

    let draft10 = format!(
        "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date content-type digest content-length\",signature=\"{signature}\""
    );
    let parsed = cavage::parse_header_value(&draft10).unwrap();
    let signing_string = parsed.signing_string(&req, true).unwrap();
    assert_eq!(
        signing_string,
        "(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: Sun, 05 Jan 2014 21:31:40 GMT\ncontent-type: application/json\ndigest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\ncontent-length: 18"
    );
    assert!(verify_with_cavage_test_key(
        &signing_string,
        parsed.signature()
    ));
}

// ---------------------------------------------------------------------------------------
// RFC 9421 Appendix B
// ---------------------------------------------------------------------------------------

/// RFC 9421 B.1.1 `test-key-rsa`.
const RFC_RSA_PUBLIC: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsPBRrw
WEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsdJKFq
MGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75jfZg
kne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKIlE0P
uKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZSFlQ
PSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQAB
-----END RSA PUBLIC KEY-----";

const RFC_RSA_PRIVATE: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEqAIBAAKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsP
BRrwWEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsd
JKFqMGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75
jfZgkne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKI
lE0PuKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZ
SFlQPSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQABAoIBAG/JZuSWdoVHbi56
vjgCgkjg3lkO1KrO3nrdm6nrgA9P9qaPjxuKoWaKO1cBQlE1pSWp/cKncYgD5WxE
CpAnRUXG2pG4zdkzCYzAh1i+c34L6oZoHsirK6oNcEnHveydfzJL5934egm6p8DW
+m1RQ70yUt4uRc0YSor+q1LGJvGQHReF0WmJBZHrhz5e63Pq7lE0gIwuBqL8SMaA
yRXtK+JGxZpImTq+NHvEWWCu09SCq0r838ceQI55SvzmTkwqtC+8AT2zFviMZkKR
Qo6SPsrqItxZWRty2izawTF0Bf5S2VAx7O+6t3wBsQ1sLptoSgX3QblELY5asI0J
YFz7LJECgYkAsqeUJmqXE3LP8tYoIjMIAKiTm9o6psPlc8CrLI9CH0UbuaA2JCOM
cCNq8SyYbTqgnWlB9ZfcAm/cFpA8tYci9m5vYK8HNxQr+8FS3Qo8N9RJ8d0U5Csw
DzMYfRghAfUGwmlWj5hp1pQzAuhwbOXFtxKHVsMPhz1IBtF9Y8jvgqgYHLbmyiu1
mwJ5AL0pYF0G7x81prlARURwHo0Yf52kEw1dxpx+JXER7hQRWQki5/NsUEtv+8RT
qn2m6qte5DXLyn83b1qRscSdnCCwKtKWUug5q2ZbwVOCJCtmRwmnP131lWRYfj67
B/xJ1ZA6X3GEf4sNReNAtaucPEelgR2nsN0gKQKBiGoqHWbK1qYvBxX2X3kbPDkv
9C+celgZd2PW7aGYLCHq7nPbmfDV0yHcWjOhXZ8jRMjmANVR/eLQ2EfsRLdW69bn
f3ZD7JS1fwGnO3exGmHO3HZG+6AvberKYVYNHahNFEw5TsAcQWDLRpkGybBcxqZo
81YCqlqidwfeO5YtlO7etx1xLyqa2NsCeG9A86UjG+aeNnXEIDk1PDK+EuiThIUa
/2IxKzJKWl1BKr2d4xAfR0ZnEYuRrbeDQYgTImOlfW6/GuYIxKYgEKCFHFqJATAG
IxHrq1PDOiSwXd2GmVVYyEmhZnbcp8CxaEMQoevxAta0ssMK3w6UsDtvUvYvF22m
qQKBiD5GwESzsFPy3Ga0MvZpn3D6EJQLgsnrtUPZx+z2Ep2x0xc5orneB5fGyF1P
WtP+fG5Q6Dpdz3LRfm+KwBCWFKQjg7uTxcjerhBWEYPmEMKYwTJF5PBG9/ddvHLQ
EQeNC8fHGg4UXU8mhHnSBt3EA10qQJfRDs15M38eG2cYwB1PZpDHScDnDA0=
-----END RSA PRIVATE KEY-----";

/// RFC 9421 B.1.4 `test-key-ed25519`.
const RFC_ED25519_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----";

const RFC_ED25519_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
-----END PRIVATE KEY-----";

/// The `Content-Digest` of the test request (RFC 9421 B.2, SHA-512 of the body).
const RFC_CONTENT_DIGEST: &str =
    "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

#[test]
fn rfc9530_and_rfc9421_content_digests_of_the_test_body() {
    assert_eq!(
        content_digest_header(BODY),
        "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
    );
    assert_eq!(verify_content_digest(RFC_CONTENT_DIGEST, BODY), Ok(()));
    assert_eq!(
        verify_content_digest(RFC_CONTENT_DIGEST, b"{\"hello\": \"world!\"}"),
        Err(SignatureError::DigestMismatch)
    );
}

#[test]
fn rfc9421_b26_ed25519_signature_base_and_signature() {
    let map = headers(&[
        ("host", "example.com"),
        ("date", "Tue, 20 Apr 2021 02:07:55 GMT"),
        ("content-type", "application/json"),
        ("content-digest", RFC_CONTENT_DIGEST),
        ("content-length", "18"),
        (
            "signature-input",
            "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"",
        ),
        (
            "signature",
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
        ),
    ]);
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=Value&Pet=dog",
        headers: &map,
        body: BODY,
    };
    let parsed = rfc9421::parse(&req).unwrap();
    assert_eq!(parsed.label(), "sig-b26");
    assert_eq!(parsed.key_id(), "test-key-ed25519");
    assert_eq!(parsed.alg(), None);
    let base = parsed.signature_base(&req, "https").unwrap();
    assert_eq!(
        base,
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\
         \"@method\": POST\n\
         \"@path\": /foo\n\
         \"@authority\": example.com\n\
         \"content-type\": application/json\n\
         \"content-length\": 18\n\
         \"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\""
    );

    let public = PublicKey::from_pem(RFC_ED25519_PUBLIC).unwrap();
    assert_eq!(public.algorithm(), Algorithm::Ed25519);
    assert_eq!(
        public.verify(Algorithm::Ed25519, base.as_bytes(), parsed.signature()),
        Ok(())
    );
    assert_eq!(
        public.verify(Algorithm::RsaSha256, base.as_bytes(), parsed.signature()),
        Err(SignatureError::KeyMismatch)
    );
    let private = SigningKey::from_pem(RFC_ED25519_PRIVATE).unwrap();
    assert_eq!(private.public_key().unwrap(), public);
    // Ed25519 is deterministic: signing the base reproduces the RFC's value.
    assert_eq!(
        private.sign(base.as_bytes()).unwrap(),
        parsed.signature().to_vec()
    );

    // The full verifier applies Mastodon's policy, which this example does not meet.
    let sig = parse_any(&req).unwrap();
    assert_eq!(
        sig.verify(&req, "https", &public, unix_time(1_618_884_473)),
        Err(SignatureError::MissingCoverage("@target-uri"))
    );
}

fn unix_time(unix: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix)
}

fn rfc_proxy_request(signature_input: &str, signature: &str) -> HeaderMap {
    headers(&[
        ("host", "origin.host.internal.example"),
        ("date", "Tue, 20 Apr 2021 02:07:56 GMT"),
        ("content-type", "application/json"),
        ("content-digest", RFC_CONTENT_DIGEST),
        ("content-length", "18"),
        ("forwarded", "for=192.0.2.123;host=example.com;proto=https"),
        ("signature-input", signature_input),
        ("signature", signature),
    ])
}

const PROXY_INPUT: &str = "proxy_sig=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\" \"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\";expires=1618884540";
const PROXY_SIGNATURE: &str = "proxy_sig=:S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7LB5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==:";

/// RFC 9421 §4.3: the proxy's `rsa-v1_5-sha256` signature with `test-key-rsa` (the only
/// example of that algorithm in the RFC; Appendix B's RSA examples use RSA-PSS).
#[test]
fn rfc9421_section_4_3_rsa_v1_5_sha256_signature_base_and_signature() {
    let map = rfc_proxy_request(PROXY_INPUT, PROXY_SIGNATURE);
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=Value&Pet=dog",
        headers: &map,
        body: BODY,
    };
    let parsed = rfc9421::parse(&req).unwrap();
    assert_eq!(parsed.alg(), Some("rsa-v1_5-sha256"));
    let base = parsed.signature_base(&req, "https").unwrap();
    assert_eq!(
        base,
        format!(
            "\"@method\": POST\n\
             \"@authority\": origin.host.internal.example\n\
             \"@path\": /foo\n\
             \"content-digest\": {RFC_CONTENT_DIGEST}\n\
             \"content-type\": application/json\n\
             \"content-length\": 18\n\
             \"forwarded\": for=192.0.2.123;host=example.com;proto=https\n\
             \"@signature-params\": (\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\" \"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\";expires=1618884540"
        )
    );
    let public = PublicKey::from_pem(RFC_RSA_PUBLIC).unwrap();
    assert_eq!(
        public.verify(Algorithm::RsaSha256, base.as_bytes(), parsed.signature()),
        Ok(())
    );
    // PKCS#1 v1.5 is deterministic: signing with the PKCS#1 private key reproduces it.
    let private = SigningKey::from_pem(RFC_RSA_PRIVATE).unwrap();
    assert_eq!(private.public_key().unwrap(), public);
    assert_eq!(
        private.sign(base.as_bytes()).unwrap(),
        parsed.signature().to_vec()
    );
}

#[test]
fn rfc9421_section_4_3_with_both_signatures_is_refused_like_mastodon() {
    let both_inputs = format!(
        "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\");created=1618884475;keyid=\"test-key-ecc-p256\", {PROXY_INPUT}"
    );
    let both_signatures = format!(
        "sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp+kve2w4NIyqeAuM7jTDX+sNalzA8ESSaHD3A==:, {PROXY_SIGNATURE}"
    );
    let map = rfc_proxy_request(&both_inputs, &both_signatures);
    let req = RequestParts {
        method: &Method::POST,
        path_and_query: "/foo?param=Value&Pet=dog",
        headers: &map,
        body: BODY,
    };
    assert!(matches!(
        rfc9421::parse(&req),
        Err(SignatureError::Malformed(_))
    ));
}
