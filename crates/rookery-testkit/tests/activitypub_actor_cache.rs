//! Actor cache freshness (activitypub.md §3.1; seed 002 "cache actors for reasonable
//! time (24h)"): a stored actor older than a day is still used at once to verify its
//! activity, and fetched again in the background.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::Duration;

use activitypub_support::{ap_cluster, draft, follow, WAIT};
use rookery_core::Visibility;
use rookery_server::config::HumanDuration;
use rookery_server::instance::now;
use rookery_testkit::eventually_async;

#[tokio::test]
async fn a_stale_actor_is_refreshed_when_it_is_used() {
    // This test ages a's stored copy of bob behind the server's back, as a day passing
    // would: a's memory of bob (federation.actor_memory) would hide that for a minute.
    let cluster = ap_cluster(2, |_, config| {
        config.federation.actor_memory = HumanDuration(Duration::ZERO)
    })
    .await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    follow(a, &alice, "@bob@b.test").await;
    let store = &a.state().store;
    let bob_uri = b.url("/users/bob");

    // a's copy of bob: two days old, with a name bob never had.
    let mut stale = store.account_by_uri(&bob_uri).await.unwrap().unwrap();
    stale.display_name = "outdated".into();
    stale.updated_at = now() - Duration::from_secs(48 * 3600);
    let mut tx = store.begin().await.unwrap();
    tx.upsert_remote_account(&stale).await.unwrap();
    tx.commit().await.unwrap();

    // bob's next note verifies with the stored key and is stored at once...
    let note = b
        .state()
        .services
        .post_note(bob.id, draft("still here", Visibility::Public))
        .await
        .unwrap()
        .note;
    let note_uri = b.url(&format!("/notes/{}", note.id));
    eventually_async("a stores bob's note", WAIT, || async {
        store.note_by_uri(&note_uri).await.unwrap()
    })
    .await;
    // ...and bob is fetched again behind it.
    let fresh = eventually_async("a refreshes bob", WAIT, || async {
        let account = store.account_by_uri(&bob_uri).await.unwrap()?;
        (account.display_name != "outdated").then_some(account)
    })
    .await;
    assert!(now().since(fresh.updated_at) < Duration::from_secs(3600));
    cluster.shutdown().await;
}
