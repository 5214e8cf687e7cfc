//! Every ActivityPub JSON document captured from GoToSocial, Fedify and bovine
//! (fixtures/peers/*/*.json) parses into the wire types, with the fields that matter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use rookery_activitypub::wire::{
    infer_object, Activity, Actor, ActorType, AnyObject, Collection, CollectionType, Inferred, Jrd,
    NodeInfo, Object, ObjectType, PUBLIC,
};
use rookery_core::Visibility;
use serde::de::DeserializeOwned;
use support::{file_name, files, read, PEERS};

fn parse<T: DeserializeOwned>(peer: &str, name: &str) -> T {
    let bytes = read(peer, name);
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{peer}/{name}: {e}"))
}

/// Which wire type a captured document is, by its file name.
enum Doc {
    Jrd,
    NodeInfo,
    Actor,
    Object,
    Collection,
}

fn classify(name: &str) -> Doc {
    if name.starts_with("webfinger-") || name == "nodeinfo-discovery.json" {
        Doc::Jrd
    } else if name.starts_with("nodeinfo-") {
        Doc::NodeInfo
    } else if name.starts_with("actor-") {
        Doc::Actor
    } else if name.contains("collection")
        || ["outbox-", "followers-", "following-"]
            .iter()
            .any(|p| name.starts_with(p))
    {
        Doc::Collection
    } else if name.starts_with("note-") || name.starts_with("question-") {
        Doc::Object
    } else {
        panic!("unclassified fixture {name}")
    }
}

#[test]
fn every_document_parses() {
    let mut parsed = 0;
    for peer in PEERS {
        for path in files(peer, ".json") {
            let name = file_name(&path);
            match classify(&name) {
                Doc::Jrd => drop(parse::<Jrd>(peer, &name)),
                Doc::NodeInfo => drop(parse::<NodeInfo>(peer, &name)),
                Doc::Actor => drop(parse::<Actor>(peer, &name)),
                Doc::Object => drop(parse::<Object>(peer, &name)),
                Doc::Collection => drop(parse::<Collection>(peer, &name)),
            }
            parsed += 1;
        }
    }
    assert_eq!(parsed, 55, "fixture count changed");
}

/// The author's followers URI per peer (bovine's is opaque: read from its collection).
fn followers(peer: &str) -> String {
    match peer {
        "gotosocial" => "http://127.0.0.1:8080/users/bob/followers".to_owned(),
        "fedify" => "http://127.0.0.1:8200/users/fed/followers".to_owned(),
        _ => parse::<Collection>("bovine", "followers-alice.json")
            .id
            .unwrap(),
    }
}

/// The visibility each note file's name promises.
#[test]
fn note_visibility_matches_file_name() {
    let expectations = [
        ("note-public.json", Inferred::Public),
        ("note-unlisted.json", Inferred::Unlisted),
        ("note-followers-only.json", Inferred::FollowersOnly),
        ("note-direct.json", Inferred::Direct),
        ("note-mention-hashtag.json", Inferred::Public),
        ("note-content-warning.json", Inferred::Public),
    ];
    for peer in PEERS {
        for (name, expected) in expectations {
            let note: Object = parse(peer, name);
            let got = infer_object(&note, None, Some(&followers(peer)));
            assert_eq!(got, expected, "{peer}/{name}");
        }
    }
    // bovine copies the parent's addressing into a reply: Public in cc, so unlisted.
    let reply: Object = parse("bovine", "note-reply.json");
    assert_eq!(
        infer_object(&reply, None, Some(&followers("bovine"))).visibility(),
        Visibility::Unlisted
    );
}

