//! Accounts, credentials, tokens, migrations and the idempotent inbox.

use rookery_core::{AccessToken, Origin, PublicKey, TokenId};
use rookery_store::{Store, StoreError};

use crate::fixtures::*;

pub(crate) async fn migrations_are_idempotent(store: Store) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.count_local_accounts().await.unwrap(), 0);
}

pub(crate) async fn local_account_creation_and_username_clash(store: Store) {
    let alice = create_local(&store, "Alice").await;
    let mut clash = local("aLICE");
    clash.display_name = "impostor".into();
    let err = store
        .create_local_account(&clash, &credentials(&clash))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::UsernameTaken), "{err:?}");
    // Nothing of the failed creation is left behind.
    assert!(store.account(clash.id).await.unwrap().is_none());
    assert!(store.local_credentials(clash.id).await.unwrap().is_none());
    assert_eq!(store.count_local_accounts().await.unwrap(), 1);
    assert_eq!(store.account(alice.id).await.unwrap(), Some(alice));
    // A remote account with the same name is no clash.
    store
        .upsert_remote_account(&remote("alice", "remote.test"))
        .await
        .unwrap();
    assert_eq!(store.count_local_accounts().await.unwrap(), 1);
}

pub(crate) async fn local_account_lookups(store: Store) {
    let bob = create_local(&store, "bob").await;
    let mut carol = local("Carol");
    carol.locked = true;
    let mut creds = credentials(&carol);
    creds.admin = true;
    store.create_local_account(&carol, &creds).await.unwrap();

    assert_eq!(
        store.local_account_by_username("BOB").await.unwrap(),
        Some(bob.clone())
    );
    assert_eq!(
        store.local_account_by_username("carol").await.unwrap(),
        Some(carol.clone())
    );
    assert_eq!(store.local_account_by_username("dave").await.unwrap(), None);
    assert_eq!(
        store.local_credentials(carol.id).await.unwrap(),
        Some(creds.clone())
    );
    let all = store.local_accounts().await.unwrap();
    assert_eq!(
        all,
        vec![
            (bob.clone(), credentials(&bob)),
            (carol.clone(), creds.clone())
        ]
    );

    let mut new_creds = creds.clone();
    new_creds.password_hash = "new".into();
    new_creds.admin = false;
    assert!(store.update_local_credentials(&new_creds).await.unwrap());
    assert_eq!(
        store.local_credentials(carol.id).await.unwrap(),
        Some(new_creds)
    );

    let mut edited = bob.clone();
    edited.display_name = "Bobby".into();
    edited.bot = true;
    edited.updated_at = at(5);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_account_profile(&edited).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.account(bob.id).await.unwrap(), Some(edited));
}

pub(crate) async fn remote_upsert_keeps_the_id(store: Store) {
    let first = remote("joe", "b.social");
    let id = store.upsert_remote_account(&first).await.unwrap();
    assert_eq!(id, first.id);
    assert_eq!(store.account(id).await.unwrap(), Some(first.clone()));

    let mut again = remote("joe", "b.social");
    again.display_name = "Joe Renamed".into();
    again.updated_at = at(10);
    if let Origin::Remote(facts) = &mut again.origin {
        facts.public_keys.push(PublicKey {
            key_id: "https://b.social/users/joe#second".into(),
            algorithm: "ed25519".into(),
            material: "AAAA".into(),
        });
    }
    let id2 = store.upsert_remote_account(&again).await.unwrap();
    assert_eq!(id2, first.id, "an update keeps the stored id");
    assert!(store.account(again.id).await.unwrap().is_none());
    let stored = store.account(first.id).await.unwrap().unwrap();
    assert_eq!(stored.display_name, "Joe Renamed");
    assert_eq!(stored.created_at, first.created_at);
    assert_eq!(stored.updated_at, at(10));
    assert_eq!(stored.federation().unwrap().public_keys.len(), 2);
    assert_eq!(
        store
            .account_by_uri("https://b.social/users/joe")
            .await
            .unwrap()
            .map(|a| a.id),
        Some(first.id)
    );
    assert_eq!(
        store
            .remote_account_by_handle("JOE", "b.social")
            .await
            .unwrap()
            .map(|a| a.id),
        Some(first.id)
    );
    // A local account cannot be upserted as remote.
    assert!(store.upsert_remote_account(&local("x")).await.is_err());
}

