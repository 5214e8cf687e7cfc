//! Shared by the multi-process worker tests (`multi_worker.rs`, `worker_liveness.rs`):
//! an author with one accepted follower on each simulated peer host, and posting a note
//! whose Create every peer should receive.
#![allow(dead_code)]

use rookery_core::service::Draft;
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Origin, Protocol, PublicKey,
};
use rookery_server::{accounts, instance};

/// Posts a public note by `author`; returns its Create activity's id.
pub async fn post_note(state: &rookery_server::AppState, author: AccountId, text: &str) -> String {
    let note = state
        .services
        .post_note(author, Draft::public(text))
        .await
        .unwrap();
    format!("{}/notes/{}#create", state.public_url, note.note.id)
}

/// The author and one accepted follower on each of `hosts` peer hosts (`hN.peers.test`).
pub async fn followers_on_peers(state: &rookery_server::AppState, hosts: usize) -> AccountId {
    let now = instance::now();
    let author = accounts::create_local_account(
        &state.store,
        &state.ids,
        now,
        "author",
        "a-test-password-1",
        false,
    )
    .await
    .unwrap();
    let mut tx = state.store.begin().await.unwrap();
    for index in 0..hosts {
        let host = format!("h{index}.peers.test");
        let uri = format!("http://{host}/users/u0");
        let follower = Account {
            id: AccountId(state.ids.next(now)),
            username: "u0".into(),
            domain: Some(Domain::parse(&host).unwrap()),
            display_name: String::new(),
            note: String::new(),
            locked: false,
            bot: false,
            discoverable: false,
            profile: Default::default(),
            origin: Origin::Remote(Box::new(FederationFacts {
                protocol: Protocol::ActivityPub,
                uri: uri.clone(),
                inbox: format!("{uri}/inbox"),
                shared_inbox: Some(format!("http://{host}/inbox")),
                url: None,
                outbox: None,
                followers: None,
                public_keys: vec![PublicKey {
                    key_id: format!("{uri}#main-key"),
                    algorithm: "rsa-sha256".into(),
                    material: String::new(),
                }],
            })),
            created_at: now,
            updated_at: now,
        };
        let follower = tx.upsert_remote_account(&follower).await.unwrap();
        tx.insert_follow(&Follow {
            id: FollowId(state.ids.next(now)),
            follower,
            followee: author.id,
            state: FollowState::Accepted,
            uri: None,
            show_reblogs: true,
            notify: false,
            created_at: now,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    author.id
}
