//! Small SQL helpers shared by the query modules: placeholder lists and the decoding
//! quirks of sqlx's `Any` driver.

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::backend::Backend;
use crate::error::StoreError;

/// `$start, $start+1, ...` for `count` values: the body of an `IN (...)` list.
///
/// Both backends number `$N` parameters explicitly (sqlx's SQLite driver binds `$N` to
/// the N-th argument, whatever the order of appearance), so generated lists may sit
/// anywhere in a statement.
pub(crate) fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(…), (…)`: the VALUES of a multi-row INSERT of `rows` rows of `columns` values,
/// bound in order.
///
/// SQLite gets anonymous `?` parameters: it looks a numbered parameter's name up by
/// walking a list of them, and sqlx asks for every parameter's name while binding, so
/// `$N` costs time quadratic in the number of values (5 % of the inbox processor's CPU
/// with 64-row inserts, issue 7). PostgreSQL needs `$N`.
pub(crate) fn value_rows(backend: Backend, rows: usize, columns: usize) -> String {
    let row = |n: usize| match backend {
        Backend::Sqlite => format!("({})", vec!["?"; columns].join(", ")),
        Backend::Postgres => format!("({})", placeholders(n * columns + 1, columns)),
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// Reads a boolean column. PostgreSQL stores BOOLEAN; SQLite stores INTEGER 0/1 because
/// the `Any` driver cannot decode a column SQLite declares BOOLEAN.
pub(crate) fn get_bool(row: &AnyRow, column: &str) -> Result<bool, StoreError> {
    match row.try_get::<bool, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(column)? != 0),
    }
}

/// Reads a count (`COUNT(*)` is BIGINT on both backends) as `u64`.
pub(crate) fn get_count(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    let n: i64 = row.try_get(column)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Error texts end up in small queue rows; keep them bounded.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_lists() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 0), "");
        assert_eq!(value_rows(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
        assert_eq!(value_rows(Backend::Postgres, 2, 2), "($1, $2), ($3, $4)");
        assert_eq!(truncate("héllo", 2), "hé");
    }
}

/// `$N` placeholders bind by number on both backends, whatever their order of first
/// appearance and however often they repeat; the rest of the crate relies on it.
#[cfg(test)]
mod placeholder_binding {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use sqlx::{AnyConnection, Connection, Row};

    use crate::testing::{temp_postgres, temp_sqlite};

    async fn check(url: &str) {
        let mut conn = AnyConnection::connect(url).await.unwrap();
        let row = sqlx::query("SELECT $2 AS b, $1 AS a, $2 + $1 AS sum, $3 AS c")
            .bind(1_i64)
            .bind(20_i64)
            .bind("three")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(row.get::<i64, _>("a"), 1);
        assert_eq!(row.get::<i64, _>("b"), 20);
        assert_eq!(row.get::<i64, _>("sum"), 21);
        assert_eq!(row.get::<String, _>("c"), "three");
    }

    #[tokio::test]
    async fn out_of_order_and_repeated_placeholders() {
        let sqlite = temp_sqlite().unwrap();
        sqlite.store().await.unwrap();
        check(sqlite.url()).await;
        if let Some(pg) = temp_postgres().await.unwrap() {
            check(pg.url()).await;
        }
    }
}
