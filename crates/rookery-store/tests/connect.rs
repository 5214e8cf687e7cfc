//! Connecting: URL handling, file creation and failing fast on a dead server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rookery_store::{Backend, Store, StoreError};

#[tokio::test]
async fn sqlite_file_is_created_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    store.migrate().await.unwrap();
    store.close().await;
    assert!(path.exists());
    let again = Store::connect(&url).await.unwrap();
    again.migrate().await.unwrap();
    assert_eq!(again.count_local_accounts().await.unwrap(), 0);
}

/// SQLite keeps the inbox queue in a file of its own (`inbox_db.rs`); jobs an older
/// version queued in the main file are moved there at start, in order, none lost.
#[tokio::test]
async fn sqlite_inbox_queue_has_its_own_file_and_takes_over_older_jobs() {
    use rookery_core::ports::InboxQueue;
    use sqlx::{Connection, SqliteConnection};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rookery.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    store.close().await;
    assert!(dir.path().join("rookery-inbox.db").exists());

    // What an older version left queued in the main file's table.
    let mut main = SqliteConnection::connect(&url).await.unwrap();
    for n in 0..450_i64 {
        sqlx::query(
            "INSERT INTO inbox_jobs (protocol, signer, body, received_at, attempts, \
             next_attempt_at) VALUES ('activitypub', $1, $2, $3, 0, $3)",
        )
        .bind(format!("https://peer.example/users/u{n}"))
        .bind(format!("{{\"n\":{n}}}"))
        .bind(1_000 + n)
        .execute(&mut main)
        .await
        .unwrap();
    }

    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox_jobs")
        .fetch_one(&mut main)
        .await
        .unwrap();
    assert_eq!(left, 0, "the main file's table is emptied");
    let queue: &dyn InboxQueue = &store;
    let now = rookery_core::Timestamp::from_millis(10_000);
    let claimed = queue
        .claim("p", now, Duration::from_secs(60), 1_000)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 450);
    let bodies: Vec<String> = claimed.iter().map(|c| c.job.body.clone()).collect();
    let expected: Vec<String> = (0..450).map(|n| format!("{{\"n\":{n}}}")).collect();
    assert_eq!(bodies, expected, "arrival order kept");
    store.close().await;
}

#[tokio::test]
async fn in_memory_sqlite_works() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.count_local_accounts().await.unwrap(), 0);
}

#[tokio::test]
async fn unknown_scheme_is_an_invalid_url() {
    let err = Store::connect("mysql://root@localhost/x")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidUrl(_)), "{err:?}");
}

#[tokio::test]
async fn dead_postgres_fails_fast() {
    let started = Instant::now();
    // Port 9 (discard) is closed on test machines: connections are refused.
    let err = Store::connect("postgres://postgres:secret@127.0.0.1:9/none")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unreachable(_)), "{err:?}");
    assert!(
        !err.to_string().contains("secret"),
        "password leaked: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}