pub(crate) async fn access_tokens(store: Store) {
    let alice = create_local(&store, "alice").await;
    let token = AccessToken {
        id: TokenId(next_id()),
        account: alice.id,
        token_sha256: "ab".repeat(32),
        scopes: "read write follow".into(),
        app_name: Some("cli".into()),
        created_at: at(1),
    };
    store.create_access_token(&token).await.unwrap();
    assert_eq!(
        store.access_token_by_hash(&"ab".repeat(32)).await.unwrap(),
        Some(token.clone())
    );
    assert_eq!(
        store.access_tokens_of(alice.id).await.unwrap(),
        vec![token.clone()]
    );
    assert_eq!(
        store.access_token_by_hash(&"cd".repeat(32)).await.unwrap(),
        None
    );
    store.revoke_access_token(token.id).await.unwrap();
    assert_eq!(
        store.access_token_by_hash(&"ab".repeat(32)).await.unwrap(),
        None
    );
}

pub(crate) async fn inbox_seen_is_idempotent(store: Store) {
    let uri = "https://b.social/activities/1";
    let mut tx = store.begin().await.unwrap();
    assert!(tx.mark_inbox_seen(uri, at(0)).await.unwrap());
    assert!(!tx.mark_inbox_seen(uri, at(1)).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store.inbox_seen(uri).await.unwrap());

    // A rolled-back attempt leaves no mark.
    let other = "https://b.social/activities/2";
    {
        let mut tx = store.begin().await.unwrap();
        assert!(tx.mark_inbox_seen(other, at(0)).await.unwrap());
    }
    assert!(!store.inbox_seen(other).await.unwrap());

    assert_eq!(store.forget_inbox_seen_before(at(1)).await.unwrap(), 1);
    assert!(!store.inbox_seen(uri).await.unwrap());
    let mut tx = store.begin().await.unwrap();
    assert!(tx.mark_inbox_seen(uri, at(2)).await.unwrap());
    tx.commit().await.unwrap();
}

/// `Delete(actor)` and 410s (activitypub.md §5.9, §6.2): a remote account goes with its
/// notes, follows and likes; a second delete and local accounts change nothing.
pub(crate) async fn remote_account_deletion_cascades(store: Store) {
    use rookery_core::social::{Follow, FollowState, Like};
    use rookery_core::{FollowId, LikeId, Visibility};

    let alice = create_local(&store, "alice").await;
    let mut joe = remote("joe", "b.social");
    if let Origin::Remote(facts) = &mut joe.origin {
        facts.shared_inbox = None;
    }
    let joe = store.upsert_remote_account(&joe).await.unwrap();
    let ann = store
        .upsert_remote_account(&remote("ann", "b.social"))
        .await
        .unwrap();
    // A personal inbox finds its account; one that is also a shared inbox does not.
    let by_inbox = store
        .account_by_personal_inbox("https://b.social/users/joe/inbox")
        .await
        .unwrap();
    assert_eq!(by_inbox.map(|a| a.id), Some(joe));
    assert!(store
        .account_by_personal_inbox("https://b.social/inbox")
        .await
        .unwrap()
        .is_none());

    let joes = post(&store, joe, Visibility::Public).await;
    let alices = post(&store, alice.id, Visibility::Public).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_follow(&Follow {
        id: FollowId(next_id()),
        follower: joe,
        followee: alice.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.insert_like(&Like {
        id: LikeId(next_id()),
        account: joe,
        note: alices.id,
        created_at: at(1),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_remote_account(joe).await.unwrap());
    assert!(!tx.delete_remote_account(joe).await.unwrap(), "idempotent");
    assert!(
        !tx.delete_remote_account(alice.id).await.unwrap(),
        "never a local account"
    );
    tx.commit().await.unwrap();
    assert!(store.account(joe).await.unwrap().is_none());
    assert!(store.note(joes.id).await.unwrap().is_none());
    assert!(store.note(alices.id).await.unwrap().is_some());
    assert_eq!(store.count_likes(alices.id).await.unwrap(), 0);
    assert_eq!(store.follow_counts(alice.id).await.unwrap().followers, 0);
    assert!(store.account(ann).await.unwrap().is_some());
}
