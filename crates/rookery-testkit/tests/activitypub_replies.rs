//! A note's `replies` collection and the replies crawl (activitypub.md §5.3, §7): b serves
//! the ids of a note's world-readable replies, paged; a, meeting that note for the first
//! time as the parent of a reply, reads the collection and stores the replies it did not
//! have, threaded under the note.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use activitypub_support::{ap_cluster, client, draft, follow, get_json, json, WAIT};
use http::StatusCode;
use rookery_core::service::Draft;
use rookery_core::{NoteId, Visibility};
use rookery_testkit::eventually_async;

fn reply(text: &str, to: NoteId) -> Draft {
    Draft {
        in_reply_to: Some(to),
        ..draft(text, Visibility::Public)
    }
}

#[tokio::test]
async fn replies_are_served_and_crawled() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bea, _) = b.create_user("bea").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (cy, _) = b.create_user("cy").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    // a knows dan before anyone posts (so no outbox backfill brings the replies).
    follow(a, &alice, "@dan@b.test").await;

    let services = &b.state().services;
    let note = services
        .post_note(bea.id, draft("the question", Visibility::Public))
        .await
        .unwrap()
        .note;
    let first = services
        .post_note(bob.id, reply("first answer", note.id))
        .await
        .unwrap()
        .note;
    let second = services
        .post_note(cy.id, reply("second answer", note.id))
        .await
        .unwrap()
        .note;
    let hidden = services
        .post_note(
            cy.id,
            Draft {
                visibility: Visibility::Direct,
                ..reply("only for bea", note.id)
            },
        )
        .await
        .unwrap()
        .note;
    let uri = |id: NoteId| b.url(&format!("/notes/{id}"));

    // b serves the collection: world-readable replies only, oldest first, paged.
    let http = client(a);
    let served = get_json(&http, &format!("{}/replies", uri(note.id)), None).await;
    assert_eq!(served.status, StatusCode::OK);
    let collection = json(&served);
    assert_eq!(collection["type"], "Collection");
    assert_eq!(collection["totalItems"], 2, "{collection}");
    assert_eq!(
        collection["first"]["items"],
        serde_json::json!([uri(first.id), uri(second.id)])
    );
    let after_first = format!(
        "{}/replies?page=true&min_id={}",
        uri(note.id),
        first.id.as_i64()
    );
    let page = json(&get_json(&http, &after_first, None).await);
    assert_eq!(page["type"], "CollectionPage");
    assert_eq!(page["items"], serde_json::json!([uri(second.id)]));
    let document = json(&get_json(&http, &uri(note.id), None).await);
    assert_eq!(
        document["replies"]["id"],
        format!("{}/replies", uri(note.id))
    );
    assert_eq!(document["replies"]["totalItems"], 2, "{document}");

    // dan answers too; a gets that reply, fetches the note, and crawls its replies.
    let third = services
        .post_note(dan.id, reply("third answer", note.id))
        .await
        .unwrap()
        .note;
    let store = &a.state().store;
    let stored = eventually_async("a stores the note and its replies", WAIT, || async {
        let parent = store.note_by_uri(&uri(note.id)).await.unwrap()?;
        let replies = store.replies_to(parent.id).await.unwrap();
        (replies.len() == 3).then_some(replies)
    })
    .await;
    let mut got: Vec<String> = stored.iter().filter_map(|n| n.uri.clone()).collect();
    got.sort();
    let mut want = vec![uri(first.id), uri(second.id), uri(third.id)];
    want.sort();
    assert_eq!(got, want);
    assert!(store.note_by_uri(&uri(hidden.id)).await.unwrap().is_none());
    cluster.shutdown().await;
}
