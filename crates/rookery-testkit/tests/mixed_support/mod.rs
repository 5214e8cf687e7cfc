//! Shared by the mixed-protocol cluster tests: a.test speaks both protocols and prefers
//! Versia, b.test speaks both and prefers ActivityPub, c.test speaks ActivityPub only;
//! users, handles resolved over federation, follows waited for, and what an instance
//! stores for a federation id.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rookery_core::ports::DeliveryQueue;
use rookery_core::social::FollowState;
use rookery_core::{Account, AccountId, Handle, Note, Page, Protocol};
use rookery_testkit::{eventually_async, Backend, ClusterOptions, TestCluster, TestInstance};

pub const WAIT: Duration = Duration::from_secs(20);

/// a.test: both, prefers Versia; b.test: both, prefers ActivityPub; c.test: ActivityPub.
pub async fn mixed_cluster() -> TestCluster {
    mixed_cluster_on(Backend::Sqlite)
        .await
        .expect("SQLite instances always start")
}

/// As `mixed_cluster`, on the given backend (each instance its own database); `None`
/// when PostgreSQL is unreachable outside CI (the store printed why).
pub async fn mixed_cluster_on(backend: Backend) -> Option<TestCluster> {
    let options = ClusterOptions {
        backend,
        configure: Some(Box::new(|domain, config| {
            let (protocols, prefer): (&[&str], &str) = match domain {
                "a.test" => (&["activitypub", "versia"], "versia"),
                "b.test" => (&["activitypub", "versia"], "activitypub"),
                _ => (&["activitypub"], "activitypub"),
            };
            config.federation.protocols = protocols.iter().map(|p| p.to_string()).collect();
            config.federation.prefer = prefer.into();
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(3, options).await.unwrap()
}

pub async fn user(instance: &TestInstance, name: &str) -> Account {
    instance.create_user(name).await.unwrap().0
}

/// `handle` as `instance` knows it: stored, or resolved over federation (WebFinger, then
/// the protocol the instance prefers among those offered).
pub async fn resolve(instance: &TestInstance, handle: &str) -> Account {
    let handle = Handle::parse(handle).unwrap();
    instance
        .state()
        .services
        .resolve_handle(&handle)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{handle} did not resolve"))
}

/// `follower` (local on `instance`) follows `handle`; waits for the accept. Returns
/// the followee as `instance` stores it.
pub async fn follow(instance: &TestInstance, follower: &Account, handle: &str) -> Account {
    let followee = resolve(instance, handle).await;
    let services = &instance.state().services;
    services.follow(follower.id, followee.id).await.unwrap();
    eventually_async(&format!("{handle} accepts the follow"), WAIT, || async {
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

/// The protocol whose facts `account` carries.
pub fn protocol(account: &Account) -> Protocol {
    account.federation().expect("a remote account").protocol
}

/// The account `uri` names on `instance` (either protocol's id).
pub async fn account_by_uri(instance: &TestInstance, uri: &str) -> Option<Account> {
    instance.state().store.account_by_uri(uri).await.unwrap()
}

/// Waits until `instance` stores the note `uri`.
pub async fn note_arrives(instance: &TestInstance, uri: &str) -> Note {
    let store = &instance.state().store;
    eventually_async(&format!("{uri} on {}", instance.domain), WAIT, || async {
        store.note_by_uri(uri).await.unwrap()
    })
    .await
}

/// Waits until `instance` no longer stores the note `uri`.
pub async fn note_gone(instance: &TestInstance, uri: &str) {
    let store = &instance.state().store;
    eventually_async(
        &format!("{uri} gone on {}", instance.domain),
        WAIT,
        || async {
            store
                .note_by_uri(uri)
                .await
                .unwrap()
                .is_none()
                .then_some(())
        },
    )
    .await;
}

/// Whether `note` shows in `account`'s home timeline on `instance`.
pub async fn at_home(instance: &TestInstance, account: AccountId, note: &Note) -> bool {
    instance
        .state()
        .services
        .home_timeline(account, &Page::default())
        .await
        .unwrap()
        .iter()
        .any(|n| n.id == note.id)
}

/// Waits until `instance` has no delivery left to make.
pub async fn drained(instance: &TestInstance) {
    eventually_async("the delivery queue drains", WAIT, || async {
        (instance.state().store.depth().await.unwrap() == 0).then_some(())
    })
    .await;
}

/// The ActivityPub adapter counter `name` of `instance` (e.g. `inbox_requests.shared`).
pub fn ap_counter(instance: &TestInstance, name: &str) -> u64 {
    let adapter = instance
        .state()
        .adapters
        .iter()
        .find(|a| a.protocol() == Protocol::ActivityPub)
        .expect("the instance speaks ActivityPub");
    adapter
        .counters()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no counter {name}"))
}

/// AP note id and Versia reference of a local note of `instance`.
pub fn ap_note(instance: &TestInstance, note: &Note) -> String {
    instance.url(&format!("/notes/{}", note.id))
}

pub fn versia_note(instance: &TestInstance, note: &Note) -> String {
    format!("{}:{}", instance.domain, note.id.as_i64())
}

pub fn ap_actor(instance: &TestInstance, account: &Account) -> String {
    instance.url(&format!("/users/{}", account.username))
}

pub fn versia_user(instance: &TestInstance, account: &Account) -> String {
    format!("{}:{}", instance.domain, account.id.as_i64())
}
