//! The signature vectors of fixtures/versia (confirmed against the reference server's
//! own crypto code): keys, signed strings, deterministic signatures, verification, the
//! negative vectors and the clock window.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::{fixture_bytes, fixture_text, hex, unhex, versia_headers};
use ed25519_dalek::Signature;
use rookery_core::Timestamp;
use rookery_versia::signature::{
    body_digest, parse_signature_headers, sign_request, sign_response, signed_string,
    verify_request, verify_response, SignatureError, EMPTY_BODY_DIGEST,
};
use rookery_versia::{InstanceKey, InstancePublicKey, ValidationMode};
use serde_json::Value;
use sha2::{Digest, Sha256};

const STRICT: ValidationMode = ValidationMode::STRICT;

fn vectors() -> Value {
    serde_json::from_slice(&fixture_bytes("versia/versia-vectors.json")).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key}"))
}

fn key_k() -> InstanceKey {
    InstanceKey::from_pkcs8_base64(s(&vectors()["key"], "pkcs8_der_b64")).unwrap()
}

fn key_for(vector: &Value) -> InstanceKey {
    let which = if s(vector, "name").starts_with("D1") {
        "docs_key"
    } else {
        "key"
    };
    InstanceKey::from_pkcs8_base64(s(&vectors()[which], "pkcs8_der_b64")).unwrap()
}

