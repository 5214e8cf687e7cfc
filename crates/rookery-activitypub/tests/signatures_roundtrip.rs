//! Our own signatures verify with our verifier (cavage and RFC 9421, POST and GET), and
//! tables of requests that must be refused: coverage rules, parameters, time window.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use rookery_activitypub::signatures::cavage;
use rookery_activitypub::signatures::digest::digest_header;
use rookery_activitypub::signatures::{
    generate_rsa_key_pair, parse_any, rfc9421, Algorithm, PublicKey, RequestParts, Scheme,
    SignatureError, SigningKey,
};
use url::Url;

const KEY_ID: &str = "https://a.test/users/alice#main-key";
const BODY: &[u8] = br#"{"type":"Follow","actor":"https://a.test/users/alice"}"#;
const T: u64 = 1_800_000_000;

fn at(unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

struct Keys {
    signing: SigningKey,
    public: PublicKey,
    public_pem: String,
}

fn rsa() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let generated = generate_rsa_key_pair().unwrap();
        let signing = SigningKey::from_pem(&generated.private_key_pem).unwrap();
        let public = PublicKey::from_pem(&generated.public_key_pem).unwrap();
        Keys {
            signing,
            public,
            public_pem: generated.public_key_pem,
        }
    })
}

fn other_rsa() -> &'static PublicKey {
    static KEY: OnceLock<PublicKey> = OnceLock::new();
    KEY.get_or_init(|| {
        PublicKey::from_pem(&generate_rsa_key_pair().unwrap().public_key_pem).unwrap()
    })
}

/// RFC 8032 §7.1 TEST 1 secret key as PKCS#8, to sign with Ed25519.
fn ed25519() -> SigningKey {
    let seed = [
        0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c,
        0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae,
        0x7f, 0x60,
    ];
    let mut pkcs8 = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    pkcs8.extend_from_slice(&seed);
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        STANDARD.encode(pkcs8)
    );
    SigningKey::from_pem(&pem).unwrap()
}

