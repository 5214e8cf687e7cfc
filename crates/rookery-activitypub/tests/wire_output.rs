//! What we write: our own actors, notes and activities serialize with the fields
//! activitypub.md requires, in Mastodon's shapes, and read back unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_activitypub::wire::{
    addressing, infer_object, Activity, ActivityType, Actor, ActorType, AnyObject, Collection,
    CollectionType, Context, Endpoints, Hashtag, Image, ImageRef, Inferred, Jrd, JrdLink, Mention,
    NodeInfo, Object, ObjectOrId, ObjectType, OneOrMany, PollOption, ProfileAttachment,
    PropertyValue, PublicKeyPem, Reference, Services, Software, Tag, Usage, Users, PUBLIC,
};
use rookery_core::Visibility;
use serde_json::{json, Value};

const ADA: &str = "https://a.test/users/ada";
const FOLLOWERS: &str = "https://a.test/users/ada/followers";
const BOB: &str = "https://b.test/users/bob";

fn ada() -> Actor {
    let mut actor: Actor = serde_json::from_value(json!({"id": ADA, "type": "Person"})).unwrap();
    actor.context = Some(Context::actor());
    actor.preferred_username = Some("ada".into());
    actor.name = Some("Ada".into());
    actor.inbox = Some(Reference::from("https://a.test/users/ada/inbox"));
    actor.outbox = Some(Reference::from("https://a.test/users/ada/outbox"));
    actor.followers = Some(Reference::from(FOLLOWERS));
    actor.following = Some(Reference::from("https://a.test/users/ada/following"));
    actor.featured = Some(Reference::from(
        "https://a.test/users/ada/collections/featured",
    ));
    actor.endpoints = Some(Endpoints {
        shared_inbox: Some(Reference::from("https://a.test/inbox")),
    });
    actor.public_key = Some(OneOrMany::One(PublicKeyPem {
        id: format!("{ADA}#main-key"),
        owner: Some(ADA.into()),
        public_key_pem: "-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY-----\n".into(),
    }));
    actor.manually_approves_followers = Some(false);
    actor.discoverable = Some(true);
    actor.indexable = Some(true);
    actor.icon = Some(ImageRef::Image(Image::new(
        "https://a.test/avatar.png",
        Some("image/png".into()),
    )));
    actor.attachment = vec![ProfileAttachment::PropertyValue(PropertyValue::new(
        "Site",
        "<a href=\"https://ada.example\">ada.example</a>",
    ))];
    actor.published = Some("2026-01-01T00:00:00Z".into());
    actor
}