fn vector(prefix: &str) -> Value {
    vectors()["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| s(v, "name").starts_with(prefix))
        .unwrap()
        .clone()
}

fn v1_headers() -> http::HeaderMap {
    let v1 = vector("V1");
    versia_headers(s(&v1, "signature_b64"), "a.example", "1733051946")
}

fn v1_verify(
    method: &str,
    path: &str,
    headers: &http::HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<String, SignatureError> {
    let key = key_k().public_key();
    verify_request(method, path, headers, body, now, STRICT, |domain| {
        (domain == "a.example").then_some(key)
    })
}

#[test]
fn key_material_derives_both_ways() {
    let all = vectors();
    for which in ["key", "docs_key"] {
        let k = &all[which];
        let key = InstanceKey::from_pkcs8_base64(s(k, "pkcs8_der_b64")).unwrap();
        assert_eq!(hex(&key.seed()), s(k, "seed_hex"), "{which} seed");
        assert_eq!(
            key.to_pkcs8_base64(),
            s(k, "pkcs8_der_b64"),
            "{which} PKCS#8"
        );
        let public = key.public_key();
        assert_eq!(hex(public.as_bytes()), s(k, "pub_raw_hex"), "{which} raw");
        assert_eq!(
            public.to_spki_base64(),
            s(k, "spki_der_b64"),
            "{which} SPKI"
        );
        assert_eq!(public.to_spki_base64().len(), 60);
        assert_eq!(
            InstancePublicKey::from_spki_base64(s(k, "spki_der_b64")).unwrap(),
            public
        );
        // From the seed alone, the same.
        let seed: [u8; 32] = unhex(s(k, "seed_hex")).try_into().unwrap();
        assert_eq!(
            InstanceKey::from_seed(seed).to_pkcs8_base64(),
            s(k, "pkcs8_der_b64")
        );
    }
}

#[test]
fn every_vector_builds_signs_and_verifies() {
    let all = vectors();
    let list = all["vectors"].as_array().unwrap();
    assert_eq!(list.len(), 8);
    for v in list {
        let name = s(v, "name");
        let body = s(v, "body").as_bytes();
        assert_eq!(body.len() as u64, v["body_len"].as_u64().unwrap(), "{name}");
        assert_eq!(
            hex(&Sha256::digest(body)),
            s(v, "body_sha256_hex"),
            "{name}"
        );
        assert_eq!(body_digest(body), s(v, "body_sha256_b64"), "{name}");

        let ts = v["ts"].as_i64().unwrap();
        let method = s(v, "method");
        let path = s(v, "raw_path");
        let string = signed_string(method, path, &ts.to_string(), body);
        if name.starts_with("V3b") {
            // V3b is the wrong (single-encoded) reading: our string is V3a's instead.
            assert_ne!(string, s(v, "signed_string"), "{name}");
            assert_eq!(string, s(&vector("V3a"), "signed_string"));
            continue;
        }
        assert_eq!(string, s(v, "signed_string"), "{name}");

        let key = key_for(v);
        let signer = if name.starts_with("V4") {
            "b.example"
        } else {
            "a.example"
        };
        let now = Timestamp::from_secs(ts);
        let headers = if name.starts_with("V4") {
            sign_response(&key, signer, method, path, body, now)
        } else {
            sign_request(&key, signer, method, path, body, now)
        };
        assert_eq!(
            headers.signature,
            s(v, "signature_b64"),
            "{name} (deterministic)"
        );
        assert_eq!(headers.signed_at, ts);
        assert_eq!(headers.signed_by, signer);

        let mut wire = http::HeaderMap::new();
        headers.insert_into(&mut wire).unwrap();
        let public = key.public_key();
        if name.starts_with("V4") {
            verify_response(method, path, &wire, body, "b.example", &public, now, STRICT)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        } else {
            let got = verify_request(method, path, &wire, body, now, STRICT, |_| Some(public))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got, signer);
        }
    }
}

#[test]
fn v3b_signature_fails_against_the_v3a_request() {
    let v3b = vector("V3b");
    let headers = versia_headers(s(&v3b, "signature_b64"), "a.example", "1733051950");
    let err = v1_verify(
        "GET",
        s(&vector("V3a"), "raw_path"),
        &headers,
        b"",
        Timestamp::from_secs(1_733_051_950),
    )
    .unwrap_err();
    assert_eq!(err, SignatureError::BadSignature);
    assert_eq!(err.status(), 401);
    // And it is indeed a valid signature over its own (wrong) string.
    let sig: [u8; 64] = STANDARD
        .decode(s(&v3b, "signature_b64"))
        .unwrap()
        .try_into()
        .unwrap();
    key_k()
        .public_key()
        .verifying_key()
        .verify_strict(
            s(&v3b, "signed_string").as_bytes(),
            &Signature::from_bytes(&sig),
        )
        .unwrap();
}

#[test]
fn v5_query_is_not_signed() {
    let v5 = vector("V5");
    let headers = versia_headers(s(&v5, "signature_b64"), "a.example", "1733051960");
    let now = Timestamp::from_secs(1_733_051_960);
    for target in [
        "/.versia/v0.6/entities/User/01902e09-0f8b-72de-8ee3-9afc0cf5eae1/collections/followers?offset=10&limit=20",
        "/.versia/v0.6/entities/User/01902e09-0f8b-72de-8ee3-9afc0cf5eae1/collections/followers?offset=0",
    ] {
        assert_eq!(
            signed_string("GET", target, "1733051960", b""),
            s(&v5, "signed_string")
        );
        v1_verify("GET", target, &headers, b"", now).unwrap();
    }
}

#[test]
fn v6_hash_covers_utf8_bytes_not_escapes() {
    let v6 = vector("V6");
    let body = "{\"content\":\"Grüße 👋\"}";
    assert_eq!(body.len(), 26);
    assert_eq!(body_digest(body.as_bytes()), s(&v6, "body_sha256_b64"));
    // serde_json writes non-ASCII unescaped, so our serializer gives these exact bytes.
    let reserialized = serde_json::to_vec(&serde_json::json!({"content": "Grüße 👋"})).unwrap();
    assert_eq!(reserialized, body.as_bytes());
    let escaped = "{\"content\":\"Gr\\u00fc\\u00dfe \\ud83d\\udc4b\"}";
    assert_ne!(body_digest(escaped.as_bytes()), s(&v6, "body_sha256_b64"));
}

#[test]
fn d1_docs_key_and_example_digest() {
    let all = vectors();
    let d1 = vector("D1");
    assert_eq!(
        body_digest(b"{\"content\":\"Hello, world!\"}"),
        s(&all, "docs_example_digest")
    );
    let key = key_for(&d1);
    let headers = sign_request(
        &key,
        "a.example",
        "POST",
        "/.versia/v0.6/inbox",
        b"{\"content\":\"Hello, world!\"}",
        Timestamp::from_secs(1_729_243_417),
    );
    assert_eq!(headers.signature, s(&d1, "signature_b64"));
}

#[test]
fn negative_vectors_all_fail() {
    let v1 = vector("V1");
    let sig: [u8; 64] = STANDARD
        .decode(s(&v1, "signature_b64"))
        .unwrap()
        .try_into()
        .unwrap();
    let sig = Signature::from_bytes(&sig);
    let public = key_k().public_key();
    let good = s(&v1, "signed_string");
    let digest = s(&v1, "body_sha256_b64");
    let body = s(&v1, "body");
    let pretty_digest = {
        let value: Value = serde_json::from_str(body).unwrap();
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        serde::Serialize::serialize(&value, &mut ser).unwrap();
        body_digest(&out)
    };
    public
        .verifying_key()
        .verify_strict(good.as_bytes(), &sig)
        .unwrap();
    let wrong = [
        format!("POST /.versia/v0.6/inbox 1733051946 {digest}"),
        format!("post https://b.example/.versia/v0.6/inbox 1733051946 {digest}"),
        format!("post /.versia/v0.6/inbox 1733051946000 {digest}"),
        format!(
            "post /.versia/v0.6/inbox 1733051946 {}",
            s(&v1, "body_sha256_hex")
        ),
        "post /.versia/v0.6/inbox 1733051946 9HaYY41P6y3-Fn_mxQuInbH9OhT48Zt2G7xA-XwWV2M="
            .to_owned(),
        format!("{good}\n"),
        format!("post\n/.versia/v0.6/inbox\n1733051946\n{digest}"),
        format!("post /.versia/v0.6/inbox 1733051946 {pretty_digest}"),
    ];
    for string in &wrong {
        assert!(
            public
                .verifying_key()
                .verify_strict(string.as_bytes(), &sig)
                .is_err(),
            "{string:?}"
        );
    }

    // The request-level mistakes, through the real verifier.
    let now = Timestamp::from_secs(1_733_051_946);
    let headers = v1_headers();
    v1_verify(
        "POST",
        "/.versia/v0.6/inbox",
        &headers,
        body.as_bytes(),
        now,
    )
    .unwrap();
    let spaced = format!("{body} ");
    let cases: [(&str, &str, &[u8], http::HeaderMap); 3] = [
        (
            "POST",
            "/.versia/v0.6/inbox",
            spaced.as_bytes(),
            headers.clone(),
        ),
        (
            "POST",
            "/.versia/v0.6/inbox",
            body.as_bytes(),
            versia_headers(s(&v1, "signature_b64"), "a.example", "1733051947"),
        ),
        (
            "POST",
            "/.versia/v0.6/inbox/",
            body.as_bytes(),
            headers.clone(),
        ),
    ];
    for (method, path, body, headers) in cases {
        let err = v1_verify(method, path, &headers, body, now).unwrap_err();
        assert_eq!(err, SignatureError::BadSignature, "{path}");
        assert_eq!(err.status(), 401);
    }
}

#[test]
fn clock_window_is_300_seconds_inclusive_and_maps_to_422() {
    let body = s(&vector("V1"), "body").as_bytes().to_vec();
    let headers = v1_headers();
    let ts = 1_733_051_946i64;
    for (offset, ok) in [
        (0, true),
        (300, true),
        (-300, true),
        (301, false),
        (-301, false),
    ] {
        let now = Timestamp::from_secs(ts + offset);
        let result = v1_verify("POST", "/.versia/v0.6/inbox", &headers, &body, now);
        match (ok, result) {
            (true, Ok(signer)) => assert_eq!(signer, "a.example"),
            (false, Err(e)) => {
                assert!(
                    matches!(e, SignatureError::ClockSkew { .. }),
                    "{offset}: {e}"
                );
                assert_eq!(e.status(), 422, "{offset}");
            }
            (ok, r) => panic!("offset {offset}: expected ok={ok}, got {r:?}"),
        }
    }
    // Exactly at the edge, with milliseconds: 300.000 s passes, 300.001 s does not.
    let edge = Timestamp::from_millis((ts + 300) * 1000);
    assert!(v1_verify("POST", "/.versia/v0.6/inbox", &headers, &body, edge).is_ok());
    let past = Timestamp::from_millis((ts + 300) * 1000 + 1);
    assert_eq!(
        v1_verify("POST", "/.versia/v0.6/inbox", &headers, &body, past)
            .unwrap_err()
            .status(),
        422
    );
}

#[test]
fn header_problems_map_to_401_or_422() {
    let v1 = vector("V1");
    let sig = s(&v1, "signature_b64");
    let now = Timestamp::from_secs(1_733_051_946);
    let parse = |h: &http::HeaderMap| parse_signature_headers(h, now, STRICT);

    for missing in ["versia-signature", "versia-signed-by", "versia-signed-at"] {
        let mut headers = v1_headers();
        headers.remove(missing);
        let err = parse(&headers).unwrap_err();
        assert!(matches!(err, SignatureError::MissingHeader(_)), "{missing}");
        assert_eq!(err.status(), 401, "{missing}");
    }
    for bad_ts in [
        "1733051946000x",
        "1733051946.0",
        "-1733051946",
        "+1733051946",
        " ",
        "abc",
    ] {
        let err = parse(&versia_headers(sig, "a.example", bad_ts)).unwrap_err();
        // A blank value counts as missing (401); anything else non-integer is 422.
        let expected = if bad_ts.trim().is_empty() { 401 } else { 422 };
        assert_eq!(err.status(), expected, "{bad_ts:?}");
    }
    // Milliseconds (the docs' pitfall, §3.6) are an integer far in the future: 422.
    let err = parse(&versia_headers(sig, "a.example", "1733051946000")).unwrap_err();
    assert_eq!(err.status(), 422);
    for bad_signer in [
        "https://a.example",
        "a.example:8443",
        "a.example.",
        "user@a.example",
    ] {
        let err = parse(&versia_headers(sig, bad_signer, "1733051946")).unwrap_err();
        assert!(
            matches!(err, SignatureError::InvalidSigner(_)),
            "{bad_signer}"
        );
        assert_eq!(err.status(), 401);
    }
    // Test mode accepts a port in Signed-By.
    let pending = parse_signature_headers(
        &versia_headers(sig, "a.example:8443", "1733051946"),
        now,
        ValidationMode::LOOPBACK_TEST,
    )
    .unwrap();
    assert_eq!(pending.signed_by(), "a.example:8443");
    for bad_sig in ["!!!", "AAAA", &sig.replace('+', "-")] {
        let err = parse(&versia_headers(bad_sig, "a.example", "1733051946")).unwrap_err();
        assert_eq!(err, SignatureError::MalformedSignature, "{bad_sig}");
        assert_eq!(err.status(), 401);
    }
    // Unknown signer: no key, 401.
    let err = verify_request(
        "POST",
        "/.versia/v0.6/inbox",
        &v1_headers(),
        s(&v1, "body").as_bytes(),
        now,
        STRICT,
        |_| None,
    )
    .unwrap_err();
    assert_eq!(err, SignatureError::UnknownSigner("a.example".into()));
    assert_eq!(err.status(), 401);
    // A key that is not the signer's: 401.
    let other = InstanceKey::generate().public_key();
    let err = verify_request(
        "POST",
        "/.versia/v0.6/inbox",
        &v1_headers(),
        s(&v1, "body").as_bytes(),
        now,
        STRICT,
        |_| Some(other),
    )
    .unwrap_err();
    assert_eq!(err, SignatureError::BadSignature);
}

#[test]
fn two_step_verification_lets_the_caller_fetch_the_key() {
    let v1 = vector("V1");
    let now = Timestamp::from_secs(1_733_051_946);
    let pending = parse_signature_headers(&v1_headers(), now, STRICT).unwrap();
    assert_eq!(pending.signed_by(), "a.example");
    assert_eq!(pending.signed_at(), 1_733_051_946);
    // First with a stale cached key (fails), then with the refetched one (§3.5 [REC]).
    let stale = InstanceKey::generate().public_key();
    let body = s(&v1, "body").as_bytes();
    assert!(pending
        .verify(&stale, "POST", "/.versia/v0.6/inbox", body)
        .is_err());
    pending
        .verify(&key_k().public_key(), "POST", "/.versia/v0.6/inbox", body)
        .unwrap();
}

#[test]
fn vectors_markdown_agrees_with_the_json() {
    // Every signature and signed string in the JSON also appears in the prose file, so
    // testing the JSON covers the Markdown tables.
    let md = fixture_text("versia/versia-vectors.md");
    for v in vectors()["vectors"].as_array().unwrap() {
        assert!(md.contains(s(v, "signature_b64")), "{}", s(v, "name"));
        assert!(md.contains(s(v, "signed_string")), "{}", s(v, "name"));
    }
    assert!(md.contains(EMPTY_BODY_DIGEST));
}
