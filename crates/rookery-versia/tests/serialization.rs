//! JSON on the wire (versia.md §6.1, §7.1, §13): exact output, round trips, and the
//! strict input rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixture_bytes;
use rookery_versia::entities::{
    Category, ContentEntry, ContentFormat, CustomEmoji, CustomEmojis, Delete, DeleteTag, Device,
    Entity, EntityError, Field, Follow, FollowTag, LinkPreview, Note, NoteExtensions, NoteGroup,
    NoteTag, Poll, Pronoun, Reference, Share, User, UserExtensions, UserTag, Vanity,
};
use rookery_versia::json::{self, JsonError, OrderedMap};
use serde_json::Value;

fn r(text: &str) -> Reference {
    Reference::parse(text).unwrap()
}

/// A Note with every §8.2 field set (the docs' example shape), plus extensions.
fn seed_note() -> Note {
    let mut image = ContentFormat::new();
    let mut png = ContentEntry::remote("https://a.example/media/cat.png");
    png.description = Some("A cat".into());
    png.size = Some(12_345);
    png.hash = Some("a".repeat(64));
    png.width = Some(640);
    png.height = Some(480);
    image.insert("image/png", png);
    let mut video = ContentFormat::new();
    let mut mp4 = ContentEntry::remote("https://a.example/media/clip.mp4");
    mp4.fps = Some(30);
    mp4.duration = Some(12.0);
    video.insert("video/mp4", mp4);
    let mut audio = ContentFormat::new();
    let mut ogg = ContentEntry::remote("https://a.example/media/sound.ogg");
    ogg.duration = Some(2.5);
    audio.insert("audio/ogg", ogg);

    let mut emoji = ContentFormat::new();
    emoji.insert(
        "image/webp",
        ContentEntry::remote("https://a.example/e/blob.webp"),
    );
    Note {
        id: "01902e09-0f8b-72de-8ee3-9afc0cf5eae1".into(),
        entity_type: NoteTag,
        created_at: "2024-12-01T11:19:06Z".into(),
        author: r("a.example:018ec082-0ae1-761c-b2c5-22275a611771"),
        content: Some(ContentFormat::html_and_plain(
            "<p>Hello :blob:</p>",
            "Hello :blob:",
        )),
        attachments: vec![image, video, audio],
        category: Some(Category::Microblog),
        device: Some(Device {
            name: "Rookery".into(),
            version: Some("0.1.0".into()),
            url: Some("https://rookery.example".into()),
        }),
        group: Some(NoteGroup::Public),
        is_sensitive: false,
        mentions: vec![r("b.example:joe")],
        previews: vec![LinkPreview {
            link: "https://news.example/story".into(),
            title: "A story".into(),
            description: None,
            image: Some("https://news.example/story.png".into()),
            icon: None,
        }],
        quotes: Some(r("c.example:q1")),
        replies_to: Some(r("b.example:n0")),
        subject: Some("cw".into()),
        extensions: Some(NoteExtensions {
            custom_emojis: Some(CustomEmojis {
                emojis: vec![CustomEmoji {
                    name: ":blob:".into(),
                    content: emoji,
                }],
            }),
            poll: Some(Poll {
                options: vec![
                    ContentFormat::html_and_plain("<p>yes</p>", "yes"),
                    ContentFormat::html_and_plain("<p>no</p>", "no"),
                ],
                votes: vec![3, 0],
                multiple_choice: false,
                expires_at: None,
            }),
        }),
    }
}

#[test]
fn seed_note_round_trips() {
    let note = seed_note();
    let bytes = json::to_vec(&note).unwrap();
    let back: Note = json::from_slice(&bytes).unwrap();
    assert_eq!(back, note);
    // And through the inbox dispatcher.
    assert_eq!(
        Entity::from_slice(&bytes).unwrap(),
        Entity::Note(Box::new(note))
    );
}

