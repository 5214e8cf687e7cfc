//! Attachments and hashtags stored with notes (activitypub.md §5.4, §5.5): round trip,
//! edits replace them, deletes take them along, the tag timeline.

use rookery_core::{Attachment, MediaKind, Page, Visibility};
use rookery_store::Store;

use crate::fixtures::*;

fn image() -> Attachment {
    Attachment {
        url: "https://b.social/media/1.png".into(),
        media_type: Some("image/png".into()),
        description: Some("A red square".into()),
        blurhash: Some("L7M^z|]TfQ]T|wo1fQo1fQfQfQfQ".into()),
        width: Some(640),
        height: Some(480),
        kind: MediaKind::Image,
    }
}

pub(crate) async fn attachments_and_tags_round_trip(store: Store) {
    let alice = create_local(&store, "alice").await;
    let mut note = note_by(alice.id, Visibility::Public);
    let bare = Attachment::remote("https://b.social/media/2.bin", None);
    note.attachments = vec![image(), bare.clone()];
    note.tags = vec!["fedi".into(), "rust".into()];
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&note).await.unwrap();
    tx.commit().await.unwrap();

    let stored = store.note(note.id).await.unwrap().unwrap();
    assert_eq!(stored, note);
    let by_uri = store.note_by_uri(note.uri.as_deref().unwrap()).await;
    assert_eq!(by_uri.unwrap().unwrap().attachments, note.attachments);
    let timeline = store
        .public_timeline(false, &Page::newest(20))
        .await
        .unwrap();
    assert_eq!(timeline[0].tags, note.tags);
    assert_eq!(timeline[0].attachments, note.attachments);

    // An edit replaces both lists.
    note.attachments = vec![bare];
    note.tags = vec!["rust".into()];
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_note(&note).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.note(note.id).await.unwrap().unwrap(), note);

    // Deleting the note takes them along.
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store
        .tag_timeline("rust", &Page::newest(20))
        .await
        .unwrap()
        .is_empty());
}

pub(crate) async fn tag_timeline_shows_public_notes_newest_first(store: Store) {
    let alice = create_local(&store, "alice").await;
    let mut notes = Vec::new();
    for visibility in [
        Visibility::Public,
        Visibility::Unlisted,
        Visibility::Public,
        Visibility::Public,
    ] {
        let mut note = note_by(alice.id, visibility);
        note.tags = vec!["rust".into()];
        let mut tx = store.begin().await.unwrap();
        tx.insert_note(&note).await.unwrap();
        tx.commit().await.unwrap();
        notes.push(note);
    }
    post(&store, alice.id, Visibility::Public).await; // untagged

    let ids = |found: Vec<rookery_core::Note>| found.iter().map(|n| n.id).collect::<Vec<_>>();
    let all = store.tag_timeline("rust", &Page::newest(20)).await.unwrap();
    assert_eq!(ids(all), vec![notes[3].id, notes[2].id, notes[0].id]);
    let page = Page::new(Some(notes[3].id.0), None, None, Some(1));
    let older = store.tag_timeline("rust", &page).await.unwrap();
    assert_eq!(ids(older), vec![notes[2].id]);
    assert!(store
        .tag_timeline("other", &Page::newest(20))
        .await
        .unwrap()
        .is_empty());
}
