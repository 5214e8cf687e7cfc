//! Reports to the moderators: stored with their lists, once per federation id.

use rookery_core::{NoteId, Report, ReportId};
use rookery_store::Store;

use crate::fixtures::*;

pub(crate) async fn reports_round_trip_and_dedupe(store: Store) {
    let alice = create_local(&store, "alice").await;
    let joe = store
        .upsert_remote_account(&remote("joe", "b.social"))
        .await
        .unwrap();
    let flagged = Report {
        id: ReportId(next_id()),
        reporter: Some(joe),
        accounts: vec![alice.id],
        notes: vec![NoteId(next_id()), NoteId(next_id())],
        comment: "spam, twice".into(),
        tags: vec!["spam".into(), "harassment".into()],
        uri: Some("https://b.social/flags/1".into()),
        created_at: at(0),
    };
    let anonymous = Report {
        id: ReportId(next_id()),
        reporter: None,
        accounts: vec![alice.id],
        notes: Vec::new(),
        comment: String::new(),
        tags: Vec::new(),
        uri: None,
        created_at: at(1),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_report(&flagged).await.unwrap());
    assert!(tx.insert_report(&anonymous).await.unwrap());
    // The same Flag delivered again is not a second report.
    let again = Report {
        id: ReportId(next_id()),
        ..flagged.clone()
    };
    assert!(!tx.insert_report(&again).await.unwrap());
    tx.commit().await.unwrap();

    let stored = store.recent_reports(10).await.unwrap();
    assert_eq!(stored, vec![anonymous, flagged.clone()]);
    assert_eq!(store.recent_reports(1).await.unwrap().len(), 1);
}
