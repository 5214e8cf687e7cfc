//! The versia-server 0.9.0-alpha.0 captures (fixtures/peers/versia-server): every entity
//! parses into our types, and every signed request and response verifies with the
//! instance key, with the clock pinned to the capture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fixture_bytes, fixture_text, HttpMessage};
use rookery_core::Timestamp;
use rookery_versia::entities::{
    Collection, Entity, InstanceMetadata, Note, NoteGroup, Share, UriCollection, User,
};
use rookery_versia::json;
use rookery_versia::paths::WellKnownVersia;
use rookery_versia::signature::{
    parse_signature_headers, verify_request, verify_response, SignatureError,
};
use rookery_versia::{check_authorship, InstancePublicKey, ValidationMode, Validator};

const DIR: &str = "peers/versia-server";
const PEER: &str = "versia-a.test";
/// The documented capture window (fixtures/peers/README.md).
const FIRST_SIGNATURE: i64 = 1_795_345_578;
const LAST_SIGNATURE: i64 = 1_795_346_424;

fn file(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// The key from the PEM file (base64 SPKI between the armour lines).
fn pem_key() -> InstancePublicKey {
    let pem = fixture_text(&file("instance-public-key-ed25519.pem"));
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    InstancePublicKey::from_spki_base64(&body).unwrap()
}

fn instance() -> InstanceMetadata {
    json::from_slice(&fixture_bytes(&file("instance.json"))).unwrap()
}

/// "Now" for a capture: two seconds after it was signed, after checking that the
/// signature time is inside the documented capture window.
fn capture_clock(msg: &HttpMessage) -> Timestamp {
    let signed_at: i64 = msg
        .header("versia-signed-at")
        .expect("signed")
        .parse()
        .unwrap();
    assert!((FIRST_SIGNATURE..=LAST_SIGNATURE).contains(&signed_at));
    Timestamp::from_secs(signed_at + 2)
}

#[test]
fn instance_key_from_metadata_equals_the_pem() {
    let meta = instance();
    assert_eq!(meta.domain, PEER);
    assert_eq!(meta.public_key.algorithm, "ed25519");
    let key = InstancePublicKey::from_spki_base64(&meta.public_key.key).unwrap();
    assert_eq!(key, pem_key());
    assert_eq!(key.to_spki_base64(), meta.public_key.key);
    // Created 2026-11-22T10:39:05Z; validate with the capture clock.
    let now = Timestamp::from_secs(LAST_SIGNATURE);
    Validator::new(now, ValidationMode::STRICT)
        .instance_metadata(&meta)
        .unwrap();
    assert_eq!(
        meta.compatibility.extensions,
        [
            "pub.versia:custom_emojis",
            "pub.versia:instance_messaging",
            "pub.versia:likes",
            "pub.versia:shares",
            "pub.versia:reactions"
        ]
    );
}

#[test]
fn every_entity_json_parses_and_validates() {
    let now = Timestamp::from_secs(LAST_SIGNATURE);
    let v = Validator::new(now, ValidationMode::STRICT);

    let user: User = json::from_slice(&fixture_bytes(&file("user-vera.json"))).unwrap();
    assert_eq!(user.username, "vera");
    assert_eq!(user.id, "01a202d6-8cc4-7529-a1fc-00f438bcd76f");
    assert!(
        user.avatar.is_none() && user.header.is_none(),
        "omitted = None"
    );
    let bio = user.bio.as_ref().unwrap();
    assert_eq!(
        bio.iter().map(|(m, _)| m).collect::<Vec<_>>(),
        ["text/html", "text/plain"]
    );
    v.user(&user).unwrap();

    for name in [
        "note-public.json",
        "note-unlisted.json",
        "note-content-warning.json",
        "note-reply.json",
        "note-hashtag.json",
        "note-hashtag-after-edit.json",
    ] {
        let bytes = fixture_bytes(&file(name));
        let note: Note = json::from_slice(&bytes).unwrap();
        v.note(&note).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same bytes through the inbox dispatcher.
        let entity = Entity::from_slice(&bytes).unwrap();
        assert_eq!(entity, Entity::Note(Box::new(note.clone())));
        check_authorship(&entity, PEER).unwrap();
        assert!(
            !note.author.is_qualified(),
            "{name}: the reference writes bare authors"
        );
        assert_eq!(note.author.domain_or(PEER), PEER);
    }

    let cw: Note = json::from_slice(&fixture_bytes(&file("note-content-warning.json"))).unwrap();
    assert!(cw.is_sensitive);
    assert_eq!(cw.subject.as_deref(), Some("cw: fixture spoilers"));
    let unlisted: Note = json::from_slice(&fixture_bytes(&file("note-unlisted.json"))).unwrap();
    assert_eq!(unlisted.group, Some(NoteGroup::Followers));
    let reply: Note = json::from_slice(&fixture_bytes(&file("note-reply.json"))).unwrap();
    assert_eq!(
        reply.replies_to.as_ref().unwrap().resolve(PEER).to_string(),
        "versia-a.test:01a202fa-8c82-7265-839f-28cdb75f741b"
    );

    let share_bytes = fixture_bytes(&file("share.json"));
    let share: Share = json::from_slice(&share_bytes).unwrap();
    assert_eq!(share.shared.id(), "01a202fa-8c82-7265-839f-28cdb75f741b");
    let entity = Entity::from_slice(&share_bytes).unwrap();
    assert_eq!(entity.type_name(), "pub.versia:share/Share");
    v.entity(&entity).unwrap();

    let outbox: Collection<Note> =
        json::from_slice(&fixture_bytes(&file("user-vera-collection-outbox.json"))).unwrap();
    assert_eq!(outbox.total, 6);
    assert_eq!(outbox.items.len(), 6);
    v.note_collection(&outbox).unwrap();
    // The same page read generically, items dispatched on `type`.
    let generic: Collection<Entity> =
        json::from_slice(&fixture_bytes(&file("user-vera-collection-outbox.json"))).unwrap();
    assert!(generic.items.iter().all(|e| e.type_name() == "Note"));

    for name in [
        "user-vera-collection-followers.json",
        "user-vera-collection-following.json",
        "note-public-collection-replies.json",
    ] {
        let c: UriCollection = json::from_slice(&fixture_bytes(&file(name))).unwrap();
        assert_eq!(c.items.len() as u64, c.total, "{name}");
        v.uri_collection(&c).unwrap();
    }
    let replies: UriCollection =
        json::from_slice(&fixture_bytes(&file("note-public-collection-replies.json"))).unwrap();
    assert_eq!(replies.items[0].domain(), Some(PEER));

    let wk: WellKnownVersia =
        json::from_slice(&fixture_bytes(&file("well-known-versia.json"))).unwrap();
    assert!(wk.supports_ours());
}

/// (response capture, request path it answered). Paths not captured are rebuilt from
/// the README: namespaced types with `/` as `%2F` for entities (the reference's routes,
/// versia.md §14), short types for collections, `pub.versia:shares/Share` for shares.
const SIGNED_RESPONSES: [(&str, &str); 5] = [
    (
        "user-vera.response.http",
        "/.versia/v0.6/entities/pub.versia:users%2FUser/01a202d6-8cc4-7529-a1fc-00f438bcd76f",
    ),
    (
        "note-public.response.http",
        "/.versia/v0.6/entities/pub.versia:notes%2FNote/01a202fa-8c82-7265-839f-28cdb75f741b",
    ),
    (
        "note-content-warning.response.http",
        "/.versia/v0.6/entities/pub.versia:notes%2FNote/01a202fa-9e1b-730e-989c-d815eef1c091",
    ),
    (
        "share.response.http",
        "/.versia/v0.6/entities/pub.versia:shares%2FShare/01a202fa-ab54-77ec-8481-b3d31964a0cd",
    ),
    (
        "user-vera-collection-outbox.response.http",
        "/.versia/v0.6/entities/User/01a202d6-8cc4-7529-a1fc-00f438bcd76f/collections/outbox",
    ),
];

#[test]
fn captured_request_lines_match_the_paths_we_verify_with() {
    for (response, request) in [
        ("user-vera.response.http", "user-vera.request.http"),
        ("note-public.response.http", "note-public.request.http"),
    ] {
        let (method, target) = HttpMessage::load(&file(request)).request_line();
        assert_eq!(method, "GET");
        let listed = SIGNED_RESPONSES
            .iter()
            .find(|(r, _)| *r == response)
            .unwrap();
        assert_eq!(target, listed.1);
    }
}

#[test]
fn signed_responses_verify_with_the_instance_key() {
    let key = pem_key();
    for (name, path) in SIGNED_RESPONSES {
        let msg = HttpMessage::load(&file(name));
        assert_eq!(msg.status(), 200, "{name}");
        // The reference serves application/json (versia.md §14 item 3).
        assert_eq!(msg.header("content-type"), Some("application/json"));
        let now = capture_clock(&msg);
        verify_response(
            "GET",
            path,
            &msg.headers,
            &msg.body,
            PEER,
            &key,
            now,
            ValidationMode::STRICT,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));

        // The body is the entity as served: the signature covers these exact bytes.
        let json_twin = name.replace(".response.http", ".json");
        if let Ok(twin) = std::fs::read(common::fixtures_dir().join(file(&json_twin))) {
            assert_eq!(twin, msg.body, "{name} body equals {json_twin}");
        }

        // Same capture, but our clock 301 s later: 422, not a signature failure.
        let late = Timestamp::from_secs(now.as_secs() - 2 + 301);
        let err = verify_response(
            "GET",
            path,
            &msg.headers,
            &msg.body,
            PEER,
            &key,
            late,
            ValidationMode::STRICT,
        )
        .unwrap_err();
        assert_eq!(err.status(), 422, "{name}");

        // A response from someone else than the host we asked is refused.
        let err = verify_response(
            "GET",
            path,
            &msg.headers,
            &msg.body,
            "versia-b.test",
            &key,
            now,
            ValidationMode::STRICT,
        )
        .unwrap_err();
        assert!(
            matches!(err, SignatureError::UnexpectedSigner { .. }),
            "{name}"
        );
    }
}

