//! The JSON body of every activity GoToSocial, Fedify and bovine delivered
//! (fixtures/peers/*/*-delivered.http, and Fedify's double knock) parses into
//! `Activity`, with the fields the inbox will act on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use rookery_activitypub::wire::{
    infer_object, Activity, ActivityType, AnyObject, Inferred, ObjectType, PUBLIC,
};
use support::{file_name, files, http_body, PEERS};

const SINK: &str = "http://127.0.0.1:9000/users/sink";
const SINK_NOTE: &str = "http://127.0.0.1:9000/notes/n1795345642";

fn activity(peer: &str, name: &str) -> Activity {
    let body = http_body(peer, name);
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{peer}/{name}: {e}"))
}

#[test]
fn every_delivery_parses_as_a_known_activity() {
    let mut parsed = 0;
    for peer in PEERS {
        let mut names: Vec<String> = files(peer, "-delivered.http")
            .iter()
            .map(|p| file_name(p))
            .collect();
        names.extend(
            files(peer, ".http")
                .iter()
                .map(|p| file_name(p))
                .filter(|n| n.starts_with("double-knock-")),
        );
        for name in names {
            let activity = activity(peer, &name);
            assert!(activity.is_known(), "{peer}/{name}: {:?}", activity.kind);
            // The file name starts with the activity type.
            let kind = activity.kind.as_str().to_lowercase();
            assert!(
                name.starts_with(&kind) || name.starts_with("double-knock"),
                "{peer}/{name}"
            );
            assert!(
                activity.id.is_some() && activity.actor.is_some(),
                "{peer}/{name}"
            );
            assert!(activity.object.is_some(), "{peer}/{name}");
            parsed += 1;
        }
    }
    assert_eq!(parsed, 62, "delivery count changed");
}

fn followers(peer: &str) -> &'static str {
    match peer {
        "gotosocial" => "http://127.0.0.1:8080/users/bob/followers",
        "fedify" => "http://127.0.0.1:8200/users/fed/followers",
        _ => "http://127.0.0.1:8100/endpoints/K5mvyWoniNSJj1ufLmz-qj4ejsa-fpxBjt6hQxChCmc",
    }
}

#[test]
fn created_notes_have_the_visibility_their_name_says() {
    let expectations = [
        ("create-note-public-delivered.http", Inferred::Public),
        ("create-note-unlisted-delivered.http", Inferred::Unlisted),
        (
            "create-note-followers-only-delivered.http",
            Inferred::FollowersOnly,
        ),
        ("create-note-direct-delivered.http", Inferred::Direct),
        (
            "create-note-mention-hashtag-delivered.http",
            Inferred::Public,
        ),
        (
            "create-note-content-warning-delivered.http",
            Inferred::Public,
        ),
    ];
    for peer in PEERS {
        for (name, expected) in expectations {
            let create = activity(peer, name);
            assert_eq!(create.kind, ActivityType::Create);
            let note = create
                .embedded_object()
                .and_then(AnyObject::as_object)
                .unwrap();
            assert_eq!(note.kind, ObjectType::Note, "{peer}/{name}");
            assert_eq!(note.author(), create.actor_id(), "{peer}/{name}");
            let got = infer_object(note, Some(&create), Some(followers(peer)));
            assert_eq!(got, expected, "{peer}/{name}");
            // The activity's own addressing says the same.
            let mentions: Vec<&str> = note.mentions().map(|m| m.href.as_str()).collect();
            let from_activity = rookery_activitypub::wire::infer(
                &create.to,
                &create.cc,
                Some(followers(peer)),
                &mentions,
            );
            assert_eq!(from_activity, expected, "{peer}/{name} (activity)");
        }
    }
}

#[test]
fn mentions_hashtags_and_content_warnings() {
    for peer in PEERS {
        let create = activity(peer, "create-note-mention-hashtag-delivered.http");
        let note = create
            .embedded_object()
            .and_then(AnyObject::as_object)
            .unwrap();
        assert!(note.mentions().any(|m| m.href == SINK), "{peer}");
        // bovine types its hashtag `_:Hashtag`; still a Hashtag.
        assert!(
            note.hashtags().any(|h| h.normalized() == "rookeryfixtures"),
            "{peer}"
        );

        let create = activity(peer, "create-note-content-warning-delivered.http");
        let note = create
            .embedded_object()
            .and_then(AnyObject::as_object)
            .unwrap();
        assert_eq!(
            note.content_warning(),
            Some("cw: fixture spoilers"),
            "{peer}"
        );

        let reply = activity(peer, "create-note-reply-delivered.http");
        let note = reply
            .embedded_object()
            .and_then(AnyObject::as_object)
            .unwrap();
        assert!(note.in_reply_to.is_some(), "{peer}");
    }
    // GoToSocial's direct note: scalar `to` and a scalar `tag`.
    let direct = activity("gotosocial", "create-note-direct-delivered.http");
    assert_eq!(direct.to.0, vec![SINK.to_owned()]);
    let note = direct
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(
        note.mentions().next().unwrap().name.as_deref(),
        Some("@sink@127.0.0.1:9000")
    );
}

#[test]
fn poll_and_image() {
    let create = activity("gotosocial", "create-question-poll-delivered.http");
    let poll = create
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(poll.kind, ObjectType::Question);
    let names: Vec<&str> = poll
        .poll_options()
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["webfinger", "actor"]);

    let create = activity("gotosocial", "create-note-image-delivered.http");
    let note = create
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(note.attachment.len(), 1);
}

