//! Validation (versia.md §9.6), authorship (§9.1) and references (§6.3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_core::Timestamp;
use rookery_versia::entities::{Entity, InstanceMetadata, Reference, ReferenceError};
use rookery_versia::{check_authorship, json, ValidationMode, Validator};

/// 2025-03-01T10:00:00Z
const NOW: i64 = 1_740_823_200;

fn strict() -> Validator {
    Validator::new(Timestamp::from_secs(NOW), ValidationMode::STRICT)
}

fn test_mode() -> Validator {
    Validator::new(Timestamp::from_secs(NOW), ValidationMode::LOOPBACK_TEST)
}

fn entity(body: &str) -> Entity {
    Entity::from_slice(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

const FOLLOW: &str = r#"{"type":"Follow","created_at":"2025-03-01T10:00:00Z","author":"a.example:carol","followee":"b.example:dan","extensions":null}"#;

fn note_with(extra: &str) -> String {
    format!(
        r#"{{"id":"n1","type":"Note","created_at":"2025-03-01T09:00:00Z","author":"a.example:carol","attachments":[],"is_sensitive":false,"mentions":[],"previews":[]{extra}}}"#
    )
}

/// Validates and returns the fields reported.
fn problems(v: &Validator, body: &str) -> Vec<String> {
    match v.entity(&entity(body)) {
        Ok(()) => vec![],
        Err(e) => e.problems.into_iter().map(|p| p.field).collect(),
    }
}

#[test]
fn a_follow_with_an_id_is_rejected() {
    assert_eq!(problems(&strict(), FOLLOW), Vec::<String>::new());
    let with_id = FOLLOW.replace(r#"{"type""#, r#"{"id":"f1","type""#);
    let err = strict().entity(&entity(&with_id)).unwrap_err();
    assert!(err.mentions("id"), "{err}");
    assert!(err.to_string().contains("transient"), "{err}");
    // `"id": null` is fine (the reference rejects only a non-null id).
    let null_id = FOLLOW.replace(r#"{"type""#, r#"{"id":null,"type""#);
    assert_eq!(problems(&strict(), &null_id), Vec::<String>::new());
    for transient in [
        r#"{"id":"x","type":"Delete","created_at":"2025-03-01T10:00:00Z","author":"a.example:u","deleted_type":"Note","deleted":"a.example:n"}"#,
        r#"{"id":"x","type":"Unfollow","created_at":"2025-03-01T10:00:00Z","author":"a.example:u","followee":"b.example:d"}"#,
        r#"{"id":"x","type":"pub.versia:reports/Report","created_at":"2025-03-01T10:00:00Z","reported":["b.example:n"],"tags":[]}"#,
    ] {
        assert!(
            problems(&strict(), transient).contains(&"id".to_owned()),
            "{transient}"
        );
    }
}

#[test]
fn authorship_is_checked_against_the_signer() {
    // Follow by a.example's user, signed by a.example: fine; signed by evil.example: no.
    let follow = entity(FOLLOW);
    check_authorship(&follow, "a.example").unwrap();
    check_authorship(&follow, "A.Example").unwrap();
    let err = check_authorship(&follow, "evil.example").unwrap_err();
    assert_eq!(err.field, "author");
    assert_eq!(err.reference, "a.example:carol");
    assert_eq!(err.status(), 403);

    // A Note whose author lives elsewhere, pushed by a.example: refused.
    let foreign = note_with("").replace("a.example:carol", "b.example:dan");
    assert!(check_authorship(&entity(&foreign), "a.example").is_err());
    // A bare author belongs to the signer, whoever that is.
    let bare = note_with("").replace("a.example:carol", "carol");
    check_authorship(&entity(&bare), "a.example").unwrap();

    // Delete: the author and the target must both be the signer's.
    let delete = r#"{"type":"Delete","created_at":"2025-03-01T10:00:00Z","author":"a.example:carol","deleted_type":"Note","deleted":"b.example:n1"}"#;
    let err = check_authorship(&entity(delete), "a.example").unwrap_err();
    assert_eq!(err.field, "deleted");

    // Extension entities, FollowAccept (author = followee), Report (optional author).
    for (body, signer, ok) in [
        (
            r#"{"id":"l1","type":"pub.versia:likes/Like","created_at":"2025-03-01T10:00:00Z","author":"b.example:x","liked":"a.example:n"}"#,
            "a.example",
            false,
        ),
        (
            r#"{"id":"s1","type":"pub.versia:share/Share","created_at":"2025-03-01T10:00:00Z","author":"a.example:x","shared":"b.example:n"}"#,
            "a.example",
            true,
        ),
        (
            r#"{"type":"FollowAccept","created_at":"2025-03-01T10:00:00Z","author":"b.example:dan","follower":"a.example:carol"}"#,
            "a.example",
            false,
        ),
        (
            r#"{"type":"FollowAccept","created_at":"2025-03-01T10:00:00Z","author":"b.example:dan","follower":"a.example:carol"}"#,
            "b.example",
            true,
        ),
        (
            r#"{"type":"pub.versia:reports/Report","created_at":"2025-03-01T10:00:00Z","author":null,"reported":["b.example:n"],"tags":["spam"]}"#,
            "a.example",
            true,
        ),
        (
            r#"{"type":"pub.versia:reports/Report","created_at":"2025-03-01T10:00:00Z","author":"c.example:u","reported":["b.example:n"],"tags":["spam"]}"#,
            "a.example",
            false,
        ),
    ] {
        assert_eq!(
            check_authorship(&entity(body), signer).is_ok(),
            ok,
            "{body} by {signer}"
        );
    }
}

#[test]
fn reference_parsing_table() {
    // (input, domain, id)
    let table = [
        ("0190aa", None, "0190aa"),
        ("b.example:0190aa", Some("b.example"), "0190aa"),
        ("example.com:3000:abc", Some("example.com:3000"), "abc"),
        ("[2001:db8::1]:3000:abc", Some("[2001:db8::1]:3000"), "abc"),
        ("[2001:db8::1]:abc", Some("[2001:db8::1]"), "abc"),
        (
            "a.example:under_score-dash",
            Some("a.example"),
            "under_score-dash",
        ),
    ];
    for (input, domain, id) in table {
        let reference = Reference::parse(input).unwrap();
        assert_eq!(reference.domain(), domain, "{input}");
        assert_eq!(reference.id(), id, "{input}");
        assert_eq!(reference.to_string(), input, "{input} writes back as read");
    }
    for (input, error) in [
        ("", ReferenceError::Empty),
        ("a.example:", ReferenceError::InvalidId("a.example:".into())),
        (":abc", ReferenceError::EmptyDomain(":abc".into())),
        (
            "a.example:a.b",
            ReferenceError::InvalidId("a.example:a.b".into()),
        ),
        (
            "https://a.example/x",
            ReferenceError::InvalidId("https://a.example/x".into()),
        ),
        (
            "a example:x",
            ReferenceError::InvalidDomain("a example:x".into()),
        ),
    ] {
        assert_eq!(Reference::parse(input), Err(error), "{input:?}");
    }
    // Resolution against the default domain; we always emit the qualified form.
    let bare = Reference::parse("0190aa").unwrap();
    assert_eq!(bare.resolve("a.example").to_string(), "a.example:0190aa");
    assert_eq!(bare.domain_or("a.example"), "a.example");
    let qualified = Reference::parse("b.example:0190aa").unwrap();
    assert_eq!(
        qualified.resolve("a.example").to_string(),
        "b.example:0190aa"
    );
    assert_eq!(Reference::new("c.example", "z").to_string(), "c.example:z");
    assert!(qualified.lives_on("B.EXAMPLE", "a.example"));
}

#[test]
fn reference_domains_follow_the_domain_rules() {
    let with_port = FOLLOW.replace("b.example:dan", "b.example:8443:dan");
    assert_eq!(problems(&strict(), &with_port), ["followee"]);
    assert_eq!(problems(&test_mode(), &with_port), Vec::<String>::new());
    let trailing_dot = FOLLOW.replace("b.example:dan", "b.example.:dan");
    assert_eq!(problems(&test_mode(), &trailing_dot), ["followee"]);
}

#[test]
fn ids_usernames_and_dates() {
    let v = strict();
    let bad_id = note_with("").replace(r#""id":"n1""#, r#""id":"n 1""#);
    assert_eq!(problems(&v, &bad_id), ["id"]);
    let long_id = note_with("").replace(r#""id":"n1""#, &format!(r#""id":"{}""#, "a".repeat(513)));
    assert_eq!(problems(&v, &long_id), ["id"]);

    for (created_at, ok) in [
        ("2025-03-01T09:00:00Z", true),
        ("2025-03-01T09:00:00.139Z", true),
        ("2025-03-01T10:00:00+01:00", true),
        ("2025-03-01 09:00:00", false),
        ("2025-03-01", false),
        ("1337-01-01T00:00:00Z", false),
        ("2030-01-01T00:00:00Z", false),
        ("2025-03-02T09:00:00Z", true), // within a day of clock tolerance
        ("yesterday", false),
    ] {
        let body = note_with("").replace("2025-03-01T09:00:00Z", created_at);
        assert_eq!(problems(&v, &body).is_empty(), ok, "{created_at}");
    }

    let user = |name: &str| {
        format!(
            r#"{{"id":"u1","type":"User","created_at":"2025-01-01T00:00:00Z","username":"{name}","fields":[],"manually_approves_followers":false,"indexable":true}}"#
        )
    };
    assert!(problems(&v, &user("dan_the-man")).is_empty());
    for bad in ["", "dan.man", "dän", "dan man"] {
        assert_eq!(problems(&v, &user(bad)), ["username"], "{bad:?}");
    }
}

#[test]
fn remote_content_must_be_https_unless_http_is_allowed() {
    let attachment = |url: &str| {
        note_with("").replace(
            r#""attachments":[]"#,
            &format!(r#""attachments":[{{"image/png":{{"content":"{url}","remote":true}}}}]"#),
        )
    };
    assert!(problems(&strict(), &attachment("https://a.example/x.png")).is_empty());
    assert_eq!(
        problems(&strict(), &attachment("http://127.0.0.1:8080/x.png")),
        ["attachments[0].image/png.content"]
    );
    assert!(problems(&test_mode(), &attachment("http://127.0.0.1:8080/x.png")).is_empty());
    assert_eq!(
        problems(&test_mode(), &attachment("ftp://a.example/x.png")),
        ["attachments[0].image/png.content"]
    );
    // Attachments must be remote; text content must be inline and text/*.
    let inline_attachment = note_with("").replace(
        r#""attachments":[]"#,
        r#""attachments":[{"image/png":{"content":"AAAA","remote":false}}]"#,
    );
    assert_eq!(
        problems(&strict(), &inline_attachment),
        ["attachments[0].image/png.remote"]
    );
    let remote_text =
        note_with(r#","content":{"text/html":{"content":"https://a.example/x","remote":true}}"#);
    assert_eq!(
        problems(&strict(), &remote_text),
        ["content.text/html.remote"]
    );
    let image_as_text = note_with(r#","content":{"image/png":{"content":"x","remote":false}}"#);
    assert_eq!(problems(&strict(), &image_as_text), ["content.image/png"]);
    let bad_mime = note_with(r#","content":{"html":{"content":"x","remote":false}}"#);
    assert_eq!(problems(&strict(), &bad_mime), ["content.html"]);
    let bad_hash = note_with("").replace(
        r#""attachments":[]"#,
        r#""attachments":[{"image/png":{"content":"https://a.example/x.png","remote":true,"hash":"abc"}}]"#,
    );
    assert_eq!(
        problems(&strict(), &bad_hash),
        ["attachments[0].image/png.hash"]
    );
}

#[test]
fn extensions_and_extension_entities() {
    let v = strict();
    let poll = note_with(
        r#","extensions":{"pub.versia:polls":{"options":[{"text/plain":{"content":"a","remote":false}}],"votes":[1,2],"multiple_choice":false,"expires_at":"2026-01-01T00:00:00Z"}}"#,
    );
    assert_eq!(problems(&v, &poll), ["extensions.pub.versia:polls.votes"]);
    let emoji = note_with(
        r#","extensions":{"pub.versia:custom_emojis":{"emojis":[{"name":"blob","url":{"image/png":{"content":"https://a.example/b.png","remote":true}}}]}}"#,
    );
    assert_eq!(
        problems(&v, &emoji),
        ["extensions.pub.versia:custom_emojis.emojis[0].name"]
    );
    let birthday = |date: &str| {
        format!(
            r#"{{"id":"u1","type":"User","created_at":"2025-01-01T00:00:00Z","username":"dan","fields":[],"manually_approves_followers":false,"indexable":true,"extensions":{{"pub.versia:vanity":{{"pronouns":{{}},"birthday":"{date}"}}}}}}"#
        )
    };
    assert!(problems(&v, &birthday("1998-04-12")).is_empty());
    assert!(problems(&v, &birthday("0000-04-12")).is_empty());
    assert_eq!(
        problems(&v, &birthday("2099-04-12")),
        ["extensions.pub.versia:vanity.birthday"]
    );
    assert_eq!(
        problems(&v, &birthday("12/04/1998")),
        ["extensions.pub.versia:vanity.birthday"]
    );
    let bad_delete = r#"{"type":"Delete","created_at":"2025-03-01T10:00:00Z","author":"a.example:u","deleted_type":"like","deleted":"a.example:l"}"#;
    assert_eq!(problems(&v, bad_delete), ["deleted_type"]);
    let empty_report = r#"{"type":"pub.versia:reports/Report","created_at":"2025-03-01T10:00:00Z","reported":[],"tags":[]}"#;
    assert_eq!(problems(&v, empty_report), ["reported"]);
    let empty_reaction = r#"{"id":"r1","type":"pub.versia:reactions/Reaction","created_at":"2025-03-01T10:00:00Z","author":"a.example:u","object":"b.example:n","content":""}"#;
    assert_eq!(problems(&v, empty_reaction), ["content"]);
}

#[test]
fn several_problems_are_reported_together() {
    let body = note_with("")
        .replace(r#""id":"n1""#, r#""id":"bad id""#)
        .replace("2025-03-01T09:00:00Z", "not a date")
        .replace("a.example:carol", "a.example.:carol");
    let err = strict().entity(&entity(&body)).unwrap_err();
    let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["id", "created_at", "author"]);
    let text = err.to_string();
    assert!(text.starts_with("id: must be"), "{text}");
    assert_eq!(text.matches("; ").count(), 2, "{text}");
}

#[test]
fn instance_metadata_rules() {
    let good = r#"{"type":"InstanceMetadata","created_at":"2025-01-01T00:00:00Z","name":"R","software":{"name":"rookery","version":"0.1.0"},"compatibility":{"versions":["0.6.0"],"extensions":[]},"description":null,"domain":"a.example","public_key":{"algorithm":"ed25519","key":"MCowBQYDK2VwAyEAgm3Myf/tPnMrmcVWx7H1KFu++/1+pTcOiBn5dSCjJFc="},"logo":null,"banner":null,"extensions":{"pub.versia:instance_messaging":{"endpoint":"https://a.example/.versia/v0.6/messaging"}}}"#;
    let meta: InstanceMetadata = json::from_slice(good.as_bytes()).unwrap();
    strict().instance_metadata(&meta).unwrap();
    // Round trip: our output equals this input byte for byte.
    assert_eq!(
        String::from_utf8(json::to_vec(&meta).unwrap()).unwrap(),
        good
    );

    let bad = good
        .replace(r#""algorithm":"ed25519""#, r#""algorithm":"rsa""#)
        .replace("MCowBQYDK2VwAyEAgm3Myf", "MC4CAQAwBQYDK2VwBCIEI")
        .replace(r#""domain":"a.example""#, r#""domain":"a.example:443""#);
    let meta: InstanceMetadata = json::from_slice(bad.as_bytes()).unwrap();
    let err = strict().instance_metadata(&meta).unwrap_err();
    for field in ["public_key.algorithm", "public_key.key", "domain"] {
        assert!(err.mentions(field), "{field}: {err}");
    }
}
