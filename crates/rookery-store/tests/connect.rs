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
