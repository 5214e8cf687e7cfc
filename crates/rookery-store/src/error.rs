//! `StoreError`, the one error type of the storage layer.

use rookery_core::ports::PortError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A local account already has this username (compared case-insensitively).
    #[error("username is already taken")]
    UsernameTaken,
    /// The database server cannot be reached (or refuses us) at connect time.
    #[error("cannot connect to the database: {0}")]
    Unreachable(String),
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// A write contradicts what is stored (a duplicate key, a missing referenced row) or
    /// the caller passed a value the store cannot hold as given.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A group commit failed (the whole batch rolled back); the write may be retried.
    #[error("commit failed: {0}")]
    Commit(String),
    /// Too much is waiting for the writer already; try again shortly.
    #[error("busy: {0}")]
    Busy(String),
    /// A stored value does not parse back into a core type.
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        // Constraint violations are the caller's business (a duplicate, a dangling
        // reference), not an outage, so they get their own variant.
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() || db.is_foreign_key_violation() {
                return StoreError::Conflict(db.message().to_owned());
            }
        }
        StoreError::Database(err)
    }
}

impl From<StoreError> for PortError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::UsernameTaken | StoreError::Conflict(_) => {
                PortError::Conflict(err.to_string())
            }
            other => PortError::Unavailable(other.to_string()),
        }
    }
}

pub(crate) fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value}"))
}
