//! Worker liveness on PostgreSQL (issue 7, B4 with several processes): a worker process
//! killed with SIGKILL while it holds leases gives them up at once. A `serve` instance in
//! this process and one worker process share the queue, with the default two-minute
//! lease; the worker process's peers hold each request for seconds, so it dies with
//! deliveries leased and in flight. The survivor must finish them within seconds (by the
//! killed process's ended database session or stale heartbeat, never the lease), lose
//! none, and duplicate only what the killed process had in flight.
//!
//! The worker process is this test binary run again with `WORKER_CONFIG_ENV` set: it
//! loads that configuration and starts `Role::WorkerOnly` exactly as `rookery worker`
//! does, so `kill -9` stops a real process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod peers_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use peers_support::{followers_on_peers, post_note};
use rookery_server::{config, instance, Role};
use rookery_store::testing::temp_postgres;
use rookery_testkit::{eventually, eventually_async};
use serde_json::Value;

const WORKER_CONFIG_ENV: &str = "ROOKERY_TEST_LIVENESS_WORKER_CONFIG";
const TEST_NAME: &str = "a_killed_worker_process_gives_its_leases_back_within_seconds";
const HOSTS: usize = 200;
/// Deliveries the worker process has in flight at most: the bound on duplicates.
const CHILD_CONCURRENCY: usize = 8;
/// How long the worker process's peers hold each request before answering.
const HOLD: Duration = Duration::from_secs(3);
/// From the kill to the last delivery. The lease is two minutes; a dead worker is
/// found within a heartbeat interval by its session, or five seconds by its beat.
const TAKEOVER_WITHIN: Duration = Duration::from_secs(15);
const WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Via {
    Serve,
    Killed,
}

/// (host, activity id) -> who delivered it, one entry per POST.
type Posts = HashMap<(String, String), Vec<Via>>;

#[derive(Clone, Default)]
struct Peers {
    posts: Arc<Mutex<Posts>>,
}

impl Peers {
    fn deliveries_of(&self, activity: &str) -> HashMap<String, Vec<Via>> {
        self.posts
            .lock()
            .unwrap()
            .iter()
            .filter(|((_, id), _)| id == activity)
            .map(|((host, _), via)| (host.clone(), via.clone()))
            .collect()
    }

    fn count_via(&self, activity: &str, via: Via) -> usize {
        self.deliveries_of(activity)
            .values()
            .map(|v| v.iter().filter(|w| **w == via).count())
            .sum()
    }
}

/// Records each POST when it arrives (the peer has the activity from then on), then
/// answers after a delay: short for the survivor, `HOLD` for the process to be killed.
async fn inbox(
    State((peers, via)): State<(Peers, Via)>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let id = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    peers
        .posts
        .lock()
        .unwrap()
        .entry((host, id))
        .or_default()
        .push(via);
    let delay = match via {
        Via::Serve => Duration::from_millis(20),
        Via::Killed => HOLD,
    };
    tokio::time::sleep(delay).await;
    StatusCode::ACCEPTED
}

