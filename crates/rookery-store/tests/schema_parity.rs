//! Both backends' migrations must produce the same tables and columns (with the same
//! nullability), so one body of SQL serves both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use rookery_store::testing::{temp_postgres, temp_sqlite};
use sqlx::{AnyConnection, Connection, Row};

/// (table, column, nullable), leaving out sqlx's bookkeeping.
type Schema = BTreeSet<(String, String, bool)>;

async fn sqlite_schema(url: &str) -> Schema {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT m.name AS t, p.name AS c, p.\"notnull\" AS nn, p.pk AS pk \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            // A SQLite primary key column is never NULL even when not declared so.
            let not_null = r.get::<i64, _>("nn") != 0 || r.get::<i64, _>("pk") != 0;
            (r.get("t"), r.get("c"), !not_null)
        })
        .collect()
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.iter()
        .map(|r| (r.get("t"), r.get("c"), r.get::<String, _>("n") == "YES"))
        .collect()
}

/// Tables only SQLite has, on purpose. `account_stats`: the counters its triggers keep
/// (migration 0023); PostgreSQL's concurrent write lanes would hold the busy counter
/// rows across batches and deadlock, so there the same counts are computed by the one
/// query that reads them (status_views.rs), from tables both backends share.
const SQLITE_ONLY: &[&str] = &["account_stats"];

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let sqlite = temp_sqlite().unwrap();
    sqlite.store().await.unwrap().close().await;
    let sqlite_columns = sqlite_schema(sqlite.url()).await;
    assert!(
        sqlite_columns.len() > 50,
        "SQLite schema looks empty: {sqlite_columns:?}"
    );

    let Some(pg) = temp_postgres().await.expect("PostgreSQL test database") else {
        return;
    };
    pg.store().await.unwrap().close().await;
    let pg_columns = postgres_schema(pg.url()).await;

    for table in SQLITE_ONLY {
        assert!(sqlite_columns.iter().any(|(t, _, _)| t == table));
        assert!(!pg_columns.iter().any(|(t, _, _)| t == table));
    }
    let sqlite_columns: Schema = sqlite_columns
        .into_iter()
        .filter(|(t, _, _)| !SQLITE_ONLY.contains(&t.as_str()))
        .collect();
    let only_sqlite: Vec<_> = sqlite_columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "schemas differ (table, column, nullable)\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_pg:?}"
    );
}
