//! Which database we talk to, and how its connection pools are set up.

use std::sync::Once;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::Executor;

use crate::error::StoreError;
use crate::read_pool::ReadPool;

/// The two supported databases. Chosen from the URL scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `sqlite:` selects SQLite; `postgres:` and `postgresql:` select PostgreSQL.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::InvalidUrl(format!(
                "{} (expected sqlite:PATH or postgres://...)",
                redact(url)
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The pools behind a store. On SQLite every write goes through `write`, a pool of one
/// connection, so writers queue in the process instead of fighting over the file lock
/// (SQLITE_BUSY); reads use `read` (connections we hold, see `read_pool.rs`) and, thanks
/// to WAL, never wait for the writer. On PostgreSQL both are the same pool.
pub(crate) struct Pools {
    pub write: AnyPool,
    pub read: ReadPool,
}

/// How long a dead server may keep `connect` waiting. The pool retries refused
/// connections until this deadline, then reports `PoolTimedOut`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite writers may queue behind a long transaction; give them more patience.
const SQLITE_WRITE_WAIT: Duration = Duration::from_secs(30);

const POSTGRES_MAX_CONNECTIONS: u32 = 10;
const SQLITE_READERS: usize = 4;

/// Each reader's set-up. query_only turns an accidental write on a reader into an error
/// instead of a second writer.
const SQLITE_READER_SETUP: &str = "PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;";

static DRIVERS: Once = Once::new();

/// sqlx's `Any` driver needs its backends registered once per process.
pub(crate) fn install_drivers() {
    DRIVERS.call_once(sqlx::any::install_default_drivers);
}

pub(crate) async fn open(url: &str, backend: Backend) -> Result<Pools, StoreError> {
    install_drivers();
    match backend {
        Backend::Postgres => {
            let pool = AnyPoolOptions::new()
                .max_connections(POSTGRES_MAX_CONNECTIONS)
                .acquire_timeout(CONNECT_TIMEOUT)
                .connect(url)
                .await
                .map_err(|e| unreachable(url, e))?;
            Ok(Pools {
                read: ReadPool::Pooled(pool.clone()),
                write: pool,
            })
        }
        Backend::Sqlite => open_sqlite(url).await,
    }
}

pub(crate) async fn open_sqlite(url: &str) -> Result<Pools, StoreError> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let url = with_create_mode(url);
    let write = AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(SQLITE_WRITE_WAIT)
        // An in-memory database lives as long as its connection: never let it go.
        .min_connections(u32::from(in_memory))
        .idle_timeout(None)
        .max_lifetime(None)
        // As for the readers (read_pool.rs): no ping per acquire. The writer is acquired
        // once per group-commit batch and per inbox-queue append batch, and each ping was
        // a round trip to its thread (3 % of B1's CPU, issue 7).
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // synchronous = FULL: a commit is on disk before it is acknowledged (an
                // inbox answers 202 only then). Group commit pays that flush once per
                // batch, not once per write (group.rs).
                conn.execute(sqlx::raw_sql(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                ))
                .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|e| unreachable(&url, e))?;
    if in_memory {
        // Each connection to `:memory:` is a separate database, so readers cannot have
        // their own pool: everything shares the one connection.
        return Ok(Pools {
            read: ReadPool::Pooled(write.clone()),
            write,
        });
    }
    // Opened on first need, as the writer above has already made sure the file exists.
    let read = ReadPool::held(url, SQLITE_READER_SETUP, SQLITE_READERS, SQLITE_WRITE_WAIT);
    Ok(Pools { write, read })
}

/// Adds `mode=rwc` (create the file if missing) unless the URL chose a mode.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

fn unreachable(url: &str, err: sqlx::Error) -> StoreError {
    let why = match err {
        sqlx::Error::PoolTimedOut => "timed out".to_owned(),
        other => other.to_string(),
    };
    StoreError::Unreachable(format!("{}: {why}", redact(url)))
}

/// The URL without its password, for messages and logs.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_url() {
        let table = [
            ("sqlite:rookery.db", Some(Backend::Sqlite)),
            ("sqlite::memory:", Some(Backend::Sqlite)),
            ("postgres://u@h/db", Some(Backend::Postgres)),
            ("postgresql://u@h/db", Some(Backend::Postgres)),
            ("mysql://u@h/db", None),
            ("rookery.db", None),
        ];
        for (url, expected) in table {
            assert_eq!(Backend::from_url(url).ok(), expected, "{url}");
        }
    }

    #[test]
    fn create_mode_is_added_once() {
        assert_eq!(with_create_mode("sqlite:a.db"), "sqlite:a.db?mode=rwc");
        assert_eq!(
            with_create_mode("sqlite:a.db?cache=shared"),
            "sqlite:a.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            with_create_mode("sqlite:a.db?mode=ro"),
            "sqlite:a.db?mode=ro"
        );
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }
}
