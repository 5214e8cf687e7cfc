//! Local uploads (`media_uploads`): round trip with sizes, blurhash and focus; alt text
//! changes only while unattached; attaching happens in the note's transaction, only to
//! the owner's unattached uploads, and vanishes with a rollback; deleting the note
//! frees them.

use rookery_core::media::{Focus, LocalMedia, MediaFile, MediaId};
use rookery_core::{AccountId, MediaKind, Visibility};
use rookery_store::Store;

use crate::fixtures::*;

fn file(name: &str, width: u32, height: u32) -> MediaFile {
    MediaFile {
        url: format!("https://a.test/media/{name}"),
        media_type: "image/jpeg".into(),
        width,
        height,
        size: 123_456,
    }
}

fn upload(owner: AccountId) -> LocalMedia {
    LocalMedia {
        id: MediaId(next_id()),
        owner,
        kind: MediaKind::Image,
        original: file("k.jpg", 4032, 3024),
        small: file("k.small.jpg", 640, 480),
        blurhash: Some("LEHV6nWB2yk8pyo0adR*.7kCMdnj".into()),
        description: Some("A harbour at dawn".into()),
        focus: Focus { x: 0.25, y: -0.5 },
        note: None,
        created_at: at(0),
    }
}

pub(crate) async fn uploads_round_trip_and_describe(store: Store) {
    let alice = create_local(&store, "alice").await;
    let media = upload(alice.id);
    store.insert_media(&media).await.unwrap();
    assert_eq!(store.media(media.id).await.unwrap(), Some(media.clone()));
    assert_eq!(store.media(MediaId(next_id())).await.unwrap(), None);

    let bare = LocalMedia {
        blurhash: None,
        description: None,
        ..upload(alice.id)
    };
    store.insert_media(&bare).await.unwrap();
    assert_eq!(store.media(bare.id).await.unwrap(), Some(bare));

    let focus = Focus { x: -1.0, y: 1.0 };
    assert!(store.update_media(media.id, None, focus).await.unwrap());
    let changed = store.media(media.id).await.unwrap().unwrap();
    assert_eq!(changed.description, None);
    assert_eq!(changed.focus, focus);
    assert!(!store
        .update_media(MediaId(next_id()), Some("x"), focus)
        .await
        .unwrap());
}

pub(crate) async fn attaching_is_transactional(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let (first, second, bobs) = (upload(alice.id), upload(alice.id), upload(bob.id));
    for media in [&first, &second, &bobs] {
        store.insert_media(media).await.unwrap();
    }

    // A rolled-back post leaves its uploads unattached.
    let note = note_by(alice.id, Visibility::Public);
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&note).await.unwrap();
    assert_eq!(
        tx.attach_media(note.id, alice.id, &[first.id, second.id])
            .await
            .unwrap(),
        2
    );
    drop(tx);
    assert_eq!(store.media(first.id).await.unwrap().unwrap().note, None);

    // Only the owner's unattached uploads are attached.
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&note).await.unwrap();
    assert_eq!(
        tx.attach_media(note.id, alice.id, &[first.id, bobs.id])
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    assert_eq!(
        store.media(first.id).await.unwrap().unwrap().note,
        Some(note.id)
    );
    assert_eq!(store.media(bobs.id).await.unwrap().unwrap().note, None);
    assert_eq!(store.media_of_note(note.id).await.unwrap().len(), 1);

    // An attached upload is taken: neither attached again nor described.
    let other = post(&store, alice.id, Visibility::Public).await;
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.attach_media(other.id, alice.id, &[first.id])
            .await
            .unwrap(),
        0
    );
    drop(tx);
    assert!(!store
        .update_media(first.id, Some("late"), Focus::CENTER)
        .await
        .unwrap());

    // Deleting the note frees its uploads (delete and redraft).
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.media(first.id).await.unwrap().unwrap().note, None);
}
