//! The four visibilities across three instances (activitypub.md §5.2, §6.1; seed 002's
//! "What Gets Federated"): an author on a.test with two followers on b.test mentions a
//! user of c.test in one note of each visibility. Who receives each, who does not, and
//! what each receiver stores as its visibility.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use activitypub_support::{ap_cluster, draft, drained, follow, WAIT};
use rookery_core::{Page, Visibility};
use rookery_testkit::{eventually_async, TestInstance};

async fn stored_visibility(instance: &TestInstance, uri: &str) -> Option<Visibility> {
    let note = instance.state().store.note_by_uri(uri).await.unwrap();
    note.map(|n| n.visibility)
}

#[tokio::test]
async fn each_visibility_reaches_exactly_its_audience() {
    let cluster = ap_cluster(3, |_, _| {}).await;
    let (a, b, c) = (
        cluster.instance("a"),
        cluster.instance("b"),
        cluster.instance("c"),
    );
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (bea, _) = b.create_user("bea").await.unwrap();
    let (cy, _) = c.create_user("cy").await.unwrap();
    follow(b, &bob, "@alice@a.test").await;
    follow(b, &bea, "@alice@a.test").await;

    let cases = [
        Visibility::Public,
        Visibility::Unlisted,
        Visibility::FollowersOnly,
        Visibility::Direct,
    ];
    let mut uris = Vec::new();
    for visibility in cases {
        let text = format!("{} note for @cy@c.test", visibility.as_str());
        let posted = a
            .state()
            .services
            .post_note(alice.id, draft(&text, visibility))
            .await
            .unwrap();
        assert_eq!(posted.mentioned.len(), 1, "cy was resolved on c.test");
        uris.push(a.url(&format!("/notes/{}", posted.note.id)));
    }

    // The mentioned user receives every one of them, each as what it is.
    for (visibility, uri) in cases.iter().zip(&uris) {
        let stored = eventually_async("c.test receives the note", WAIT, || async {
            stored_visibility(c, uri).await
        })
        .await;
        assert_eq!(stored, *visibility, "on c.test: {uri}");
    }
    // The followers' server receives all but the direct one.
    for (visibility, uri) in cases.iter().zip(&uris).take(3) {
        let stored = eventually_async("b.test receives the note", WAIT, || async {
            stored_visibility(b, uri).await
        })
        .await;
        assert_eq!(stored, *visibility, "on b.test: {uri}");
    }
    // Once a.test has nothing left to send, the direct note has not reached b.test.
    drained(a).await;
    assert_eq!(
        stored_visibility(b, &uris[3]).await,
        None,
        "direct stays off b.test"
    );

    // Both followers see the first three at home; neither sees the direct one.
    for follower in [&bob, &bea] {
        let home = b
            .state()
            .services
            .home_timeline(follower.id, &Page::default())
            .await
            .unwrap();
        let mut seen: Vec<Visibility> = home.iter().map(|n| n.visibility).collect();
        seen.sort_by_key(|v| v.as_str());
        let mut expected = cases[..3].to_vec();
        expected.sort_by_key(|v| v.as_str());
        assert_eq!(seen, expected, "{}'s home", follower.username);
    }
    // cy is told of each mention, the direct one included.
    let notified = c
        .state()
        .services
        .notifications(cy.id, &Page::default())
        .await
        .unwrap();
    assert_eq!(notified.len(), 4, "{notified:?}");
    cluster.shutdown().await;
}