#[test]
fn the_namespaced_path_is_signed_double_encoded() {
    // user-vera.response.http was signed over `pub.versia:users%252FUser`: with the
    // single-encoded reading (no encodeURI pass) the check must fail.
    let msg = HttpMessage::load(&file("user-vera.response.http"));
    let pending =
        parse_signature_headers(&msg.headers, capture_clock(&msg), ValidationMode::STRICT).unwrap();
    let key = pem_key();
    let path = SIGNED_RESPONSES[0].1;
    pending.verify(&key, "GET", path, &msg.body).unwrap();
    // Decoded path (what a framework's decoded `path()` would give) fails.
    let decoded = path.replace("%2F", "/");
    assert_eq!(
        pending.verify(&key, "GET", &decoded, &msg.body),
        Err(SignatureError::BadSignature)
    );
}

/// Requests versia-server made to our harness: (file, expected method, entity type).
const SIGNED_REQUESTS: [(&str, &str, Option<&str>); 8] = [
    ("signed-get-instance.http", "GET", None),
    ("signed-get-user.http", "GET", None),
    ("note-public-delivered.http", "POST", Some("Note")),
    ("note-unlisted-delivered.http", "POST", Some("Note")),
    ("note-followers-only-delivered.http", "POST", Some("Note")),
    ("note-direct-delivered.http", "POST", Some("Note")),
    ("note-mention-hashtag-delivered.http", "POST", Some("Note")),
    ("unfollow-delivered.http", "POST", Some("Unfollow")),
];

