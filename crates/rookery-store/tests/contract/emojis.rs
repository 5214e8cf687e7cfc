//! Remote custom emoji: linked to a note, replaced as a whole on edit, one image URL per
//! (domain, shortcode) with the newest winning, gone with the note. Local emoji: added,
//! replaced (keeping when they were first added), listed by shortcode, removed.

use rookery_core::emoji::{CustomEmoji, LocalEmoji};
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

fn local(shortcode: &str, file: &str, added: i64) -> LocalEmoji {
    LocalEmoji {
        shortcode: shortcode.into(),
        url: format!("https://local.test/media/{file}.png"),
        media_type: "image/png".into(),
        category: None,
        created_at: at(added),
        updated_at: at(added),
    }
}

pub(crate) async fn local_emojis_round_trip(store: Store) {
    assert!(store.local_emojis().await.unwrap().is_empty());
    let wave = local("wave", "w1", 1);
    let mut blob = local("blobcat", "b1", 2);
    blob.category = Some("Blobs".into());
    assert_eq!(store.put_local_emoji(&wave).await.unwrap(), None);
    assert_eq!(store.put_local_emoji(&blob).await.unwrap(), None);
    assert_eq!(
        store.local_emojis().await.unwrap(),
        [blob.clone(), wave.clone()]
    );

    // A new image replaces the old one, which is returned; `created_at` stays.
    let new_blob = local("blobcat", "b2", 5);
    assert_eq!(
        store.put_local_emoji(&new_blob).await.unwrap(),
        Some(blob.clone())
    );
    let stored = store.local_emojis().await.unwrap();
    assert_eq!(stored[0].url, new_blob.url);
    assert_eq!(stored[0].category, None);
    assert_eq!(stored[0].created_at, blob.created_at);
    assert_eq!(stored[0].updated_at, at(5));

    assert_eq!(store.remove_local_emoji("wave").await.unwrap(), Some(wave));
    assert_eq!(store.remove_local_emoji("wave").await.unwrap(), None);
    assert_eq!(store.local_emojis().await.unwrap().len(), 1);
}