#[test]
fn follows_and_answers() {
    for peer in PEERS {
        let follow = activity(peer, "follow-delivered.http");
        assert_eq!(follow.kind, ActivityType::Follow);
        assert_eq!(follow.object_id(), Some(SINK), "{peer}");
    }
    // GoToSocial and Fedify embed the Follow in Accept/Reject; bovine gives its id.
    let embedded = [
        (
            "gotosocial",
            "accept-delivered.http",
            "http://127.0.0.1:9000/follows/bob-1795345590",
        ),
        (
            "gotosocial",
            "accept-manual-approval-delivered.http",
            "http://127.0.0.1:9000/follows/carol2-1795345601",
        ),
        (
            "gotosocial",
            "reject-delivered.http",
            "http://127.0.0.1:9000/follows/carol1-1795345596",
        ),
        (
            "fedify",
            "accept-delivered.http",
            "http://127.0.0.1:9000/follows/fed-1795345781",
        ),
        (
            "fedify",
            "reject-delivered.http",
            "http://127.0.0.1:9000/follows/fed-1795345781-again",
        ),
    ];
    for (peer, name, follow_id) in embedded {
        let answer = activity(peer, name);
        assert!(matches!(
            answer.kind,
            ActivityType::Accept | ActivityType::Reject
        ));
        let follow = answer
            .embedded_object()
            .and_then(AnyObject::as_activity)
            .unwrap();
        assert_eq!(follow.kind, ActivityType::Follow, "{peer}/{name}");
        assert_eq!(follow.id.as_deref(), Some(follow_id), "{peer}/{name}");
        assert_eq!(follow.actor_id(), Some(SINK), "{peer}/{name}");
    }
    let accept = activity("bovine", "accept-delivered.http");
    assert!(accept.embedded_object().is_none());
    assert_eq!(
        accept.object_id(),
        Some("http://127.0.0.1:9000/follows/alice-2-1795346138")
    );
    let reject = activity("bovine", "reject-delivered.http");
    assert_eq!(
        reject.object_id(),
        Some("http://127.0.0.1:9000/follows/alice-1-1795346133")
    );
}

#[test]
fn undo_like_announce_block_delete_update() {
    for peer in PEERS {
        let like = activity(peer, "like-delivered.http");
        assert_eq!(
            (like.kind.clone(), like.object_id()),
            (ActivityType::Like, Some(SINK_NOTE))
        );
        let announce = activity(peer, "announce-delivered.http");
        assert_eq!(announce.object_id(), Some(SINK_NOTE), "{peer}");
        assert!(
            announce.to.contains(PUBLIC) || announce.cc.contains(PUBLIC),
            "{peer}"
        );
        let block = activity(peer, "block-delivered.http");
        assert_eq!(block.object_id(), Some(SINK), "{peer}");

        for (name, inner, inner_id) in [
            (
                "undo-like-delivered.http",
                ActivityType::Like,
                like.id.clone(),
            ),
            (
                "undo-announce-delivered.http",
                ActivityType::Announce,
                announce.id.clone(),
            ),
            ("undo-follow-delivered.http", ActivityType::Follow, None),
        ] {
            let undo = activity(peer, name);
            assert_eq!(undo.kind, ActivityType::Undo);
            if let Some(expected) = inner_id {
                assert_eq!(undo.object_id(), Some(expected.as_str()), "{peer}/{name}");
            }
            match undo.embedded_object() {
                Some(embedded) => {
                    assert_ne!(peer, &"bovine", "bovine sends ids only");
                    assert_eq!(embedded.as_activity().unwrap().kind, inner, "{peer}/{name}");
                }
                None => assert_eq!(peer, &"bovine", "{name}"),
            }
        }

        let delete = activity(peer, "delete-note-delivered.http");
        assert_eq!(delete.kind, ActivityType::Delete);
        assert!(delete.object_id().is_some(), "{peer}");
        let update = activity(peer, "update-note-delivered.http");
        let note = update
            .embedded_object()
            .and_then(AnyObject::as_object)
            .unwrap();
        assert!(note.content_html().unwrap().contains("(edited)"), "{peer}");
    }
    // Fedify deletes with a Tombstone; GoToSocial and bovine with the id.
    let delete = activity("fedify", "delete-note-delivered.http");
    let tombstone = delete
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(tombstone.kind, ObjectType::Tombstone);
    assert!(activity("gotosocial", "delete-note-delivered.http")
        .embedded_object()
        .is_none());
    // bovine embeds the author in `attributedTo`; only its id is kept.
    let update = activity("bovine", "update-note-delivered.http");
    let note = update
        .embedded_object()
        .and_then(AnyObject::as_object)
        .unwrap();
    assert_eq!(note.author(), update.actor_id());
    // GoToSocial's Undo(Block) and Update(Person).
    let undo = activity("gotosocial", "undo-block-delivered.http");
    assert_eq!(
        undo.embedded_object().unwrap().as_activity().unwrap().kind,
        ActivityType::Block
    );
    let update = activity("gotosocial", "update-person-delivered.http");
    let carol = update
        .embedded_object()
        .and_then(AnyObject::as_actor)
        .unwrap();
    assert_eq!(carol.summary.as_deref(), Some("<p>carol's new bio</p>"));
    assert_eq!(Some(carol.id.as_str()), update.actor_id());
}

#[test]
fn proofs_and_signatures_pass_through() {
    let follow = activity("fedify", "follow-delivered.http");
    let proof = follow.proof.as_ref().unwrap();
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(
        follow.signature.as_ref().unwrap()["type"],
        "RsaSignature2017"
    );
    // Written back unchanged.
    let out = serde_json::to_value(&follow).unwrap();
    assert_eq!(&out["proof"], proof);
    assert!(activity("gotosocial", "follow-delivered.http")
        .proof
        .is_none());
}