async fn listen(peers: &Peers, via: Via) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/inbox", post(inbox))
        .with_state((peers.clone(), via));
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// One process's configuration: the default lease (two minutes), fast polling.
fn write_config(dir: &Path, name: &str, database: &str, peers: SocketAddr) -> PathBuf {
    let data = dir.join(name);
    std::fs::create_dir_all(&data).unwrap();
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        r#"
[instance]
domain = "live.test"
scheme = "http"
[database]
url = "{database}"
[data]
dir = "{data}"
[federation]
protocols = ["activitypub"]
prefer = "activitypub"
allow_private_addresses = true
[federation.resolve]
"*.peers.test" = "{peers}"
[delivery]
concurrency = {CHILD_CONCURRENCY}
per_host_concurrency = 2
retry_schedule = ["100ms"]
poll_interval = "100ms"
[log]
level = "warn"
"#,
        data = data.display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// The worker process; killed (SIGKILL) when dropped so a failing test leaves none.
struct WorkerProcess(Child);

impl WorkerProcess {
    fn start(config: &Path) -> Self {
        let exe = std::env::current_exe().unwrap();
        let child = Command::new(exe)
            .args(["--exact", TEST_NAME, "--nocapture"])
            .env(WORKER_CONFIG_ENV, config)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        WorkerProcess(child)
    }

    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The child side: what `rookery worker` runs, until killed.
fn run_worker_process(config_path: &str) {
    let config = config::load(Some(Path::new(config_path)), Vec::new()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let running = rookery_server::start(config, Role::WorkerOnly, None)
            .await
            .unwrap();
        running.wait().await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_process_gives_its_leases_back_within_seconds() {
    if let Ok(path) = std::env::var(WORKER_CONFIG_ENV) {
        std::thread::spawn(move || run_worker_process(&path))
            .join()
            .unwrap();
        return;
    }
    let Some(database) = temp_postgres().await.unwrap() else {
        return; // PostgreSQL unavailable and not required (see `temp_postgres`).
    };
    let dir = tempfile::tempdir().unwrap();
    let peers = Peers::default();
    let serve_config = write_config(
        dir.path(),
        "serve",
        database.url(),
        listen(&peers, Via::Serve).await,
    );
    let killed_config = write_config(
        dir.path(),
        "killed",
        database.url(),
        listen(&peers, Via::Killed).await,
    );
    let config = config::load(Some(&serve_config), Vec::new()).unwrap();
    assert_eq!(config.delivery.lease.0, Duration::from_secs(120));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let serve = rookery_server::start(config, Role::All, Some(listener))
        .await
        .unwrap();
    let state = serve.state.clone();
    let author = followers_on_peers(&state, HOSTS).await;
    let mut killed = WorkerProcess::start(&killed_config);
    eventually_async("both workers registered", WAIT, || async {
        let workers = state.store.registered_workers().await.ok()?;
        (workers.len() == 2).then_some(())
    })
    .await;

    let note = post_note(&state, author, "delivered despite a kill").await;
    // Its peers hold every request: once a few have arrived, it holds those leases
    // and more claimed behind them.
    eventually("the worker process is delivering", WAIT, || {
        peers.count_via(&note, Via::Killed) >= 4
    })
    .await;
    killed.kill();
    let killed_at = Instant::now();
    // Every POST it made is still unanswered (`HOLD`), so still leased to it.
    let in_flight = peers.count_via(&note, Via::Killed);

    eventually("every host got the note", TAKEOVER_WITHIN, || {
        peers.deliveries_of(&note).len() == HOSTS
    })
    .await;
    let took = killed_at.elapsed();
    eventually_async("queue drained", WAIT, || async {
        let queue = state.store.queue_summary(instance::now()).await.ok()?;
        (queue.depth == 0).then_some(())
    })
    .await;
    // The killed process is no longer registered; the survivor is.
    let workers = state.store.registered_workers().await.unwrap();
    assert_eq!(workers.len(), 1, "{workers:?}");
    assert!(workers[0].0.starts_with("serve-"), "{workers:?}");

    let delivered = peers.deliveries_of(&note);
    assert_eq!(delivered.len(), HOSTS, "lost deliveries");
    let duplicates: Vec<_> = delivered.iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(
        duplicates.len() <= in_flight.min(CHILD_CONCURRENCY),
        "more duplicates than the killed process had in flight ({in_flight}): {duplicates:?}"
    );
    for (host, via) in &duplicates {
        // A duplicate is a delivery the killed process had sent but not recorded.
        assert_eq!(via.as_slice(), [Via::Killed, Via::Serve], "{host}");
    }
    eprintln!(
        "killed with {in_flight} deliveries in flight; all {HOSTS} hosts reached {:.2} s after the kill (lease 120 s), {} duplicates",
        took.as_secs_f64(),
        duplicates.len()
    );
    serve.shutdown().await;
}
