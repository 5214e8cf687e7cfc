//! Builders for accounts, notes, activities and targets shared by the contract tests.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::{
    Account, AccountId, ActivityId, Domain, FederationFacts, Id, LocalCredentials, Note, NoteId,
    Origin, Protocol, PublicKey, Timestamp, Visibility,
};
use rookery_store::Store;

pub(crate) const T0: i64 = 1_733_000_000_000;

pub(crate) static NEXT_ID: AtomicI64 = AtomicI64::new(1_000);

/// Increasing ids, like snowflakes made one after the other.
pub(crate) fn next_id() -> Id {
    Id::from_i64(NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

pub(crate) fn at(offset_ms: i64) -> Timestamp {
    Timestamp::from_millis(T0 + offset_ms)
}

pub(crate) fn local(username: &str) -> Account {
    Account {
        id: AccountId(next_id()),
        username: username.into(),
        domain: None,
        display_name: format!("{username} display"),
        note: "<p>bio</p>".into(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin: Origin::Local,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub(crate) fn remote(username: &str, domain: &str) -> Account {
    Account {
        id: AccountId(next_id()),
        username: username.into(),
        domain: Some(Domain::parse(domain).unwrap()),
        display_name: username.into(),
        note: String::new(),
        locked: true,
        bot: true,
        discoverable: false,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            uri: format!("https://{domain}/users/{username}"),
            inbox: format!("https://{domain}/users/{username}/inbox"),
            shared_inbox: Some(format!("https://{domain}/inbox")),
            url: Some(format!("https://{domain}/@{username}")),
            outbox: None,
            followers: Some(format!("https://{domain}/users/{username}/followers")),
            public_keys: vec![PublicKey {
                key_id: format!("https://{domain}/users/{username}#main-key"),
                algorithm: "rsa-sha256".into(),
                material: "-----BEGIN PUBLIC KEY-----".into(),
            }],
        })),
        created_at: at(0),
        updated_at: at(0),
    }
}

pub(crate) fn credentials(account: &Account) -> LocalCredentials {
    LocalCredentials {
        account_id: account.id,
        password_hash: "$argon2id$v=19$fake".into(),
        admin: false,
    }
}

pub(crate) async fn create_local(store: &Store, username: &str) -> Account {
    let account = local(username);
    store
        .create_local_account(&account, &credentials(&account))
        .await
        .unwrap();
    account
}

pub(crate) fn note_by(author: AccountId, visibility: Visibility) -> Note {
    let id = NoteId(next_id());
    Note {
        id,
        author,
        uri: Some(format!("https://local.test/notes/{id}")),
        url: None,
        content_html: format!("<p>note {id}</p>"),
        source: format!("note {id}"),
        content_warning: String::new(),
        sensitive: false,
        language: Some("en".into()),
        in_reply_to: None,
        in_reply_to_account: None,
        mentions: Vec::new(),
        attachments: Vec::new(),
        tags: Vec::new(),
        visibility,
        created_at: at(0),
        edited_at: None,
    }
}

pub(crate) async fn post(store: &Store, author: AccountId, visibility: Visibility) -> Note {
    let note = note_by(author, visibility);
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&note).await.unwrap();
    tx.commit().await.unwrap();
    note
}

pub(crate) fn activity(actor: Option<AccountId>, created: Timestamp) -> OutboundActivity {
    OutboundActivity {
        id: ActivityId(next_id()),
        protocol: Protocol::ActivityPub,
        actor,
        body: br#"{"type":"Create"}"#.to_vec(),
        created_at: created,
    }
}

pub(crate) fn target(host: &str, path: &str) -> DeliveryTarget {
    DeliveryTarget {
        inbox: format!("https://{host}/{path}"),
        host: host.into(),
    }
}

pub(crate) async fn enqueue(
    store: &Store,
    activity: &OutboundActivity,
    targets: &[DeliveryTarget],
) -> u64 {
    let mut tx = store.begin().await.unwrap();
    let n = tx.enqueue(activity, targets).await.unwrap();
    tx.commit().await.unwrap();
    n
}

pub(crate) const LEASE: Duration = Duration::from_secs(60);