#[test]
fn gotosocial_note_shapes() {
    let note: Object = parse("gotosocial", "note-mention-hashtag.json");
    assert_eq!(note.kind, ObjectType::Note);
    // GtS writes a lone recipient as a scalar.
    assert_eq!(note.to.0, vec![PUBLIC.to_owned()]);
    assert_eq!(note.cc.0.len(), 3);
    let mentions: Vec<&str> = note.mentions().map(|m| m.href.as_str()).collect();
    assert_eq!(
        mentions,
        [
            "http://127.0.0.1:9000/users/sink",
            "http://127.0.0.1:8080/users/carol"
        ]
    );
    let tags: Vec<String> = note.hashtags().map(|h| h.normalized()).collect();
    assert_eq!(tags, ["rookeryfixtures", "fediverse"]);
    assert_eq!(note.language(), Some("en"));
    assert_eq!(note.author(), Some("http://127.0.0.1:8080/users/bob"));
    assert_eq!(note.content_warning(), None, "GtS sends an empty summary");
    let replies = note.replies.as_ref().unwrap().object().unwrap();
    assert_eq!(replies.kind, CollectionType::Collection);
    assert_eq!(
        replies.first_page().unwrap().kind,
        CollectionType::CollectionPage
    );

    let direct: Object = parse("gotosocial", "note-direct.json");
    assert_eq!(direct.mentions().count(), 1, "a scalar tag is one tag");

    let cw: Object = parse("gotosocial", "note-content-warning.json");
    assert_eq!(cw.content_warning(), Some("cw: fixture spoilers"));
    assert_eq!(cw.sensitive, Some(true));

    let edited: Object = parse("gotosocial", "note-public.json");
    assert!(edited.updated.is_some());

    let image: Object = parse("gotosocial", "note-image.json");
    let media = &image.attachment[0];
    assert_eq!(media.kind, "Image");
    assert_eq!(media.media_type.as_deref(), Some("image/png"));
    assert_eq!(media.alt_text(), Some("A small red rectangle"));
    assert_eq!(
        media.blurhash.as_deref(),
        Some("L7M^z|]TfQ]T|wo1fQo1fQfQfQfQ")
    );
    assert!(media.href().unwrap().ends_with(".png"));

    let reply: Object = parse("gotosocial", "note-reply-to-remote.json");
    assert_eq!(
        reply.in_reply_to.unwrap(),
        "http://127.0.0.1:9000/notes/n1795345642"
    );
}

#[test]
fn gotosocial_poll() {
    let poll: Object = parse("gotosocial", "question-poll.json");
    assert_eq!(poll.kind, ObjectType::Question);
    let options: Vec<(&str, Option<u64>)> = poll
        .poll_options()
        .iter()
        .map(|o| (o.name.as_str(), o.votes()))
        .collect();
    assert_eq!(options, [("webfinger", Some(0)), ("actor", Some(0))]);
    assert!(poll.any_of.is_empty());
    assert_eq!(poll.end_time.as_deref(), Some("2026-11-23T11:07:07Z"));
    assert_eq!(poll.voters_count, Some(0));
}

#[test]
fn fedify_and_bovine_notes() {
    // Fedify and bovine write the compact `as:Public`; it is read as the full IRI.
    let note: Object = parse("fedify", "note-mention-hashtag.json");
    assert_eq!(note.to.0, vec![PUBLIC.to_owned()]);
    assert_eq!(
        note.hashtags().next().unwrap().normalized(),
        "rookeryfixtures"
    );
    let updated: Object = parse("fedify", "note-public-after-update.json");
    assert!(updated.updated.is_some());

    let note: Object = parse("bovine", "note-public.json");
    assert_eq!(note.to.0, vec![PUBLIC.to_owned()]);
    assert_eq!(note.content_html(), Some("Hello public world from alice"));
    // Collection links, not embedded collections.
    assert!(note.replies.as_ref().unwrap().object().is_none());
    assert!(note
        .likes
        .as_ref()
        .unwrap()
        .id()
        .unwrap()
        .ends_with("/likes"));

    let deleted = support::http_body("bovine", "note-deleted.response.http");
    let tombstone: Object = serde_json::from_slice(&deleted).unwrap();
    assert_eq!(tombstone.kind, ObjectType::Tombstone);
}

