//! Scratch databases for the benchmarks: a SQLite file in a temporary directory, or a
//! fresh database on the PostgreSQL test server (`--postgres`, or
//! `ROOKERY_BENCH_POSTGRES=1`), dropped when the run ends.

use anyhow::Context;
use rookery_store::testing::{temp_postgres, temp_sqlite, TempDatabase};

/// Whether this run is on PostgreSQL: the `--postgres` flag or `ROOKERY_BENCH_POSTGRES=1`.
pub fn postgres_requested() -> bool {
    std::env::args().any(|a| a == "--postgres")
        || std::env::var("ROOKERY_BENCH_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// The positional (non-flag) argument `index` (1-based), parsed, or `default`.
pub fn arg(index: usize, default: usize) -> usize {
    std::env::args()
        .filter(|a| !a.starts_with("--"))
        .nth(index)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

/// A fresh empty database of the requested kind (not yet migrated).
pub async fn database() -> anyhow::Result<TempDatabase> {
    if postgres_requested() {
        temp_postgres()
            .await?
            .context("PostgreSQL is not reachable (set ROOKERY_TEST_DATABASE_URL)")
    } else {
        Ok(temp_sqlite()?)
    }
}

/// "SQLite" or "PostgreSQL", for headings.
pub fn backend_name() -> &'static str {
    if postgres_requested() {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}
