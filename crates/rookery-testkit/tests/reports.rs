//! Reports between real instances: a remote server reports a local account (and one of
//! its notes) and this instance stores one report for its moderators, once however
//! often it arrives. ActivityPub `Flag` (activitypub.md §5.10) and Versia
//! `pub.versia:reports/Report` (versia.md §10.10).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod versia_support;

use std::time::SystemTime;

use rookery_core::service::Draft;
use rookery_core::Report;
use rookery_testkit::TestInstance;
use serde_json::json;

async fn reports(instance: &TestInstance) -> Vec<Report> {
    instance.state().store.recent_reports(10).await.unwrap()
}

#[tokio::test]
async fn an_activitypub_flag_becomes_one_report() {
    use activitypub_support::{ap_cluster, client, install_key, post_signed};
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = a.create_user("alice").await.unwrap().0;
    let note = a
        .state()
        .services
        .post_note(alice.id, Draft::public("buy my stuff"))
        .await
        .unwrap()
        .note;
    let mallory = b.create_user("mallory").await.unwrap().0;
    let (key, key_id) = install_key(b, &mallory).await;

    // Mastodon's shape: the reported actor and posts as `object`, the comment as
    // `content`, to the reported actor's inbox.
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": b.url("/flags/1"),
        "type": "Flag",
        "actor": b.url("/users/mallory"),
        "content": "spam",
        "object": [a.url("/users/alice"), a.url(&format!("/notes/{}", note.id)), "https://elsewhere.test/notes/1"],
    })
    .to_string();
    let http = client(b);
    let inbox = a.url("/users/alice/inbox");
    for _ in 0..2 {
        let response = post_signed(
            &http,
            (&key, &key_id),
            &inbox,
            flag.as_bytes(),
            SystemTime::now(),
        )
        .await;
        assert_eq!(response.status.as_u16(), 202);
    }
    a.inbox_settled().await;

    let stored = reports(a).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    let report = &stored[0];
    assert_eq!(report.accounts, [alice.id]);
    assert_eq!(report.notes, [note.id]);
    assert_eq!(report.comment, "spam");
    assert_eq!(report.uri.as_deref(), Some(b.url("/flags/1").as_str()));
    let reporter = a
        .state()
        .store
        .account(report.reporter.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reporter.acct(), "mallory@b.test");
}

#[tokio::test]
async fn a_versia_report_becomes_one_report() {
    use versia_support::{now, post_inbox, reference, user, versia_cluster};
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = user(a, "alice").await;
    let mallory = user(b, "mallory").await;

    let body = json!({
        "type": "pub.versia:reports/Report",
        "created_at": now().to_rfc3339(),
        "author": reference(b, mallory.id),
        "reported": [reference(a, alice.id)],
        "tags": ["spam"],
        "comment": "spam",
        "extensions": null,
    })
    .to_string();
    for _ in 0..2 {
        let response = post_inbox(b, a, body.as_bytes(), body.as_bytes(), now()).await;
        assert!(response.status.is_success(), "{:?}", response.status);
    }

    let stored = reports(a).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    let report = &stored[0];
    assert_eq!(report.accounts, [alice.id]);
    assert_eq!(report.tags, ["spam"]);
    assert_eq!(report.comment, "spam");
    let reporter = a
        .state()
        .store
        .account(report.reporter.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reporter.acct(), "mallory@b.test");
}