#[test]
fn seed_note_output_follows_the_json_rules() {
    let text = String::from_utf8(json::to_vec(&seed_note()).unwrap()).unwrap();
    // Whole floats without `.0`; fractional ones as plain decimals.
    assert!(text.contains(r#""duration":12}"#), "{text}");
    assert!(text.contains(r#""duration":2.5}"#), "{text}");
    assert!(!text.contains(".0,") && !text.contains(".0}"), "{text}");
    // ContentFormat entries: no null keys; text entries only content + remote.
    assert!(text.contains(
        r#""content":{"text/html":{"content":"<p>Hello :blob:</p>","remote":false},"text/plain":{"content":"Hello :blob:","remote":false}}"#
    ));
    assert!(text.contains(
        r#"{"video/mp4":{"content":"https://a.example/media/clip.mp4","remote":true,"fps":30,"duration":12}}"#
    ));
    // References always carry their domain when we built them so.
    assert!(text.contains(r#""author":"a.example:018ec082-0ae1-761c-b2c5-22275a611771""#));
    assert!(text.contains(r#""group":"public""#));
    // Emoji written with `content` (docs), not `url`.
    assert!(
        text.contains(r#"{"name":":blob:","content":{"image/webp""#),
        "{text}"
    );
    // Field order: base fields first.
    assert!(text.starts_with(
        r#"{"id":"01902e09-0f8b-72de-8ee3-9afc0cf5eae1","type":"Note","created_at":"#
    ));
    // Unset optional fields in nested core structures are null; an unset poll
    // expiry (extension object) is omitted.
    assert!(
        text.contains(r#""description":null,"image":"https://news.example/story.png","icon":null"#)
    );
    assert!(!text.contains("expires_at"));
}

#[test]
fn unset_top_level_fields_are_null() {
    let mut note = seed_note();
    note.content = None;
    note.category = None;
    note.device = None;
    note.group = None;
    note.quotes = None;
    note.replies_to = None;
    note.subject = None;
    note.extensions = None;
    let value: Value = serde_json::from_slice(&json::to_vec(&note).unwrap()).unwrap();
    for key in [
        "content",
        "category",
        "device",
        "group",
        "quotes",
        "replies_to",
        "subject",
        "extensions",
    ] {
        assert_eq!(value.get(key), Some(&Value::Null), "{key}");
    }
}

#[test]
fn text_entries_drop_non_text_keys_on_output() {
    let mut format = ContentFormat::new();
    let mut entry = ContentEntry::inline("hi");
    entry.description = Some("ignored for text".into());
    entry.size = Some(2);
    format.insert("text/plain", entry);
    assert_eq!(
        serde_json::to_string(&format).unwrap(),
        r#"{"text/plain":{"content":"hi","remote":false}}"#
    );
}

#[test]
fn v4_user_serializes_to_the_vector_bytes() {
    // The vector's response body is exactly what our User serializer writes.
    let user = User {
        id: "01902e09-0f8b-72de-8ee3-9afc0cf5eae1".into(),
        entity_type: UserTag,
        created_at: "2024-10-13T18:48:19Z".into(),
        username: "joe".into(),
        display_name: Some("Joe".into()),
        avatar: None,
        header: None,
        bio: None,
        fields: vec![],
        manually_approves_followers: false,
        indexable: true,
        extensions: None,
    };
    let vectors: Value =
        serde_json::from_slice(&fixture_bytes("versia/versia-vectors.json")).unwrap();
    let v4 = vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"].as_str().unwrap().starts_with("V4"))
        .unwrap();
    assert_eq!(
        String::from_utf8(json::to_vec(&user).unwrap()).unwrap(),
        v4["body"].as_str().unwrap()
    );
}

#[test]
fn v1_follow_serializes_to_the_vector_bytes() {
    let follow = Follow {
        id: None,
        entity_type: FollowTag,
        created_at: "2024-12-01T11:19:06Z".into(),
        author: r("a.example:018ec082-0ae1-761c-b2c5-22275a611771"),
        followee: r("b.example:01902e09-0f8b-72de-8ee3-9afc0cf5eae1"),
        extensions: None,
    };
    let vectors: Value =
        serde_json::from_slice(&fixture_bytes("versia/versia-vectors.json")).unwrap();
    assert_eq!(
        String::from_utf8(json::to_vec(&follow).unwrap()).unwrap(),
        vectors["vectors"][0]["body"].as_str().unwrap()
    );
}

#[test]
fn duplicate_keys_are_rejected() {
    let follow = r#"{"type":"Follow","created_at":"2024-12-01T11:19:06Z","author":"a.example:x","author":"a.example:y","followee":"b.example:z"}"#;
    // derive(Deserialize) alone already refuses a repeated known field...
    let err = serde_json::from_str::<Follow>(follow).unwrap_err();
    assert!(err.to_string().contains("duplicate field"), "{err}");
    // ...and the strict entry points say which key.
    assert_eq!(
        json::from_slice::<Follow>(follow.as_bytes()).unwrap_err(),
        JsonError::DuplicateKey("\"author\"".into())
    );
    assert!(matches!(
        Entity::from_slice(follow.as_bytes()),
        Err(EntityError::Json(JsonError::DuplicateKey(_)))
    ));

    // ContentFormat maps reject duplicate MIME types by themselves (custom visitor).
    let cf = r#"{"text/plain":{"content":"a","remote":false},"text/plain":{"content":"b","remote":false}}"#;
    assert!(serde_json::from_str::<ContentFormat>(cf)
        .unwrap_err()
        .to_string()
        .contains("duplicate key"));
    let pronouns = r#"{"en":[],"en":[]}"#;
    assert!(serde_json::from_str::<OrderedMap<Vec<Pronoun>>>(pronouns).is_err());

    // An unknown key repeated: serde alone would let it through; the strict scan does
    // not, at any depth, extensions included.
    let unknown = r#"{"type":"Follow","created_at":"2024-12-01T11:19:06Z","author":"a.example:x","followee":"b.example:z","extensions":{"org.example:x":1,"org.example:x":2}}"#;
    assert!(serde_json::from_str::<Follow>(unknown).is_ok());
    assert!(matches!(
        Entity::from_slice(unknown.as_bytes()),
        Err(EntityError::Json(JsonError::DuplicateKey(_)))
    ));
}

#[test]
fn integers_beyond_two_to_the_53_are_rejected() {
    let big = r#"{"author":null,"total":9007199254740993,"items":[]}"#;
    assert!(matches!(
        json::from_slice::<rookery_versia::entities::UriCollection>(big.as_bytes()),
        Err(JsonError::NumberOutOfRange(_))
    ));
    let ok = r#"{"author":null,"total":9007199254740992,"items":[]}"#;
    assert!(json::from_slice::<rookery_versia::entities::UriCollection>(ok.as_bytes()).is_ok());
    let size = r#"{"image/png":{"content":"https://x.example/a.png","remote":true,"size":18446744073709551615}}"#;
    assert!(matches!(
        json::from_slice::<ContentFormat>(size.as_bytes()),
        Err(JsonError::NumberOutOfRange(_))
    ));
}

#[test]
fn null_and_omitted_optional_fields_are_both_accepted() {
    let omitted = r#"{"id":"n1","type":"Note","created_at":"2024-12-01T11:19:06Z","author":"a.example:u1","attachments":[],"is_sensitive":false,"mentions":[],"previews":[]}"#;
    let nulls = r#"{"id":"n1","type":"Note","created_at":"2024-12-01T11:19:06Z","author":"a.example:u1","content":null,"attachments":[],"category":null,"device":null,"group":null,"is_sensitive":false,"mentions":[],"previews":[],"quotes":null,"replies_to":null,"subject":null,"extensions":null}"#;
    let a: Note = json::from_slice(omitted.as_bytes()).unwrap();
    let b: Note = json::from_slice(nulls.as_bytes()).unwrap();
    assert_eq!(a, b);
    // Our output is the all-null form, byte for byte.
    assert_eq!(String::from_utf8(json::to_vec(&a).unwrap()).unwrap(), nulls);
    // Required fields stay required.
    let missing = omitted.replace(r#""mentions":[],"#, "");
    assert!(json::from_slice::<Note>(missing.as_bytes()).is_err());
}

#[test]
fn unknown_top_level_and_extension_keys_are_ignored() {
    let body = r#"{"$schema":"https://schemas.versia.pub/note.json","id":"n1","type":"Note","created_at":"2024-12-01T11:19:06Z","author":"u1","attachments":[],"is_sensitive":false,"mentions":[],"previews":[],"org.example:custom":{"x":1},"extensions":{"org.example:future":[1,2,3],"pub.versia:interaction_controls":{"reply":{"allowed":["everyone"]}}}}"#;
    let entity = Entity::from_slice(body.as_bytes()).unwrap();
    let Entity::Note(note) = entity else {
        panic!("a Note");
    };
    assert_eq!(note.extensions, Some(NoteExtensions::default()));
}

#[test]
fn emoji_url_spelling_is_read_and_content_is_written() {
    let reference_style = r#"{"emojis":[{"name":":blob:","url":{"image/png":{"content":"https://a.example/blob.png","remote":true}}}]}"#;
    let emojis: CustomEmojis = json::from_slice(reference_style.as_bytes()).unwrap();
    assert_eq!(
        serde_json::to_string(&emojis).unwrap(),
        reference_style.replace(r#""url""#, r#""content""#)
    );
    let both = r#"{"name":":b:","url":{},"content":{}}"#;
    assert!(serde_json::from_str::<CustomEmoji>(both).is_err());
}

#[test]
fn share_accepts_the_reference_spelling_and_writes_the_docs_one() {
    let body = r#"{"type":"pub.versia:shares/Share","author":"u1","id":"s1","created_at":"2026-11-22T11:18:32.110Z","shared":"n1"}"#;
    let share: Share = json::from_slice(body.as_bytes()).unwrap();
    let entity = Entity::from_slice(body.as_bytes()).unwrap();
    assert_eq!(entity, Entity::Share(share.clone()));
    assert!(String::from_utf8(json::to_vec(&share).unwrap())
        .unwrap()
        .contains(r#""type":"pub.versia:share/Share""#));
}

#[test]
fn inbox_dispatch_covers_every_type_and_refuses_unknown_ones() {
    let cases = [
        (
            r#"{"type":"FollowAccept","created_at":"2025-03-01T10:00:01Z","author":"b.example:dan","follower":"a.example:carol","extensions":null}"#,
            "FollowAccept",
        ),
        (
            r#"{"type":"FollowReject","created_at":"2025-03-01T10:00:01Z","author":"b.example:dan","follower":"a.example:carol"}"#,
            "FollowReject",
        ),
        (
            r#"{"type":"Unfollow","created_at":"2025-03-01T10:00:01Z","author":"a.example:carol","followee":"b.example:dan"}"#,
            "Unfollow",
        ),
        (
            r#"{"type":"Delete","created_at":"2025-03-01T10:00:01Z","author":"b.example:dan","deleted_type":"Note","deleted":"b.example:n1"}"#,
            "Delete",
        ),
        (
            r#"{"id":"l1","type":"pub.versia:likes/Like","created_at":"2025-03-01T10:00:01Z","author":"a.example:carol","liked":"b.example:n1"}"#,
            "pub.versia:likes/Like",
        ),
        (
            r#"{"id":"d1","type":"pub.versia:likes/Dislike","created_at":"2025-03-01T10:00:01Z","author":"a.example:carol","disliked":"b.example:n1"}"#,
            "pub.versia:likes/Dislike",
        ),
        (
            r#"{"id":"r1","type":"pub.versia:reactions/Reaction","created_at":"2025-03-01T10:00:01Z","author":"a.example:carol","object":"b.example:n1","content":"👍"}"#,
            "pub.versia:reactions/Reaction",
        ),
        (
            r#"{"id":"v1","type":"pub.versia:polls/Vote","created_at":"2025-03-01T10:00:01Z","author":"a.example:carol","poll":"b.example:n1","option":1}"#,
            "pub.versia:polls/Vote",
        ),
        (
            r#"{"type":"pub.versia:reports/Report","created_at":"2025-03-01T10:00:01Z","author":null,"reported":["b.example:n1"],"tags":["spam"],"comment":null}"#,
            "pub.versia:reports/Report",
        ),
        (
            r#"{"id":"u1","type":"User","created_at":"2025-03-01T10:00:01Z","username":"dan","fields":[],"manually_approves_followers":false,"indexable":true,"extensions":{"pub.versia:vanity":{"pronouns":{"en":[{"subject":"he","object":"him","dependent_possessive":"his","independent_possessive":"his","reflexive":"himself"}]},"birthday":"1998-04-12"}}}"#,
            "User",
        ),
    ];
    for (body, type_name) in cases {
        let entity =
            Entity::from_slice(body.as_bytes()).unwrap_or_else(|e| panic!("{type_name}: {e}"));
        assert_eq!(entity.type_name(), type_name);
        // Round trip through our serializer.
        let again = Entity::from_slice(&json::to_vec(&entity).unwrap()).unwrap();
        assert_eq!(again, entity, "{type_name}");
    }
    assert_eq!(
        Entity::from_slice(br#"{"type":"pub.versia:groups/Group","id":"g"}"#),
        Err(EntityError::UnknownType("pub.versia:groups/Group".into()))
    );
    assert_eq!(Entity::from_slice(b"[1]"), Err(EntityError::MissingType));
    assert!(matches!(
        Entity::from_slice(br#"{"type":"Follow"}"#),
        Err(EntityError::Shape { .. })
    ));
    // A body of one type never deserializes into another struct.
    assert!(serde_json::from_str::<User>(r#"{"id":"n","type":"Note","created_at":"x","username":"a","fields":[],"manually_approves_followers":false,"indexable":true}"#).is_err());
}

#[test]
fn vanity_always_writes_pronouns_and_omits_the_rest() {
    let ext = UserExtensions {
        custom_emojis: None,
        vanity: Some(Vanity::default()),
    };
    assert_eq!(
        serde_json::to_string(&ext).unwrap(),
        r#"{"pub.versia:vanity":{"pronouns":{}}}"#
    );
    let read: Vanity = serde_json::from_str(r#"{"pronouns":null}"#).unwrap();
    assert!(read.pronouns.is_empty());
}

#[test]
fn delete_and_fields_round_trip() {
    let delete = Delete {
        id: None,
        entity_type: DeleteTag,
        created_at: "2025-03-01T10:00:01Z".into(),
        author: r("b.example:dan"),
        deleted_type: "pub.versia:share/Share".into(),
        deleted: r("b.example:s1"),
        extensions: None,
    };
    let bytes = json::to_vec(&delete).unwrap();
    assert!(!String::from_utf8(bytes.clone()).unwrap().contains("\"id\""));
    assert_eq!(Entity::from_slice(&bytes).unwrap(), Entity::Delete(delete));
    let field = Field {
        key: ContentFormat::html_and_plain("Site", "Site"),
        value: ContentFormat::html_and_plain("<a href=\"https://x.example\">x</a>", "x"),
    };
    let text = serde_json::to_string(&field).unwrap();
    assert_eq!(serde_json::from_str::<Field>(&text).unwrap(), field);
}
