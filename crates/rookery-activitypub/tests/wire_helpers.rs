//! The shape helpers: `OneOrMany`, `ObjectOrId`, `Reference`, `Audience`, `@context`,
//! type names and the Public collection's spellings (activitypub.md §2.1, §5.2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_activitypub::wire::kind::compact_type;
use rookery_activitypub::wire::{
    is_public, normalize_public, AnyObject, Audience, Context, ObjectOrId, ObjectType, OneOrMany,
    Reference, PUBLIC,
};
use serde_json::json;

#[test]
fn one_or_many() {
    let one: OneOrMany<String> = serde_json::from_value(json!("a")).unwrap();
    let many: OneOrMany<String> = serde_json::from_value(json!(["a", "b"])).unwrap();
    assert_eq!((one.len(), one.first().map(String::as_str)), (1, Some("a")));
    assert_eq!(
        many.iter().map(String::as_str).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(serde_json::to_value(&one).unwrap(), json!("a"));
    assert_eq!(serde_json::to_value(&many).unwrap(), json!(["a", "b"]));
    assert!(OneOrMany::<String>::default().is_empty());
    assert!(serde_json::from_value::<OneOrMany<String>>(json!([1])).is_err());
}

#[test]
fn object_or_id() {
    let cases = [
        (json!("https://x.test/1"), Some("https://x.test/1"), false),
        (
            json!({"type": "Link", "href": "https://x.test/2"}),
            Some("https://x.test/2"),
            false,
        ),
        (
            json!({"type": "as:Link", "href": "https://x.test/3"}),
            Some("https://x.test/3"),
            false,
        ),
        (
            json!({"type": "Note", "id": "https://x.test/4"}),
            Some("https://x.test/4"),
            true,
        ),
        (json!({"type": "Note"}), None, true),
        (
            json!({"type": "Dislike", "id": "https://x.test/5"}),
            Some("https://x.test/5"),
            true,
        ),
    ];
    for (value, id, embedded) in cases {
        let parsed: ObjectOrId<AnyObject> = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(parsed.id(), id, "{value}");
        assert_eq!(parsed.object().is_some(), embedded, "{value}");
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            value,
            "round trip {value}"
        );
    }
    let note: ObjectOrId<AnyObject> = serde_json::from_value(json!({"type": "Note"})).unwrap();
    assert_eq!(
        note.object().unwrap().as_object().unwrap().kind,
        ObjectType::Note
    );
}

#[test]
fn reference() {
    for value in [
        json!("https://x.test/c"),
        json!({"id": "https://x.test/c", "type": "OrderedCollection"}),
        json!({"type": "Link", "href": "https://x.test/c"}),
    ] {
        let parsed: Reference = serde_json::from_value(value).unwrap();
        assert_eq!(parsed, "https://x.test/c");
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            json!("https://x.test/c")
        );
    }
    assert!(serde_json::from_value::<Reference>(json!(5)).is_err());
    assert!(serde_json::from_value::<Reference>(json!({"type": "Note"})).is_err());
}

#[test]
fn public_in_all_spellings() {
    for spelling in [PUBLIC, "as:Public", "Public"] {
        assert!(is_public(spelling));
        assert_eq!(normalize_public(spelling), PUBLIC);
        let audience: Audience = serde_json::from_value(json!(spelling)).unwrap();
        assert!(audience.contains(PUBLIC) && audience.contains_public());
    }
    for other in [
        "https://www.w3.org/ns/activitystreams#public",
        "https://a.test/#Public",
        "public",
    ] {
        assert!(!is_public(other), "{other}");
    }
}

#[test]
fn audience_shapes() {
    let cases = [
        (json!(null), vec![]),
        (json!("https://a.test/u"), vec!["https://a.test/u"]),
        (
            json!(["as:Public", {"id": "https://a.test/f"}, 3, {"type": "x"}]),
            vec![PUBLIC, "https://a.test/f"],
        ),
    ];
    for (value, expected) in cases {
        let audience: Audience = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(audience.iter().collect::<Vec<_>>(), expected, "{value}");
    }
    let out = serde_json::to_value(Audience::new(["as:Public"])).unwrap();
    assert_eq!(out, json!([PUBLIC]));
}

#[test]
fn context_shapes() {
    let cases = [
        (json!("https://www.w3.org/ns/activitystreams"), true),
        (
            json!(["https://gotosocial.org/ns", "https://www.w3.org/ns/activitystreams", {"toot": "http://joinmastodon.org/ns#"}]),
            true,
        ),
        (
            json!([
                "https://w3id.org/identity/v1",
                "https://www.w3.org/ns/activitystreams.jsonld"
            ]),
            true,
        ),
        (
            json!(["https://w3id.org/security/v1", {"as": "https://www.w3.org/ns/activitystreams"}]),
            false,
        ),
        (json!("https://example.org/other"), false),
    ];
    for (value, includes) in cases {
        let context: Context = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(context.includes_activitystreams(), includes, "{value}");
        assert_eq!(serde_json::to_value(&context).unwrap(), value);
    }
    for ours in [
        Context::activitystreams(),
        Context::actor(),
        Context::note(),
    ] {
        assert!(ours.includes_activitystreams());
    }
}

#[test]
fn type_names() {
    for (name, compact) in [
        ("Note", "Note"),
        ("as:Hashtag", "Hashtag"),
        ("_:Hashtag", "Hashtag"),
        ("https://www.w3.org/ns/activitystreams#Person", "Person"),
        ("toot:Emoji", "Emoji"),
        ("schema:PropertyValue", "PropertyValue"),
        ("ex:Thing", "ex:Thing"),
    ] {
        assert_eq!(compact_type(name), compact);
    }
}
