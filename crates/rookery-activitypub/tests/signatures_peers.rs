//! Every signed request captured from GoToSocial, Fedify and bovine-herd
//! (fixtures/peers) verifies with the sender's published key, with the clock pinned to the
//! capture; tampering with the body, a signed header or the clock makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::{at, fixtures_dir, read_http, CapturedRequest, CAPTURE_END, CAPTURE_START};
use http::{HeaderValue, Method};
use rookery_activitypub::signatures::{parse_any, AnySignature, PublicKey, Scheme, SignatureError};

/// The fixtures are plain http on loopback (fixtures/peers/README.md).
const SCHEME: &str = "http";

fn key_for(key_id: &str) -> PublicKey {
    let file = match key_id {
        "http://127.0.0.1:8080/users/bob/main-key" => "gotosocial/public-key-bob.pem",
        "http://127.0.0.1:8080/users/carol/main-key" => "gotosocial/public-key-carol.pem",
        "http://127.0.0.1:8200/users/fed#main-key" => "fedify/public-key-fed-rsa.pem",
        "http://127.0.0.1:8100/activitypub/bovine#main-key" => {
            "bovine/public-key-application-actor.pem"
        }
        "http://127.0.0.1:8100/endpoints/E17EJzZXPXI_inDArMr0a5S-UmiHOi9UqpUyIW3UVIc#serverKey" => {
            "bovine/public-key-alice.pem"
        }
        other => panic!("no fixture key for {other}"),
    };
    let pem = std::fs::read_to_string(fixtures_dir().join(file)).unwrap();
    PublicKey::from_pem(&pem).unwrap()
}

fn signed_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for peer in ["gotosocial", "fedify", "bovine"] {
        for entry in std::fs::read_dir(fixtures_dir().join(peer)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with("-delivered.http")
                || name.starts_with("signed-get-")
                || name.starts_with("double-knock-")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// When the signature says it was made: `created` for RFC 9421, `Date` for cavage.
fn created_at(req: &CapturedRequest, sig: &AnySignature) -> u64 {
    match sig {
        AnySignature::Rfc9421(sig) => u64::try_from(sig.created()).unwrap(),
        AnySignature::DraftCavage(_) => {
            let date = req.headers.get("date").unwrap().to_str().unwrap();
            httpdate::parse_http_date(date)
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
        }
    }
}

fn verify_at(req: &CapturedRequest, now: u64) -> Result<(), SignatureError> {
    let sig = parse_any(&req.parts())?;
    sig.verify(&req.parts(), SCHEME, &key_for(sig.key_id()), at(now))
}

#[test]
fn all_captured_signed_requests_are_found() {
    // 22 bob + 8 carol (GoToSocial), 21 Fedify, 20 bovine: the keyIds in the captures.
    assert_eq!(signed_fixtures().len(), 71);
}

#[test]
fn every_captured_request_verifies_at_capture_time() {
    for path in signed_fixtures() {
        let req = read_http(&path);
        let sig = parse_any(&req.parts()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected = if req.headers.contains_key("signature-input") {
            Scheme::Rfc9421
        } else {
            Scheme::DraftCavage
        };
        assert_eq!(sig.scheme(), expected, "{}", path.display());
        let created = created_at(&req, &sig);
        assert!(
            (CAPTURE_START..=CAPTURE_END).contains(&created),
            "{}: made at {created}",
            path.display()
        );
        for now in [created, CAPTURE_END] {
            assert_eq!(verify_at(&req, now), Ok(()), "{} at {now}", path.display());
        }
    }
}

#[test]
fn every_captured_request_expires_an_hour_and_five_minutes_after_it_was_made() {
    for path in signed_fixtures() {
        let req = read_http(&path);
        let created = created_at(&req, &parse_any(&req.parts()).unwrap());
        let last_valid = created + 5 * 60 + 60 * 60;
        assert_eq!(verify_at(&req, last_valid), Ok(()), "{}", path.display());
        assert_eq!(
            verify_at(&req, last_valid + 1),
            Err(SignatureError::Expired),
            "{}",
            path.display()
        );
        assert_eq!(
            verify_at(&req, created - 60 * 60 - 1),
            Err(SignatureError::FromTheFuture),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_one_byte_change_of_a_delivered_body_is_a_digest_mismatch() {
    let mut posts = 0;
    for path in signed_fixtures() {
        let mut req = read_http(&path);
        if req.method != Method::POST {
            continue;
        }
        posts += 1;
        let middle = req.body.len() / 2;
        req.body[middle] ^= 0x01;
        assert_eq!(
            verify_at(&req, CAPTURE_END),
            Err(SignatureError::DigestMismatch),
            "{}",
            path.display()
        );
    }
    assert!(posts > 50, "only {posts} POSTs");
}

#[test]
fn a_changed_signed_header_or_target_is_a_bad_signature() {
    for path in signed_fixtures() {
        let original = read_http(&path);

        let mut other_host = original.clone();
        other_host
            .headers
            .insert("host", HeaderValue::from_static("127.0.0.1:9001"));
        assert_eq!(
            verify_at(&other_host, CAPTURE_END),
            Err(SignatureError::BadSignature),
            "Host changed: {}",
            path.display()
        );

        let mut other_path = original.clone();
        other_path.path_and_query = format!("/x{}", original.path_and_query);
        assert_eq!(
            verify_at(&other_path, CAPTURE_END),
            Err(SignatureError::BadSignature),
            "path changed: {}",
            path.display()
        );
    }
}

#[test]
fn another_actors_key_does_not_verify() {
    let stranger = key_for("http://127.0.0.1:8080/users/carol/main-key");
    for path in signed_fixtures() {
        let req = read_http(&path);
        let sig = parse_any(&req.parts()).unwrap();
        if sig.key_id().contains("/users/carol/") {
            continue;
        }
        assert_eq!(
            sig.verify(&req.parts(), SCHEME, &stranger, at(CAPTURE_END)),
            Err(SignatureError::BadSignature),
            "{}",
            path.display()
        );
    }
}

#[test]
fn fedify_double_knock_is_rfc9421_then_cavage_over_the_same_body() {
    let dir = fixtures_dir().join("fedify");
    let first = read_http(&dir.join("double-knock-1-rfc9421-refused-with-401.http"));
    let second = read_http(&dir.join("double-knock-2-cavage-retry.http"));
    assert_eq!(parse_any(&first.parts()).unwrap().scheme(), Scheme::Rfc9421);
    assert_eq!(
        parse_any(&second.parts()).unwrap().scheme(),
        Scheme::DraftCavage
    );
    assert_eq!(first.body, second.body);
    assert_eq!(verify_at(&first, CAPTURE_END), Ok(()));
    assert_eq!(verify_at(&second, CAPTURE_END), Ok(()));
}

#[test]
fn gotosocial_signed_get_covers_its_query() {
    // GoToSocial signs (request-target) with the query; the first attempt uses it, and the
    // fallback without the query must not make a different query acceptable.
    let req = read_http(&fixtures_dir().join("gotosocial/signed-get-webfinger.http"));
    assert!(req.path_and_query.contains('?'));
    assert_eq!(verify_at(&req, CAPTURE_END), Ok(()));
    let mut other_query = req.clone();
    other_query.path_and_query = req.path_and_query.replace("sink", "sunk");
    assert_eq!(
        verify_at(&other_query, CAPTURE_END),
        Err(SignatureError::BadSignature)
    );
}
