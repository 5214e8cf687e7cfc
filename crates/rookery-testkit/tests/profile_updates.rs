//! A local profile edit reaches the followers' servers: ActivityPub sends an `Update` of
//! the actor with its key (activitypub.md §5.9), Versia sends the User again (versia.md
//! §9.2 "Profile changed").
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod versia_support;

use std::time::Duration;

use rookery_core::service::ProfileChange;
use rookery_core::social::{Follow, FollowState};
use rookery_core::{Account, FollowId, Handle};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};

const WAIT: Duration = Duration::from_secs(20);

/// `follower` (on `instance`) follows `handle` and waits for the Accept.
async fn follow(instance: &TestInstance, follower: &Account, handle: &str) -> Account {
    let services = &instance.state().services;
    let followee = services
        .resolve_handle(&Handle::parse(handle).unwrap())
        .await
        .unwrap()
        .unwrap();
    services.follow(follower.id, followee.id).await.unwrap();
    eventually_async("the follow is accepted", WAIT, || async {
        let follow = services
            .repo()
            .follow_between(follower.id, followee.id)
            .await
            .unwrap();
        (follow.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;
    followee
}

async fn the_follower_sees_the_new_profile(cluster: TestCluster) {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = a.create_user("alice").await.unwrap().0;
    let bob = b.create_user("bob").await.unwrap().0;
    let alice_on_b = follow(b, &bob, "alice@a.test").await;
    let keys_before = alice_on_b.federation().unwrap().public_keys.clone();

    let change = ProfileChange {
        display_name: Some("Alice Liddell".into()),
        note: Some("Curiouser and curiouser".into()),
        locked: Some(true),
        ..ProfileChange::default()
    };
    let updated = a
        .state()
        .services
        .update_profile(alice.id, change)
        .await
        .unwrap();
    assert_eq!(updated.display_name, "Alice Liddell");
    assert!(updated.note.contains("Curiouser"));

    let seen = eventually_async("b sees alice's new profile", WAIT, || async {
        let stored = b
            .state()
            .store
            .account(alice_on_b.id)
            .await
            .unwrap()
            .unwrap();
        (stored.display_name == "Alice Liddell").then_some(stored)
    })
    .await;
    assert!(seen.note.contains("Curiouser"), "{}", seen.note);
    assert!(seen.locked);
    // The key came along (an Update without it would leave b unable to verify alice).
    assert_eq!(seen.federation().unwrap().public_keys, keys_before);
}

#[tokio::test]
async fn activitypub_followers_see_a_profile_update() {
    the_follower_sees_the_new_profile(activitypub_support::ap_cluster(2, |_, _| {}).await).await;
}

#[tokio::test]
async fn versia_followers_see_a_profile_update() {
    the_follower_sees_the_new_profile(versia_support::versia_cluster(2).await).await;
}

/// Nothing has loaded alice's key since start (she never signed or was served): the
/// ActivityPub Update must still carry it, so the service prepares it first.
#[tokio::test]
async fn an_activitypub_update_carries_a_key_not_yet_in_memory() {
    let cluster = activitypub_support::ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = a.create_user("alice").await.unwrap().0;
    b.create_user("bob").await.unwrap();
    let bob_on_a = a
        .state()
        .services
        .resolve_handle(&Handle::parse("bob@b.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    // bob follows alice, written straight into a's store: no Accept is signed.
    let mut tx = a.state().store.begin().await.unwrap();
    tx.insert_follow(&Follow {
        id: FollowId(a.state().ids.next(rookery_server::instance::now())),
        follower: bob_on_a.id,
        followee: alice.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: rookery_server::instance::now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let change = ProfileChange {
        display_name: Some("Alice Liddell".into()),
        ..ProfileChange::default()
    };
    a.state()
        .services
        .update_profile(alice.id, change)
        .await
        .unwrap();
    eventually_async("b hears of alice's new name", WAIT, || async {
        let stored = b
            .state()
            .store
            .remote_account_by_handle("alice", "a.test")
            .await
            .unwrap()?;
        (stored.display_name == "Alice Liddell").then_some(())
    })
    .await;
}
