//! How much disk the database takes, for the benchmarks' bytes-per-row figures (issue 7,
//! B8: bytes per queued delivery). Indexes included: that is what a row really costs.

use sqlx::Row;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// The database's size in bytes: SQLite's pages in use (the WAL's included, as the
    /// connection sees them), PostgreSQL's `pg_database_size`.
    pub async fn footprint_bytes(&self) -> Result<u64, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT (page_count - freelist_count) * page_size AS bytes \
                 FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()"
            }
            Backend::Postgres => "SELECT pg_database_size(current_database()) AS bytes",
        };
        let row = sqlx::query(sql).fetch_one(&self.write).await?;
        let bytes: i64 = row.try_get("bytes")?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }
}