#[test]
fn delivered_and_signed_requests_verify_parse_and_pass_authorship() {
    let key = pem_key();
    for (name, expected_method, entity_type) in SIGNED_REQUESTS {
        let msg = HttpMessage::load(&file(name));
        let (method, target) = msg.request_line();
        assert_eq!(method, expected_method, "{name}");
        // The reference sends no Content-Type (versia.md §14; fixtures README).
        assert_eq!(msg.header("content-type"), None, "{name}");
        let now = capture_clock(&msg);
        let mut asked = None;
        let signer = verify_request(
            &method,
            &target,
            &msg.headers,
            &msg.body,
            now,
            ValidationMode::STRICT,
            |domain| {
                asked = Some(domain.to_owned());
                Some(key)
            },
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(signer, PEER);
        assert_eq!(
            asked.as_deref(),
            Some(PEER),
            "the key is looked up by Signed-By"
        );

        // One body byte changed: 401.
        if !msg.body.is_empty() {
            let mut tampered = msg.body.clone();
            tampered[0] = b' ';
            let err = verify_request(
                &method,
                &target,
                &msg.headers,
                &tampered,
                now,
                ValidationMode::STRICT,
                |_| Some(key),
            )
            .unwrap_err();
            assert_eq!(err, SignatureError::BadSignature, "{name}");
            assert_eq!(err.status(), 401);
        }

        let Some(entity_type) = entity_type else {
            assert!(msg.body.is_empty(), "{name}: bodiless GET");
            continue;
        };
        let entity = Entity::from_slice(&msg.body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(entity.type_name(), entity_type, "{name}");
        Validator::new(now, ValidationMode::STRICT)
            .entity(&entity)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        check_authorship(&entity, &signer).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The author is bare, so it is whoever signed; qualified with versia-a.test, the
        // same body signed by anyone else must be refused.
        assert_eq!(entity.author().unwrap().domain(), None, "{name}");
        let qualified = String::from_utf8(msg.body.clone())
            .unwrap()
            .replace("\"author\":\"", "\"author\":\"versia-a.test:");
        let qualified = Entity::from_slice(qualified.as_bytes()).unwrap();
        check_authorship(&qualified, PEER).unwrap();
        let err = check_authorship(&qualified, "versia-b.test").unwrap_err();
        assert_eq!(err.field, "author", "{name}");
        assert_eq!(err.status(), 403);
    }
}

#[test]
fn unsigned_requests_have_no_signature_headers() {
    for name in [
        "unsigned-get-well-known-versia.http",
        "unsigned-get-webfinger.http",
    ] {
        let msg = HttpMessage::load(&file(name));
        let err = parse_signature_headers(
            &msg.headers,
            Timestamp::from_secs(LAST_SIGNATURE),
            ValidationMode::STRICT,
        )
        .unwrap_err();
        assert_eq!(err.status(), 401, "{name}");
    }
}

#[test]
fn unsigned_captured_responses_parse() {
    let msg = HttpMessage::load(&file("instance.response.http"));
    assert!(
        msg.header("versia-signature").is_none(),
        "instance metadata is unsigned"
    );
    let meta: InstanceMetadata = json::from_slice(&msg.body).unwrap();
    assert_eq!(meta, instance());
    for name in [
        "note-deleted.response.http",
        "note-followers-only.response.http",
        "user-vera-short-type-path.response.http",
    ] {
        assert_eq!(HttpMessage::load(&file(name)).status(), 404, "{name}");
    }
}