/// §3.1 / §3.2: the fields Mastodon requires, with its exact names.
#[test]
fn actor_has_what_mastodon_requires() {
    let json = serde_json::to_value(ada()).unwrap();
    let context = json["@context"].as_array().unwrap();
    assert_eq!(context[0], "https://www.w3.org/ns/activitystreams");
    assert_eq!(context[1], "https://w3id.org/security/v1");
    assert_eq!(context[2]["toot"], "http://joinmastodon.org/ns#");
    for key in [
        "id",
        "type",
        "preferredUsername",
        "inbox",
        "outbox",
        "followers",
        "following",
        "publicKey",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["type"], "Person");
    assert_eq!(json["endpoints"]["sharedInbox"], "https://a.test/inbox");
    assert_eq!(json["publicKey"]["owner"], ADA);
    assert!(json["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(json["manuallyApprovesFollowers"], false);
    assert_eq!(
        json["icon"],
        json!({"type": "Image", "mediaType": "image/png", "url": "https://a.test/avatar.png"})
    );
    assert_eq!(json["attachment"][0]["type"], "PropertyValue");
    // Absent options are omitted, not null.
    assert!(json.get("movedTo").is_none() && json.get("alsoKnownAs").is_none());
    assert!(!json.to_string().contains("null"));
    let back: Actor = serde_json::from_value(json).unwrap();
    assert_eq!(back, ada());
    assert_eq!(back.kind, ActorType::Person);
}

fn note(visibility: Visibility) -> Object {
    let (to, cc) = addressing(visibility, FOLLOWERS, &[BOB.to_owned()]);
    let mut note = Object::new(ObjectType::Note);
    note.id = Some("https://a.test/notes/1".into());
    note.attributed_to = Some(OneOrMany::One(Reference::from(ADA)));
    note.content = Some("<p>hi</p>".into());
    note.published = Some("2026-11-22T11:00:00Z".into());
    note.to = to;
    note.cc = cc;
    note.sensitive = Some(false);
    note.tag = vec![
        Tag::Mention(Mention {
            href: BOB.into(),
            name: Some("@bob@b.test".into()),
        }),
        Tag::Hashtag(Hashtag {
            href: Some("https://a.test/tags/rust".into()),
            name: "#rust".into(),
        }),
    ];
    note
}

/// §5.2–5.4: addressing as arrays with the full Public IRI, Mention and Hashtag tags.
#[test]
fn note_shapes() {
    let json = serde_json::to_value(note(Visibility::Public)).unwrap();
    assert_eq!(json["type"], "Note");
    assert_eq!(json["attributedTo"], ADA);
    assert_eq!(json["to"], json!([PUBLIC]));
    assert_eq!(json["cc"], json!([FOLLOWERS, BOB]));
    assert_eq!(
        json["tag"][0],
        json!({"type": "Mention", "href": BOB, "name": "@bob@b.test"})
    );
    assert_eq!(
        json["tag"][1],
        json!({"type": "Hashtag", "href": "https://a.test/tags/rust", "name": "#rust"})
    );
    assert!(json.get("summary").is_none() && json.get("inReplyTo").is_none());

    // Every visibility reads back as itself.
    for visibility in [
        Visibility::Public,
        Visibility::Unlisted,
        Visibility::FollowersOnly,
        Visibility::Direct,
    ] {
        let text = serde_json::to_string(&note(visibility)).unwrap();
        let back: Object = serde_json::from_str(&text).unwrap();
        assert_eq!(
            infer_object(&back, None, Some(FOLLOWERS)).visibility(),
            visibility
        );
    }
    let json = serde_json::to_value(note(Visibility::Direct)).unwrap();
    assert_eq!(json["to"], json!([BOB]));
    assert!(json.get("cc").is_none());
}

#[test]
fn create_wraps_the_note_with_its_addressing() {
    let note = note(Visibility::Unlisted);
    let mut create = Activity::new(ActivityType::Create, "https://a.test/notes/1/activity", ADA)
        .with_object(ObjectOrId::embedded(AnyObject::from(note.clone())));
    create.context = Some(Context::note());
    create.to = note.to.clone();
    create.cc = note.cc.clone();
    create.published = note.published.clone();
    let json = serde_json::to_value(&create).unwrap();
    assert_eq!(json["type"], "Create");
    assert_eq!(json["actor"], ADA);
    assert_eq!(json["object"]["id"], "https://a.test/notes/1");
    assert_eq!(json["to"], json!([FOLLOWERS]));
    assert_eq!(json["cc"], json!([PUBLIC, BOB]));
    let back: Activity = serde_json::from_value(json).unwrap();
    assert_eq!(back, create);
    let inner = back
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(
        infer_object(inner, Some(&back), Some(FOLLOWERS)),
        Inferred::Unlisted
    );
}

/// §5.1: Accept embeds the Follow with its original id; Undo likewise.
#[test]
fn accept_embeds_the_follow() {
    let follow = Activity::new(ActivityType::Follow, "https://b.test/follows/9", BOB)
        .with_object(ObjectOrId::Id(ADA.into()));
    let accept = Activity::new(ActivityType::Accept, "https://a.test/accepts/1", ADA)
        .with_object(ObjectOrId::embedded(AnyObject::from(follow)));
    let json = serde_json::to_value(&accept).unwrap();
    assert_eq!(
        json["object"],
        json!({"id": "https://b.test/follows/9", "type": "Follow", "actor": BOB, "object": ADA})
    );
    let back: Activity = serde_json::from_value(json).unwrap();
    assert_eq!(back.object_id(), Some("https://b.test/follows/9"));
}

/// §5.3: polls as Mastodon writes them.
#[test]
fn question_options() {
    let mut poll = Object::new(ObjectType::Question);
    poll.one_of = vec![PollOption::new("yes", 3), PollOption::new("no", 1)];
    poll.end_time = Some("2026-11-23T00:00:00Z".into());
    poll.voters_count = Some(4);
    let json = serde_json::to_value(&poll).unwrap();
    assert_eq!(
        json["oneOf"][0],
        json!({"type": "Note", "name": "yes", "replies": {"type": "Collection", "totalItems": 3}})
    );
    assert_eq!(json["votersCount"], 4);
    assert!(json.get("anyOf").is_none());
}

/// §7: a collection with an inline first page.
#[test]
fn collection_with_inline_first_page() {
    let mut page = Collection::new(
        CollectionType::CollectionPage,
        Some("https://a.test/notes/1/replies?page=true".into()),
    );
    page.part_of = Some(Reference::from("https://a.test/notes/1/replies"));
    let mut replies = Collection::new(
        CollectionType::Collection,
        Some("https://a.test/notes/1/replies".into()),
    );
    replies.first = Some(ObjectOrId::embedded(page));
    let json = serde_json::to_value(&replies).unwrap();
    assert_eq!(json["first"]["type"], "CollectionPage");
    assert_eq!(json["first"]["partOf"], "https://a.test/notes/1/replies");
    assert!(json["first"].get("items").is_none());
}

/// §1.1 / §1.3: WebFinger and NodeInfo.
#[test]
fn discovery_documents() {
    let jrd = Jrd {
        subject: Some("acct:ada@a.test".into()),
        aliases: vec![ADA.into()],
        links: vec![JrdLink::new("self", Some("application/activity+json"), ADA)],
    };
    let json = serde_json::to_value(&jrd).unwrap();
    assert_eq!(
        json["links"][0],
        json!({"rel": "self", "type": "application/activity+json", "href": ADA})
    );
    assert_eq!(
        serde_json::from_value::<Jrd>(json).unwrap().actor_id(),
        Some(ADA)
    );

    let info = NodeInfo {
        version: "2.1".into(),
        software: Software {
            name: "rookery".into(),
            version: "0.1.0".into(),
            repository: None,
            homepage: None,
        },
        protocols: vec!["activitypub".into()],
        services: Services::default(),
        open_registrations: false,
        usage: Usage {
            users: Users {
                total: Some(1),
                active_month: Some(1),
                active_halfyear: Some(1),
            },
            local_posts: Some(0),
            local_comments: None,
        },
        metadata: serde_json::Map::new(),
    };
    let json = serde_json::to_value(&info).unwrap();
    for key in [
        "version",
        "software",
        "protocols",
        "services",
        "openRegistrations",
        "usage",
        "metadata",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["usage"]["users"]["activeHalfyear"], 1);
    assert!(info.software.name_is_valid());
}

/// Input tolerance the peers need, and outputs that never use the short forms.
#[test]
fn tolerant_input_exact_output() {
    let note: Object = serde_json::from_value(json!({
        "type": ["Note", "ex:Extra"],
        "to": "as:Public",
        "cc": [{"id": FOLLOWERS, "type": "OrderedCollection"}, "Public", 7],
        "tag": {"type": "as:Hashtag", "name": "#x"},
        "attachment": {"type": "Document", "url": [{"type": "Link", "href": "https://a.test/m.mp4", "mediaType": "video/mp4"}], "focalPoint": "bad"},
        "url": {"type": "Link", "href": "https://a.test/@ada/1", "mediaType": "text/html"},
        "contentMap": {"de": "<p>hallo</p>", "en": null},
        "sensitive": "yes",
        "inReplyTo": {"id": "https://b.test/notes/1", "type": "Note"},
        "closed": true
    }))
    .unwrap();
    assert_eq!(note.kind, ObjectType::Note);
    assert_eq!(note.to.0, vec![PUBLIC.to_owned()]);
    assert_eq!(note.cc.0, vec![FOLLOWERS.to_owned(), PUBLIC.to_owned()]);
    assert_eq!(note.hashtags().next().unwrap().normalized(), "x");
    assert_eq!(note.attachment[0].href(), Some("https://a.test/m.mp4"));
    assert_eq!(note.attachment[0].focal_point, None);
    assert_eq!(note.profile_url(), Some("https://a.test/@ada/1"));
    assert_eq!(
        (note.language(), note.content_html()),
        (Some("de"), Some("<p>hallo</p>"))
    );
    assert_eq!(note.sensitive, None);
    assert_eq!(note.in_reply_to.as_ref().unwrap(), "https://b.test/notes/1");
    let out: Value = serde_json::to_value(&note).unwrap();
    assert_eq!(out["to"], json!([PUBLIC]));
    assert_eq!(out["type"], "Note");
    assert_eq!(out["inReplyTo"], "https://b.test/notes/1");
}