/// A received request: the headers our signer produced plus what the transport adds.
struct Received {
    method: Method,
    path_and_query: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Received {
    fn new(method: Method, url: &Url, signed: HeaderMap, body: &[u8]) -> Self {
        let mut headers = signed;
        if !headers.contains_key("host") {
            let host = match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap()),
                None => url.host_str().unwrap().to_owned(),
            };
            headers.insert("host", HeaderValue::from_str(&host).unwrap());
        }
        headers.insert("user-agent", HeaderValue::from_static("rookery/test"));
        let path_and_query = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        Self {
            method,
            path_and_query,
            headers,
            body: body.to_vec(),
        }
    }

    fn parts(&self) -> RequestParts<'_> {
        RequestParts {
            method: &self.method,
            path_and_query: &self.path_and_query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    fn verify(&self, key: &PublicKey, now: u64) -> Result<(), SignatureError> {
        let sig = parse_any(&self.parts())?;
        sig.verify(&self.parts(), "https", key, at(now))
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).unwrap().to_str().unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------

#[test]
fn generated_keys_are_pkcs8_and_spki_pem_and_match() {
    let generated = generate_rsa_key_pair().unwrap();
    assert!(generated
        .private_key_pem
        .starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(generated
        .public_key_pem
        .starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert!(generated
        .public_key_pem
        .ends_with("-----END PUBLIC KEY-----\n"));
    assert!(!format!("{generated:?}").contains("PRIVATE"));
    let signing = SigningKey::from_pem(&generated.private_key_pem).unwrap();
    assert_eq!(signing.algorithm(), Algorithm::RsaSha256);
    assert_eq!(signing.public_key_pem().unwrap(), generated.public_key_pem);
    let public = PublicKey::from_pem(&generated.public_key_pem).unwrap();
    assert_eq!(signing.public_key().unwrap(), public);
    let signature = signing.sign(b"hello").unwrap();
    assert_eq!(signature.len(), 256, "RSA-2048");
    assert_eq!(
        public.verify(Algorithm::RsaSha256, b"hello", &signature),
        Ok(())
    );
    assert_eq!(
        public.verify(Algorithm::RsaSha256, b"hellO", &signature),
        Err(SignatureError::BadSignature)
    );
}

#[test]
fn public_key_pem_layout_variants_parse() {
    let pem = &rsa().public_pem;
    let one_line: String = pem.lines().collect();
    let crlf = pem.replace('\n', "\r\n");
    let indented = format!("  {}  ", pem.replace('\n', "\n   "));
    for variant in [one_line, crlf, indented] {
        assert_eq!(
            PublicKey::from_pem(&variant).unwrap(),
            rsa().public,
            "{variant:?}"
        );
    }
    for bad in [
        "",
        "MIIBIjANBgkq",
        "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
    ] {
        assert!(
            matches!(PublicKey::from_pem(bad), Err(SignatureError::InvalidKey(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn ed25519_keys_from_bytes_and_pem_agree() {
    let key = ed25519();
    assert_eq!(key.algorithm(), Algorithm::Ed25519);
    let public = key.public_key().unwrap();
    let pem = public.to_pem().unwrap();
    assert_eq!(PublicKey::from_pem(&pem).unwrap(), public);
    // RFC 8032 §7.1 TEST 1: the public key and the signature of the empty message.
    let raw: Vec<u8> = (0..32)
        .map(|i| {
            u8::from_str_radix(
                &"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
                    [i * 2..i * 2 + 2],
                16,
            )
            .unwrap()
        })
        .collect();
    assert_eq!(PublicKey::ed25519_from_bytes(&raw).unwrap(), public);
    let signature = key.sign(b"").unwrap();
    assert!(STANDARD
        .encode(&signature)
        .starts_with("5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc"));
    assert!(PublicKey::ed25519_from_bytes(&raw[..31]).is_err());
}

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

/// A fan-out hashes the body once and signs each inbox with that digest: the headers
/// must be byte for byte those of signing the body itself (RSASSA-PKCS1-v1_5 is
/// deterministic), for every inbox.
#[test]
fn cavage_post_with_a_precomputed_digest_is_the_same_request() {
    let digest = digest_header(BODY);
    for inbox in [
        "https://b.test/users/bob/inbox",
        "https://c.test:8443/inbox",
    ] {
        let url = Url::parse(inbox).unwrap();
        let signed = |with_digest: bool| {
            let key = &rsa().signing;
            let kind = "application/activity+json";
            if with_digest {
                cavage::sign_post_digested(key, KEY_ID, &url, kind, &digest, at(T)).unwrap()
            } else {
                cavage::sign_post(key, KEY_ID, &url, kind, BODY, at(T)).unwrap()
            }
        };
        assert_eq!(signed(true), signed(false), "{inbox}");
        let req = Received::new(Method::POST, &url, signed(true), BODY);
        assert_eq!(req.verify(&rsa().public, T), Ok(()));
    }
}

#[test]
fn our_cavage_post_is_mastodons_shape_and_verifies() {
    let url = Url::parse("https://b.test/users/bob/inbox").unwrap();
    let signed = cavage::sign_post(
        &rsa().signing,
        KEY_ID,
        &url,
        "application/activity+json",
        BODY,
        at(T),
    )
    .unwrap();
    let req = Received::new(Method::POST, &url, signed, BODY);
    assert_eq!(req.header("host"), "b.test");
    assert_eq!(req.header("date"), "Fri, 15 Jan 2027 08:00:00 GMT");
    assert_eq!(req.header("digest"), digest_header(BODY));
    assert_eq!(req.header("content-type"), "application/activity+json");
    let signature = req.header("signature");
    assert!(signature.starts_with(&format!(
        "keyId=\"{KEY_ID}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\""
    )));
    let parsed = parse_any(&req.parts()).unwrap();
    assert_eq!(parsed.scheme(), Scheme::DraftCavage);
    assert_eq!(parsed.key_id(), KEY_ID);
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
    assert_eq!(
        req.verify(other_rsa(), T),
        Err(SignatureError::BadSignature)
    );
}

#[test]
fn our_cavage_get_covers_accept_and_the_query() {
    let url = Url::parse("https://b.test:8443/users/bob/outbox?page=true&min_id=5").unwrap();
    let signed = cavage::sign_get(
        &rsa().signing,
        KEY_ID,
        &url,
        "application/activity+json",
        at(T),
    )
    .unwrap();
    let req = Received::new(Method::GET, &url, signed, b"");
    assert_eq!(req.header("host"), "b.test:8443");
    assert_eq!(req.header("accept"), "application/activity+json");
    assert!(req
        .header("signature")
        .contains("headers=\"(request-target) host date accept\""));
    let parsed = cavage::parse(&req.parts()).unwrap();
    assert_eq!(
        parsed.signing_string(&req.parts(), true).unwrap(),
        "(request-target): get /users/bob/outbox?page=true&min_id=5\nhost: b.test:8443\ndate: Fri, 15 Jan 2027 08:00:00 GMT\naccept: application/activity+json"
    );
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
    let mut other_query = Received::new(Method::GET, &url, req.headers.clone(), b"");
    other_query.path_and_query = "/users/bob/outbox?page=true&min_id=6".into();
    assert_eq!(
        other_query.verify(&rsa().public, T),
        Err(SignatureError::BadSignature)
    );
}

#[test]
fn a_cavage_get_signed_without_the_query_still_verifies() {
    // GoToSocial's leniency (activitypub.md §4.1): some signers leave the query out.
    let signed_url = Url::parse("https://b.test/.well-known/webfinger").unwrap();
    let signed = cavage::sign_get(&rsa().signing, KEY_ID, &signed_url, "*/*", at(T)).unwrap();
    let received_url =
        Url::parse("https://b.test/.well-known/webfinger?resource=acct:bob@b.test").unwrap();
    let req = Received::new(Method::GET, &received_url, signed, b"");
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
}

#[test]
fn our_rfc9421_post_and_get_verify() {
    let url = Url::parse("https://b.test/users/bob/inbox").unwrap();
    let signed = rfc9421::sign_post(&rsa().signing, KEY_ID, &url, BODY, at(T)).unwrap();
    let req = Received::new(Method::POST, &url, signed, BODY);
    assert_eq!(
        req.header("signature-input"),
        format!(
            "sig1=(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\");created={T};keyid=\"{KEY_ID}\";alg=\"rsa-v1_5-sha256\""
        )
    );
    assert!(req.header("content-digest").starts_with("sha-256=:"));
    assert!(req.header("signature").starts_with("sig1=:"));
    assert_eq!(parse_any(&req.parts()).unwrap().scheme(), Scheme::Rfc9421);
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
    assert_eq!(
        req.verify(other_rsa(), T),
        Err(SignatureError::BadSignature)
    );
    // @target-uri binds the scheme we serve under.
    let sig = parse_any(&req.parts()).unwrap();
    assert_eq!(
        sig.verify(&req.parts(), "http", &rsa().public, at(T)),
        Err(SignatureError::BadSignature)
    );

    let url = Url::parse("https://b.test/users/bob?x=1").unwrap();
    let signed = rfc9421::sign_get(&rsa().signing, KEY_ID, &url, at(T)).unwrap();
    let req = Received::new(Method::GET, &url, signed, b"");
    assert!(req
        .header("signature-input")
        .starts_with("sig1=(\"@method\" \"@target-uri\" \"@authority\");created="));
    assert!(!req.headers.contains_key("content-digest"));
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
}

#[test]
fn ed25519_round_trips_through_both_schemes() {
    let key = ed25519();
    let public = key.public_key().unwrap();
    let url = Url::parse("https://b.test/inbox").unwrap();

    let signed = rfc9421::sign_post(&key, KEY_ID, &url, BODY, at(T)).unwrap();
    let req = Received::new(Method::POST, &url, signed, BODY);
    assert!(req.header("signature-input").ends_with(";alg=\"ed25519\""));
    assert_eq!(req.verify(&public, T), Ok(()));
    assert_eq!(
        req.verify(&rsa().public, T),
        Err(SignatureError::KeyMismatch)
    );

    let signed =
        cavage::sign_post(&key, KEY_ID, &url, "application/activity+json", BODY, at(T)).unwrap();
    let req = Received::new(Method::POST, &url, signed, BODY);
    assert!(req.header("signature").contains("algorithm=\"hs2019\""));
    assert_eq!(req.verify(&public, T), Ok(()));
}

#[test]
fn default_port_in_host_is_normalised_for_rfc9421() {
    let url = Url::parse("https://b.test/inbox").unwrap();
    let signed = rfc9421::sign_post(&rsa().signing, KEY_ID, &url, BODY, at(T)).unwrap();
    let mut req = Received::new(Method::POST, &url, signed, BODY);
    req.headers
        .insert("host", HeaderValue::from_static("B.test:443"));
    assert_eq!(req.verify(&rsa().public, T), Ok(()));
}

// ---------------------------------------------------------------------------------------
// draft-cavage: parameters and coverage
// ---------------------------------------------------------------------------------------

/// Signs a cavage request covering `headers` (with extra parameters) with our RSA key:
/// the signing string comes from our parser, so any coverage can be produced.
fn cavage_request(
    method: Method,
    path_and_query: &str,
    params: &str,
    date: u64,
    body: &[u8],
) -> Received {
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("b.test"));
    headers.insert(
        "date",
        HeaderValue::from_str(&httpdate::fmt_http_date(at(date))).unwrap(),
    );
    headers.insert(
        "accept",
        HeaderValue::from_static("application/activity+json"),
    );
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/activity+json"),
    );
    if !body.is_empty() {
        headers.insert(
            "digest",
            HeaderValue::from_str(&digest_header(body)).unwrap(),
        );
    }
    let template = format!("{params},signature=\"AAAA\"");
    let mut req = Received {
        method,
        path_and_query: path_and_query.to_owned(),
        headers,
        body: body.to_vec(),
    };
    let signature = match cavage::parse_header_value(&template) {
        Ok(parsed) => match parsed.signing_string(&req.parts(), true) {
            Ok(text) => STANDARD.encode(rsa().signing.sign(text.as_bytes()).unwrap()),
            Err(_) => "AAAA".to_owned(),
        },
        Err(_) => "AAAA".to_owned(),
    };
    let value = format!("{params},signature=\"{signature}\"");
    req.headers.insert(
        HeaderName::from_static("signature"),
        HeaderValue::from_str(&value).unwrap(),
    );
    req
}

#[test]
fn cavage_coverage_and_parameter_table() {
    use SignatureError::*;
    let post = |params: &str| cavage_request(Method::POST, "/inbox", params, T, BODY);
    let get = |params: &str| cavage_request(Method::GET, "/users/bob?x=1", params, T, b"");
    let id = format!("keyId=\"{KEY_ID}\"");
    let cases: Vec<(&str, Received, Result<(), SignatureError>)> = vec![
        (
            "Mastodon POST",
            post(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\"")),
            Ok(()),
        ),
        (
            "GoToSocial POST, hs2019",
            post(&format!("{id},algorithm=\"hs2019\",headers=\"(request-target) host date digest\"")),
            Ok(()),
        ),
        (
            "no algorithm means hs2019",
            post(&format!("{id},headers=\"(request-target) host date digest\"")),
            Ok(()),
        ),
        (
            "digest stands in for (request-target)",
            post(&format!("{id},algorithm=\"rsa-sha256\",headers=\"host date digest\"")),
            Ok(()),
        ),
        (
            "POST without digest",
            post(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date\"")),
            Err(MissingCoverage("digest")),
        ),
        (
            "POST without date",
            post(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host digest\"")),
            Err(MissingCoverage("date or (created)")),
        ),
        (
            "headers absent with rsa-sha256 means date only",
            post(&format!("{id},algorithm=\"rsa-sha256\"")),
            Err(MissingCoverage("(request-target) or digest")),
        ),
        (
            "GET without host",
            get(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) date accept\"")),
            Err(MissingCoverage("host")),
        ),
        (
            "GET without (request-target)",
            get(&format!("{id},algorithm=\"rsa-sha256\",headers=\"host date accept\"")),
            Err(MissingCoverage("(request-target) or digest")),
        ),
        (
            "Mastodon GET",
            get(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date accept\"")),
            Ok(()),
        ),
        (
            "(created) instead of date with hs2019",
            post(&format!("{id},algorithm=\"hs2019\",created={T},headers=\"(request-target) (created) host digest\"")),
            Ok(()),
        ),
        (
            "(created) with rsa-sha256",
            post(&format!("{id},algorithm=\"rsa-sha256\",created={T},headers=\"(request-target) (created) host digest\"")),
            Err(Malformed("(created) is not allowed with rsa-sha256".into())),
        ),
        (
            "(created) signed without the parameter",
            post(&format!("{id},algorithm=\"hs2019\",headers=\"(request-target) (created) host digest\"")),
            Err(Malformed("(created) signed but its parameter is missing".into())),
        ),
        (
            "unknown algorithm",
            post(&format!("{id},algorithm=\"rsa-sha512\",headers=\"(request-target) host date digest\"")),
            Err(UnsupportedAlgorithm("rsa-sha512".into())),
        ),
        (
            "no keyId",
            post("algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\""),
            Err(Malformed("no keyId".into())),
        ),
        (
            "stray Signature prefix",
            post(&format!("Signature {id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\"")),
            Ok(()),
        ),
        (
            "signed header missing from the request",
            post(&format!("{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest x-missing\"")),
            Err(Malformed("signed header x-missing is missing".into())),
        ),
        (
            "duplicate parameter",
            post(&format!("{id},{id},algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\"")),
            Err(Malformed("duplicate keyId".into())),
        ),
    ];
    for (name, req, expected) in cases {
        assert_eq!(req.verify(&rsa().public, T), expected, "{name}");
    }
}

#[test]
fn cavage_missing_and_unparseable_headers() {
    let url = Url::parse("https://b.test/inbox").unwrap();
    let unsigned = Received::new(Method::POST, &url, HeaderMap::new(), BODY);
    assert_eq!(
        unsigned.verify(&rsa().public, T),
        Err(SignatureError::Missing)
    );
    for value in [
        "keyId",
        "keyId=\"a\",signature=\"%%%\"",
        "keyId=\"a,signature=\"AAAA\"",
    ] {
        let mut headers = HeaderMap::new();
        headers.insert("signature", HeaderValue::from_str(value).unwrap());
        let req = Received::new(Method::POST, &url, headers, BODY);
        assert!(
            matches!(
                req.verify(&rsa().public, T),
                Err(SignatureError::Malformed(_))
            ),
            "{value}"
        );
    }
}

#[test]
fn cavage_digest_table() {
    let params = format!(
        "keyId=\"{KEY_ID}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\""
    );
    let b64 = STANDARD.encode(sha2_256(BODY));
    let cases = [
        (format!("SHA-256={b64}"), Ok(())),
        (format!("sha-256={b64}"), Ok(())),
        (format!("SHA-512=AAAA,SHA-256={b64}"), Ok(())),
        (
            "SHA-512=AAAA".to_owned(),
            Err(SignatureError::DigestMismatch),
        ),
        (
            format!("SHA-256={}", STANDARD.encode(sha2_256(b"other"))),
            Err(SignatureError::DigestMismatch),
        ),
        (
            "SHA-256=not base64!".to_owned(),
            Err(SignatureError::DigestMismatch),
        ),
    ];
    for (digest, expected) in cases {
        // Sign over the given Digest value, so only the digest check can fail.
        let mut req = cavage_request(Method::POST, "/inbox", &params, T, BODY);
        req.headers
            .insert("digest", HeaderValue::from_str(&digest).unwrap());
        let template = format!("{params},signature=\"AAAA\"");
        let text = cavage::parse_header_value(&template)
            .unwrap()
            .signing_string(&req.parts(), true)
            .unwrap();
        let signature = STANDARD.encode(rsa().signing.sign(text.as_bytes()).unwrap());
        req.headers.insert(
            "signature",
            HeaderValue::from_str(&format!("{params},signature=\"{signature}\"")).unwrap(),
        );
        assert_eq!(req.verify(&rsa().public, T), expected, "{digest}");
    }
}

fn sha2_256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).to_vec()
}

