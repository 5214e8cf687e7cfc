//! One account per remote handle across both protocols (architecture invariant 2;
//! FEDERATION.md "Both protocols"): the preferred protocol's facts are the account's
//! own, the other protocol's id is an alias that `account_by_uri` still finds.

use rookery_core::social::{Follow, FollowState};
use rookery_core::{Account, AccountId, FollowId, Origin, Protocol, PublicKey};
use rookery_store::Store;

use crate::fixtures::*;

/// The same person as `ap` (an ActivityPub account), reached over Versia.
fn versia_twin(ap: &Account, versia_id: &str) -> Account {
    let domain = ap.domain.as_ref().unwrap().as_str().to_owned();
    let mut twin = ap.clone();
    twin.id = AccountId(next_id());
    twin.display_name = format!("{} (versia)", ap.username);
    let Origin::Remote(facts) = &mut twin.origin else {
        unreachable!("remote fixture")
    };
    facts.protocol = Protocol::Versia;
    facts.uri = format!("{domain}:{versia_id}");
    facts.inbox = format!("https://{domain}/.versia/v0.6/inbox");
    facts.shared_inbox = Some(facts.inbox.clone());
    facts.followers = None;
    facts.public_keys = vec![PublicKey {
        key_id: domain,
        algorithm: "ed25519".into(),
        material: "MCowBQYDK2VwAyEA".into(),
    }];
    twin
}

fn protocol_of(account: &Account) -> Protocol {
    account.federation().unwrap().protocol
}

pub(crate) async fn preferred_protocol_takes_over_and_the_id_stays(store: Store) {
    let store = store.with_protocol_preference(vec![Protocol::Versia, Protocol::ActivityPub]);
    let alice = create_local(&store, "alice").await;
    let ap = remote("joe", "b.social");
    let id = store.upsert_remote_account(&ap).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let follow = Follow {
        id: FollowId(next_id()),
        follower: id,
        followee: alice.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(1),
    };
    tx.insert_follow(&follow).await.unwrap();
    tx.commit().await.unwrap();

    // joe's Versia identity arrives: the same account, now with Versia facts.
    let versia = versia_twin(&ap, "77");
    assert_eq!(store.upsert_remote_account(&versia).await.unwrap(), id);
    let own = store.account(id).await.unwrap().unwrap();
    assert_eq!(protocol_of(&own), Protocol::Versia);
    assert_eq!(own.federation().unwrap().uri, "b.social:77");
    assert_eq!(own.display_name, "joe (versia)");
    assert_eq!(own.created_at, ap.created_at);
    let by_handle = store.remote_account_by_handle("joe", "b.social").await;
    assert_eq!(by_handle.unwrap().map(|a| a.id), Some(id));
    let followers = store.all_followers(alice.id).await.unwrap();
    assert_eq!(followers.iter().map(|f| f.id).collect::<Vec<_>>(), [id]);

    // Either id finds it, with that protocol's facts and keys.
    let as_ap = store.account_by_uri(&ap.federation().unwrap().uri).await;
    let as_ap = as_ap.unwrap().unwrap();
    assert_eq!(as_ap.id, id);
    assert_eq!(as_ap.federation(), ap.federation());
    let as_versia = store.account_by_uri("b.social:77").await.unwrap().unwrap();
    assert_eq!(as_versia, own);

    // A refresh over ActivityPub updates the alias; Versia stays the account's own.
    let mut again = ap.clone();
    again.id = AccountId(next_id());
    again.display_name = "Joe Again".into();
    if let Origin::Remote(facts) = &mut again.origin {
        facts.public_keys.push(PublicKey {
            key_id: "https://b.social/users/joe#second".into(),
            algorithm: "ed25519".into(),
            material: "AAAA".into(),
        });
    }
    assert_eq!(store.upsert_remote_account(&again).await.unwrap(), id);
    let own = store.account(id).await.unwrap().unwrap();
    assert_eq!(protocol_of(&own), Protocol::Versia);
    assert_eq!(own.display_name, "Joe Again");
    let as_ap = store.account_by_uri(&ap.federation().unwrap().uri).await;
    let keys = as_ap
        .unwrap()
        .unwrap()
        .federation()
        .unwrap()
        .public_keys
        .len();
    assert_eq!(keys, 2);
    assert!(store.account(again.id).await.unwrap().is_none());
    assert!(store.account(versia.id).await.unwrap().is_none());
}

pub(crate) async fn other_protocol_becomes_an_alias(store: Store) {
    let store = store.with_protocol_preference(vec![Protocol::ActivityPub, Protocol::Versia]);
    let ap = remote("ann", "b.social");
    let versia = versia_twin(&ap, "88");
    // Versia first, then ActivityPub (preferred): the ActivityPub facts take over.
    let id = store.upsert_remote_account(&versia).await.unwrap();
    assert_eq!(store.upsert_remote_account(&ap).await.unwrap(), id);
    let own = store.account(id).await.unwrap().unwrap();
    assert_eq!(protocol_of(&own), Protocol::ActivityPub);
    // Versia again: it stays the alias.
    assert_eq!(store.upsert_remote_account(&versia).await.unwrap(), id);
    let own = store.account(id).await.unwrap().unwrap();
    assert_eq!(protocol_of(&own), Protocol::ActivityPub);
    let as_versia = store.account_by_uri("b.social:88").await.unwrap().unwrap();
    assert_eq!(as_versia.id, id);
    assert_eq!(as_versia.federation(), versia.federation());

    // Another actor under the same protocol and handle is not merged (it is not the
    // other protocol's identity of this person).
    let mut other = remote("ann", "b.social");
    if let Origin::Remote(facts) = &mut other.origin {
        facts.uri = "https://b.social/actors/ann".into();
    }
    assert_eq!(store.upsert_remote_account(&other).await.unwrap(), other.id);

    // Without a preference, the stored protocol stays.
    let plain = store.clone().with_protocol_preference(Vec::new());
    let bo = remote("bo", "c.social");
    let id = plain.upsert_remote_account(&bo).await.unwrap();
    let bo_versia = versia_twin(&bo, "99");
    assert_eq!(plain.upsert_remote_account(&bo_versia).await.unwrap(), id);
    let own = plain.account(id).await.unwrap().unwrap();
    assert_eq!(protocol_of(&own), Protocol::ActivityPub);
    let found = plain.account_by_uri("c.social:99").await.unwrap();
    assert_eq!(found.map(|a| a.id), Some(id));
}
