//! Temporary databases for tests: this crate's contract suite and the testkit's
//! per-instance databases. A [`TempDatabase`] removes its database when dropped.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::AnyConnection;
use sqlx::{Connection, Executor, Row};

use crate::backend::{install_drivers, redact, Backend};
use crate::error::StoreError;
use crate::store::Store;

/// The PostgreSQL server tests use unless `ROOKERY_TEST_DATABASE_URL` names another.
pub const DEFAULT_POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Prefix of every test database name; stale ones are dropped by it.
const PREFIX: &str = "rookery_test_";

/// Test databases older than this are leftovers of crashed runs.
const STALE_AFTER: Duration = Duration::from_secs(3600);

const ADMIN_CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

static SEQUENCE: AtomicU64 = AtomicU64::new(0);
static POSTGRES_DOWN: AtomicBool = AtomicBool::new(false);
static SKIP_NOTICE: AtomicBool = AtomicBool::new(false);
static STALE_SWEPT: AtomicBool = AtomicBool::new(false);

/// A database that exists for the lifetime of this value.
#[derive(Debug)]
pub struct TempDatabase {
    url: String,
    backend: Backend,
    place: Place,
}

#[derive(Debug)]
enum Place {
    /// The directory holding the SQLite file (and its WAL); removed on drop.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TempDatabase {
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Connects to the database and applies the migrations.
    pub async fn store(&self) -> Result<Store, StoreError> {
        let store = Store::connect(&self.url).await?;
        store.migrate().await?;
        Ok(store)
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        if let Place::Postgres { admin_url, name } = &self.place {
            // Drop has no async context, and the test's runtime may be shutting down:
            // drop the database from a short-lived runtime on a thread of its own.
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let cleanup = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    let _ = rt.block_on(drop_database(&admin_url, &name));
                }
            });
            let _ = cleanup.join();
        }
    }
}

/// A fresh SQLite database file in a new temporary directory.
pub fn temp_sqlite() -> Result<TempDatabase, StoreError> {
    let dir = tempfile::Builder::new()
        .prefix("rookery-test-")
        .tempdir()
        .map_err(|e| StoreError::Unreachable(format!("cannot create a temp dir: {e}")))?;
    let url = format!("sqlite://{}", dir.path().join("rookery.db").display());
    Ok(TempDatabase {
        url,
        backend: Backend::Sqlite,
        place: Place::Sqlite(dir),
    })
}

/// The admin URL of the test PostgreSQL server.
pub fn postgres_admin_url() -> String {
    std::env::var("ROOKERY_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_POSTGRES_ADMIN_URL.to_owned())
}

/// Whether this run must not skip PostgreSQL (`CI=true`).
pub fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// A fresh, empty PostgreSQL database with a unique name on the test server.
///
/// When the server cannot be reached this is `Ok(None)` and one line saying so is
/// printed (once per process), so the PostgreSQL variants of tests skip; with `CI=true`
/// it is an error instead, so CI never passes without PostgreSQL.
pub async fn temp_postgres() -> Result<Option<TempDatabase>, StoreError> {
    let admin_url = postgres_admin_url();
    if POSTGRES_DOWN.load(Ordering::Relaxed) && !postgres_required() {
        return Ok(None);
    }
    let mut admin = match admin_connect(&admin_url).await {
        Ok(conn) => conn,
        Err(why) => {
            if postgres_required() {
                return Err(StoreError::Unreachable(format!(
                    "{} (CI=true requires PostgreSQL): {why}",
                    redact(&admin_url)
                )));
            }
            POSTGRES_DOWN.store(true, Ordering::Relaxed);
            if !SKIP_NOTICE.swap(true, Ordering::Relaxed) {
                // Straight to stderr: the test harness captures `eprintln!` of passing
                // tests, and this line must be seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipping PostgreSQL contract tests: cannot reach {}: {why}",
                    redact(&admin_url)
                );
            }
            return Ok(None);
        }
    };
    if !STALE_SWEPT.swap(true, Ordering::Relaxed) {
        sweep_stale(&mut admin).await;
    }
    let name = format!(
        "{PREFIX}{}_{}_{}",
        now_millis(),
        std::process::id(),
        SEQUENCE.fetch_add(1, Ordering::Relaxed)
    );
    admin
        .execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await?;
    let _ = admin.close().await;
    let mut url = url::Url::parse(&admin_url).map_err(|e| StoreError::InvalidUrl(e.to_string()))?;
    url.set_path(&format!("/{name}"));
    Ok(Some(TempDatabase {
        url: url.to_string(),
        backend: Backend::Postgres,
        place: Place::Postgres { admin_url, name },
    }))
}

async fn admin_connect(admin_url: &str) -> Result<AnyConnection, String> {
    install_drivers();
    match tokio::time::timeout(ADMIN_CONNECT_TIMEOUT, AnyConnection::connect(admin_url)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out".to_owned()),
    }
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), String> {
    let mut admin = admin_connect(admin_url).await?;
    // FORCE ends the connections the test's pools may still hold.
    let result = admin
        .execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
        .await;
    let _ = admin.close().await;
    result.map(|_| ()).map_err(|e| e.to_string())
}

/// Drops test databases left by runs that crashed before their `Drop` ran.
async fn sweep_stale(admin: &mut AnyConnection) {
    let Ok(rows) = sqlx::query(
        "SELECT datname::text AS name FROM pg_database WHERE datname LIKE 'rookery_test_%'",
    )
    .fetch_all(&mut *admin)
    .await
    else {
        return;
    };
    let cutoff = now_millis().saturating_sub(i64::try_from(STALE_AFTER.as_millis()).unwrap_or(0));
    for row in rows {
        let Ok(name) = row.try_get::<String, _>("name") else {
            continue;
        };
        let created = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|millis| millis.parse::<i64>().ok());
        if created.is_some_and(|c| c < cutoff) {
            let _ = admin
                .execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                .await;
        }
    }
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
