//! Emoji reactions and dislikes (versia.md §10.9, §10.6).

use rookery_core::reaction::{Dislike, Reaction};
use rookery_core::{DislikeId, ReactionId, Visibility};
use rookery_store::Store;

use crate::fixtures::*;

pub(crate) async fn reactions_and_dislikes(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let note = post(&store, alice.id, Visibility::Public).await;
    let fire = Reaction {
        id: ReactionId(next_id()),
        account: bob.id,
        note: note.id,
        content: "🔥".into(),
        uri: Some("b.test:r1".into()),
        created_at: at(1),
    };
    let cat = Reaction {
        id: ReactionId(next_id()),
        content: ":blobcat:".into(),
        uri: None,
        created_at: at(2),
        ..fire.clone()
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_reaction(&fire).await.unwrap());
    assert!(tx.insert_reaction(&cat).await.unwrap());
    let again = Reaction {
        id: ReactionId(next_id()),
        uri: None,
        ..fire.clone()
    };
    assert!(
        !tx.insert_reaction(&again).await.unwrap(),
        "one per content"
    );
    tx.commit().await.unwrap();
    assert_eq!(
        store.reactions_on(note.id).await.unwrap(),
        [fire.clone(), cat.clone()]
    );
    assert_eq!(
        store.reaction_between(bob.id, note.id, "🔥").await.unwrap(),
        Some(fire.clone())
    );
    assert_eq!(
        store.reaction_by_uri("b.test:r1").await.unwrap(),
        Some(fire.clone())
    );

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_reaction(fire.id).await.unwrap());
    assert!(!tx.delete_reaction(fire.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.reactions_on(note.id).await.unwrap(), [cat]);

    // A second dislike of the note by bob replaces the first; a duplicate is refused.
    let first = Dislike {
        id: DislikeId(next_id()),
        account: bob.id,
        note: note.id,
        uri: Some("b.test:d1".into()),
        created_at: at(3),
    };
    let second = Dislike {
        id: DislikeId(next_id()),
        uri: Some("b.test:d2".into()),
        ..first.clone()
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_dislike(&first).await.unwrap());
    assert!(tx.insert_dislike(&second).await.unwrap());
    assert!(!tx.insert_dislike(&second).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.dislike_by_uri("b.test:d1").await.unwrap(), None);
    assert_eq!(
        store.dislike_by_uri("b.test:d2").await.unwrap(),
        Some(second)
    );

    // Both go with the note.
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store.reactions_on(note.id).await.unwrap().is_empty());
    assert_eq!(store.dislike_by_uri("b.test:d2").await.unwrap(), None);
}