// ---------------------------------------------------------------------------------------
// Time window (activitypub.md §4.1)
// ---------------------------------------------------------------------------------------

#[test]
fn cavage_time_window_table() {
    use SignatureError::{Expired, FromTheFuture};
    let mastodon = format!(
        "keyId=\"{KEY_ID}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\""
    );
    let with_expiry = |expires: u64| {
        format!(
            "keyId=\"{KEY_ID}\",algorithm=\"hs2019\",created={T},expires={expires},headers=\"(request-target) (created) (expires) host digest\""
        )
    };
    let unsigned_expiry = format!(
        "keyId=\"{KEY_ID}\",algorithm=\"hs2019\",created={T},expires={},headers=\"(request-target) (created) host digest\"",
        T + 10 * 3600
    );
    let hour = 3600;
    let cases: Vec<(&str, String, u64, Result<(), SignatureError>)> = vec![
        ("at Date", mastodon.clone(), T, Ok(())),
        ("Date + 65 min", mastodon.clone(), T + 65 * 60, Ok(())),
        (
            "Date + 65 min + 1 s",
            mastodon.clone(),
            T + 65 * 60 + 1,
            Err(Expired),
        ),
        ("Date 1 h ahead", mastodon.clone(), T - hour, Ok(())),
        (
            "Date 1 h 1 s ahead",
            mastodon.clone(),
            T - hour - 1,
            Err(FromTheFuture),
        ),
        (
            "explicit expiry, within",
            with_expiry(T + 10 * hour),
            T + 11 * hour,
            Ok(()),
        ),
        (
            "explicit expiry + skew passed",
            with_expiry(T + 10 * hour),
            T + 11 * hour + 1,
            Err(Expired),
        ),
        (
            "expiry capped at 12 h",
            with_expiry(T + 24 * hour),
            T + 13 * hour,
            Ok(()),
        ),
        (
            "expiry capped at 12 h, passed",
            with_expiry(T + 24 * hour),
            T + 13 * hour + 1,
            Err(Expired),
        ),
        (
            "an unsigned expires does not extend",
            unsigned_expiry,
            T + 65 * 60 + 1,
            Err(Expired),
        ),
    ];
    for (name, params, now, expected) in cases {
        let req = cavage_request(Method::POST, "/inbox", &params, T, BODY);
        assert_eq!(req.verify(&rsa().public, now), expected, "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// RFC 9421: policy and parameters
// ---------------------------------------------------------------------------------------

/// Signs an RFC 9421 request with `Signature-Input: <input>` using our RSA key (the base
/// comes from our parser, so any component list can be produced).
fn rfc9421_request(method: Method, input: &str, body: &[u8]) -> Received {
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("b.test"));
    headers.insert(
        "date",
        HeaderValue::from_static("Fri, 15 Jan 2027 08:00:00 GMT"),
    );
    if !body.is_empty() {
        headers.insert(
            "content-digest",
            HeaderValue::from_str(
                &rookery_activitypub::signatures::digest::content_digest_header(body),
            )
            .unwrap(),
        );
    }
    headers.insert("signature-input", HeaderValue::from_str(input).unwrap());
    let label = input.split('=').next().unwrap().to_owned();
    headers.insert(
        "signature",
        HeaderValue::from_str(&format!("{label}=:AAAA:")).unwrap(),
    );
    let mut req = Received {
        method,
        path_and_query: "/users/bob/inbox".to_owned(),
        headers,
        body: body.to_vec(),
    };
    if let Ok(parsed) = rfc9421::parse(&req.parts()) {
        if let Ok(base) = parsed.signature_base(&req.parts(), "https") {
            let signature = STANDARD.encode(rsa().signing.sign(base.as_bytes()).unwrap());
            req.headers.insert(
                "signature",
                HeaderValue::from_str(&format!("{label}=:{signature}:")).unwrap(),
            );
        }
    }
    req
}

#[test]
fn rfc9421_policy_and_parameter_table() {
    use SignatureError::*;
    let full = "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\")";
    let k = format!("keyid=\"{KEY_ID}\"");
    let post = |input: String| rfc9421_request(Method::POST, &input, BODY);
    let get = |input: String| rfc9421_request(Method::GET, &input, b"");
    let cases: Vec<(&str, Received, Result<(), SignatureError>)> = vec![
        ("ours", post(format!("sig1={full};created={T};{k};alg=\"rsa-v1_5-sha256\"")), Ok(())),
        ("any label, no alg", post(format!("x={full};created={T};{k}")), Ok(())),
        (
            "Fedify's component list",
            post(format!("sig1=(\"@method\" \"@target-uri\" \"@authority\" \"host\" \"date\" \"content-digest\");alg=\"rsa-v1_5-sha256\";{k};created={T}")),
            Ok(()),
        ),
        (
            "no @target-uri",
            post(format!("sig1=(\"@method\" \"@authority\" \"@path\" \"@query\" \"content-digest\");created={T};{k}")),
            Err(MissingCoverage("@target-uri")),
        ),
        (
            "no @method",
            post(format!("sig1=(\"@target-uri\" \"content-digest\");created={T};{k}")),
            Err(MissingCoverage("@method")),
        ),
        (
            "POST without content-digest",
            post(format!("sig1=(\"@method\" \"@target-uri\");created={T};{k}")),
            Err(MissingCoverage("content-digest")),
        ),
        ("GET without content-digest", get(format!("sig1=(\"@method\" \"@target-uri\");created={T};{k}")), Ok(())),
        (
            "no created",
            post(format!("sig1={full};{k}")),
            Err(Malformed("no created".into())),
        ),
        (
            "no keyid",
            post(format!("sig1={full};created={T}")),
            Err(Malformed("no keyid".into())),
        ),
        (
            "two signatures",
            post(format!("a={full};created={T};{k}, b={full};created={T};{k}")),
            Err(Malformed("expected exactly one signature".into())),
        ),
        (
            "RSA-PSS",
            post(format!("sig1={full};created={T};{k};alg=\"rsa-pss-sha512\"")),
            Err(UnsupportedAlgorithm("rsa-pss-sha512".into())),
        ),
        (
            "ed25519 named, RSA key",
            post(format!("sig1={full};created={T};{k};alg=\"ed25519\"")),
            Err(KeyMismatch),
        ),
        (
            "component covered twice",
            post(format!("sig1=(\"@method\" \"@method\" \"@target-uri\" \"content-digest\");created={T};{k}")),
            Err(Malformed("@method covered twice".into())),
        ),
        (
            "component parameter",
            post(format!("sig1=(\"@method\" \"@target-uri\" \"content-digest\";sf);created={T};{k}")),
            Err(Malformed("parameters on component content-digest are not supported".into())),
        ),
        (
            "covered field missing",
            post(format!("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"x-missing\");created={T};{k}")),
            Err(Malformed("covered field x-missing is missing".into())),
        ),
        (
            "responses only",
            post(format!("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"@status\");created={T};{k}")),
            Err(Malformed("unsupported derived component @status".into())),
        ),
    ];
    for (name, req, expected) in cases {
        assert_eq!(req.verify(&rsa().public, T), expected, "{name}");
    }
}

#[test]
fn rfc9421_body_change_and_time_window() {
    use SignatureError::*;
    let k = format!("keyid=\"{KEY_ID}\"");
    let full = "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\")";
    let mut tampered = rfc9421_request(Method::POST, &format!("sig1={full};created={T};{k}"), BODY);
    tampered.body[3] ^= 0x20;
    assert_eq!(tampered.verify(&rsa().public, T), Err(DigestMismatch));

    let plain = format!("sig1={full};created={T};{k}");
    let expiring = format!("sig1={full};created={T};expires={};{k}", T + 60);
    let cases = [
        (plain.clone(), T + 65 * 60, Ok(())),
        (plain.clone(), T + 65 * 60 + 1, Err(Expired)),
        (plain.clone(), T - 3600, Ok(())),
        (plain, T - 3601, Err(FromTheFuture)),
        (expiring.clone(), T + 60 + 3600, Ok(())),
        (expiring, T + 60 + 3601, Err(Expired)),
    ];
    for (input, now, expected) in cases {
        let req = rfc9421_request(Method::POST, &input, BODY);
        assert_eq!(req.verify(&rsa().public, now), expected, "{input} at {now}");
    }
}
