//! One rookery instance, in process, configured for a benchmark: `bench.test` on a
//! loopback port, embedded SQLite in a temporary directory, the fleet's hosts resolved.

use std::net::SocketAddr;

use rookery_server::config;
use rookery_server::{Role, RunningInstance};
use tempfile::TempDir;

pub struct BenchInstance {
    pub running: RunningInstance,
    pub addr: SocketAddr,
    _data: TempDir,
}

pub const DOMAIN: &str = "bench.test";

pub async fn start(
    fleet: SocketAddr,
    database_url: Option<String>,
) -> anyhow::Result<BenchInstance> {
    start_with(fleet, database_url, Vec::new()).await
}

/// [`start`] with extra `ROOKERY__...` settings, applied after (and so overriding) the
/// benchmark defaults.
pub async fn start_with(
    fleet: SocketAddr,
    database_url: Option<String>,
    extra_env: Vec<(String, String)>,
) -> anyhow::Result<BenchInstance> {
    let data = tempfile::tempdir()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut env = vec![
        ("ROOKERY__INSTANCE__DOMAIN".to_owned(), DOMAIN.to_owned()),
        ("ROOKERY__INSTANCE__SCHEME".to_owned(), "http".to_owned()),
        (
            "ROOKERY__DATA__DIR".to_owned(),
            data.path().display().to_string(),
        ),
        (
            "ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES".to_owned(),
            "true".to_owned(),
        ),
        (
            "ROOKERY__FEDERATION__PROTOCOLS".to_owned(),
            "[\"activitypub\"]".to_owned(),
        ),
        (
            "ROOKERY__FEDERATION__PREFER".to_owned(),
            "activitypub".to_owned(),
        ),
        ("ROOKERY__LOG__LEVEL".to_owned(), "error".to_owned()),
        (
            "ROOKERY__DELIVERY__CONCURRENCY".to_owned(),
            "256".to_owned(),
        ),
        (
            "ROOKERY__DELIVERY__POLL_INTERVAL".to_owned(),
            "100ms".to_owned(),
        ),
    ];
    if let Some(url) = database_url {
        env.push(("ROOKERY__DATABASE__URL".to_owned(), url));
    }
    env.extend(extra_env);
    let mut config = config::load(None, env)?;
    config
        .federation
        .resolve
        .insert("*.fleet.test".to_owned(), fleet.to_string());
    let running = rookery_server::start(config, Role::All, Some(listener)).await?;
    Ok(BenchInstance {
        running,
        addr,
        _data: data,
    })
}
