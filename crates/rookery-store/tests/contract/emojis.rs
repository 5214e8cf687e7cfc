//! Remote custom emoji: linked to a note, replaced as a whole on edit, one image URL per
//! (domain, shortcode) with the newest winning, gone with the note.

use rookery_core::emoji::CustomEmoji;
use rookery_core::ports::Emojis;
use rookery_core::Visibility;
use rookery_store::Store;

use crate::fixtures::*;

fn emoji(shortcode: &str, url: &str) -> CustomEmoji {
    CustomEmoji {
        shortcode: shortcode.into(),
        url: url.into(),
    }
}

pub(crate) async fn note_emojis_round_trip(store: Store) {
    let joe = store
        .upsert_remote_account(&remote("joe", "b.social"))
        .await
        .unwrap();
    let first = post(&store, joe, Visibility::Public).await;
    let second = post(&store, joe, Visibility::Public).await;
    assert!(store.note_emojis(first.id).await.unwrap().is_empty());

    let blob = emoji("blob", "https://b.social/blob.png");
    let wave = emoji("wave", "https://b.social/wave.png");
    store
        .set_note_emojis(first.id, "b.social", &[wave.clone(), blob.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.note_emojis(first.id).await.unwrap(),
        [blob.clone(), wave.clone()],
        "by shortcode"
    );

    // A newer image for :blob: on the same server shows on every note using it; the
    // second note's set replaces nothing of the first's.
    let new_blob = emoji("blob", "https://b.social/blob2.png");
    store
        .set_note_emojis(second.id, "b.social", std::slice::from_ref(&new_blob))
        .await
        .unwrap();
    assert_eq!(
        store.note_emojis(first.id).await.unwrap(),
        [new_blob.clone(), wave.clone()]
    );

    // An edit sets the whole list again.
    store
        .set_note_emojis(first.id, "b.social", std::slice::from_ref(&wave))
        .await
        .unwrap();
    assert_eq!(store.note_emojis(first.id).await.unwrap(), [wave]);
    assert_eq!(store.note_emojis(second.id).await.unwrap(), [new_blob]);

    let mut tx = store.begin().await.unwrap();
    tx.delete_note(second.id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(store.note_emojis(second.id).await.unwrap().is_empty());
}