#[test]
fn actors() {
    let bob: Actor = parse("gotosocial", "actor-bob.json");
    assert_eq!(bob.kind, ActorType::Person);
    assert_eq!(bob.preferred_username.as_deref(), Some("bob"));
    assert_eq!(
        bob.followers.as_ref().unwrap(),
        "http://127.0.0.1:8080/users/bob/followers"
    );
    assert_eq!(
        bob.featured.as_ref().unwrap(),
        "http://127.0.0.1:8080/users/bob/collections/featured"
    );
    assert_eq!(bob.manually_approves_followers, Some(false));
    assert_eq!(bob.profile_url(), Some("http://127.0.0.1:8080/@bob"));
    let key = bob.public_keys().next().unwrap();
    assert_eq!(key.id, "http://127.0.0.1:8080/users/bob/main-key");
    assert!(key.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(bob.shared_inbox(), None);
    assert!(bob.context.as_ref().unwrap().includes_activitystreams());

    let instance: Actor = parse("gotosocial", "actor-instance.json");
    assert_eq!(instance.kind, ActorType::Service);
    assert!(instance.is_bot());

    let fed: Actor = parse("fedify", "actor-fed.json");
    assert_eq!(fed.shared_inbox(), Some("http://127.0.0.1:8200/inbox"));
    assert_eq!(fed.assertion_method.len(), 2);
    assert_eq!(
        fed.assertion_method[1].id,
        "http://127.0.0.1:8200/users/fed#multikey-2"
    );
    assert!(fed.assertion_method[1]
        .public_key_multibase
        .starts_with("z6Mk"));
    assert_eq!(fed.summary.as_deref(), Some("A scripted Fedify peer"));

    // bovine shows remote fetchers an actor without followers/following/endpoints.
    let alice: Actor = parse("bovine", "actor-alice.json");
    assert!(alice.followers.is_none() && alice.endpoints.is_none());
    assert!(alice
        .public_keys()
        .next()
        .unwrap()
        .id
        .ends_with("#serverKey"));
    let app: Actor = parse("bovine", "actor-application.json");
    assert_eq!(app.kind, ActorType::Application);
}

#[test]
fn collections() {
    let outbox: Collection = parse("gotosocial", "outbox-bob.json");
    assert_eq!(outbox.kind, CollectionType::OrderedCollection);
    assert_eq!(outbox.total_items, Some(12));
    assert_eq!(
        outbox.first.as_ref().unwrap().id(),
        Some("http://127.0.0.1:8080/users/bob/outbox?limit=40")
    );

    let page: Collection = parse("gotosocial", "outbox-bob-first-page.json");
    assert!(page.is_page());
    let first = page.all_items().next().unwrap().object().unwrap();
    let create = first.as_activity().unwrap();
    assert_eq!(create.kind.as_str(), "Create");
    assert!(create.object_id().unwrap().contains("/statuses/"));

    let followers: Collection = parse("gotosocial", "followers-bob-first-page.json");
    assert_eq!(followers.item_ids(), ["http://127.0.0.1:8200/users/fed"]);
    assert_eq!(
        followers.part_of.as_ref().unwrap(),
        "http://127.0.0.1:8080/users/bob/followers"
    );

    // Fedify embeds whole activities, each with its own @context.
    let outbox: Collection = parse("fedify", "outbox-fed.json");
    assert_eq!(outbox.total_items, Some(8));
    assert!(outbox
        .all_items()
        .all(|item| matches!(item.object(), Some(AnyObject::Activity(_)))));

    // bovine: items inline as ids, no paging.
    let followers: Collection = parse("bovine", "followers-alice.json");
    assert_eq!(followers.item_ids().len(), 2);
    let page: Collection = parse("bovine", "outbox-alice-first-page.json");
    assert_eq!(page.item_ids().len(), 10);
    assert!(page.next.is_some() && page.prev.is_some());

    let replies: Collection = parse("gotosocial", "note-public-replies-collection.json");
    assert_eq!(replies.total_items, Some(0));
}

#[test]
fn discovery() {
    let bob: Jrd = parse("gotosocial", "webfinger-bob.json");
    assert_eq!(bob.subject.as_deref(), Some("acct:bob@127.0.0.1:8080"));
    assert_eq!(bob.actor_id(), Some("http://127.0.0.1:8080/users/bob"));
    assert_eq!(bob.profile_page(), Some("http://127.0.0.1:8080/@bob"));
    assert_eq!(bob.aliases.len(), 2);
    let alice: Jrd = parse("bovine", "webfinger-alice.json");
    assert!(alice.actor_id().unwrap().contains("/endpoints/"));

    let links: Jrd = parse("fedify", "nodeinfo-discovery.json");
    assert_eq!(
        links.nodeinfo_href(),
        Some("http://127.0.0.1:8200/nodeinfo/2.1")
    );
    let links: Jrd = parse("bovine", "nodeinfo-discovery.json");
    assert_eq!(
        links.nodeinfo_href(),
        Some("http://127.0.0.1:8100/activitypub/nodeinfo2_0")
    );

    let gts: NodeInfo = parse("gotosocial", "nodeinfo-2.0.json");
    assert_eq!(
        (gts.version.as_str(), gts.software.name.as_str()),
        ("2.0", "gotosocial")
    );
    assert_eq!(gts.usage.users.total, Some(3));
    assert_eq!(gts.usage.local_posts, Some(12));
    assert!(gts.software.name_is_valid());
    let fedify: NodeInfo = parse("fedify", "nodeinfo-2.1.json");
    assert_eq!(fedify.version, "2.1");
    assert_eq!(fedify.protocols, ["activitypub"]);
    let bovine: NodeInfo = parse("bovine", "nodeinfo-2.0.json");
    assert_eq!(bovine.usage.users.active_month, Some(2));
}

/// Unknown activity types parse and are flagged, not rejected (§5.0).
#[test]
fn unknown_activity_type_is_not_an_error() {
    let json = r#"{"type":"Dislike","id":"https://x.example/1","actor":"https://x.example/u","object":"https://y.example/n"}"#;
    let activity: Activity = serde_json::from_str(json).unwrap();
    assert!(!activity.is_known());
    assert_eq!(activity.kind.as_str(), "Dislike");
}
