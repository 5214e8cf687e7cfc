//! Several worker processes on one PostgreSQL queue (issue 7): a `serve` instance in this
//! process and two worker processes share the queue while peers on 300 hosts receive.
//! Every delivery is made exactly once per target while all run; after one worker is
//! killed with SIGKILL mid-run nothing is lost, and the only duplicates are deliveries
//! that the killed worker had in flight.
//!
//! The worker processes are this test binary run again with `WORKER_CONFIG_ENV` set: the
//! child loads that configuration and starts `Role::WorkerOnly` exactly as
//! `rookery worker` does, so it is a real process that `kill -9` stops dead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod peers_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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

const WORKER_CONFIG_ENV: &str = "ROOKERY_TEST_WORKER_CONFIG";
const HOSTS: usize = 300;
/// Deliveries each worker process has in flight at most: the bound on duplicates.
const CHILD_CONCURRENCY: usize = 8;
const WAIT: Duration = Duration::from_secs(60);

/// Who delivered: each process resolves `*.peers.test` to its own listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Via {
    Serve,
    WorkerA,
    WorkerB,
}

/// (host, activity id) -> who delivered it, one entry per POST.
type Posts = HashMap<(String, String), Vec<Via>>;

/// Peers on every `hN.peers.test`: answer after a short delay, record each POST.
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
    // 20-100 ms, varying by host: long enough that a kill lands mid-delivery.
    let spread = host.bytes().map(u64::from).sum::<u64>() % 80;
    tokio::time::sleep(Duration::from_millis(20 + spread)).await;
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

/// One process's configuration file.
fn write_config(
    dir: &Path,
    name: &str,
    database: &str,
    peers: SocketAddr,
    concurrency: usize,
) -> PathBuf {
    let data = dir.join(name);
    std::fs::create_dir_all(&data).unwrap();
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        r#"
[instance]
domain = "mw.test"
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
concurrency = {concurrency}
per_host_concurrency = 2
retry_schedule = ["100ms"]
poll_interval = "100ms"
lease = "3s"
[log]
level = "warn"
"#,
        data = data.display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// A worker process; killed (SIGKILL) when dropped so a failing test leaves none behind.
struct WorkerProcess(Child);

impl WorkerProcess {
    fn start(config: &Path) -> Self {
        let exe = std::env::current_exe().unwrap();
        let child = Command::new(exe)
            .args([
                "--exact",
                "two_worker_processes_deliver_once_and_lose_nothing_when_one_is_killed",
                "--nocapture",
            ])
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
async fn two_worker_processes_deliver_once_and_lose_nothing_when_one_is_killed() {
    if let Ok(path) = std::env::var(WORKER_CONFIG_ENV) {
        // Leave the test runtime: the worker gets its own, as in the real binary.
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
        8,
    );
    let a_config = write_config(
        dir.path(),
        "a",
        database.url(),
        listen(&peers, Via::WorkerA).await,
        CHILD_CONCURRENCY,
    );
    let b_config = write_config(
        dir.path(),
        "b",
        database.url(),
        listen(&peers, Via::WorkerB).await,
        CHILD_CONCURRENCY,
    );

    let config = config::load(Some(&serve_config), Vec::new()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let serve = rookery_server::start(config, Role::All, Some(listener))
        .await
        .unwrap();
    let state = serve.state.clone();
    let author = followers_on_peers(&state, HOSTS).await;
    let mut worker_a = WorkerProcess::start(&a_config);
    let _worker_b = WorkerProcess::start(&b_config);

    // Round 1: all three processes running. Every host gets the note exactly once.
    let first = post_note(&state, author, "round one").await;
    eventually("every host got the first note", WAIT, || {
        peers.deliveries_of(&first).len() == HOSTS
    })
    .await;
    let round_one = peers.deliveries_of(&first);
    let duplicated: Vec<_> = round_one.iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(duplicated.is_empty(), "delivered twice: {duplicated:?}");
    assert!(
        peers.count_via(&first, Via::WorkerA) > 0,
        "worker A delivered nothing"
    );
    assert!(
        peers.count_via(&first, Via::WorkerB) > 0,
        "worker B delivered nothing"
    );

    // Round 2: kill worker A with SIGKILL while it is delivering.
    let second = post_note(&state, author, "round two").await;
    eventually("worker A is delivering the second note", WAIT, || {
        peers.count_via(&second, Via::WorkerA) >= 2
    })
    .await;
    worker_a.kill();
    let killed_at = peers.count_via(&second, Via::WorkerA);
    eventually("every host got the second note", WAIT, || {
        peers.deliveries_of(&second).len() == HOSTS
    })
    .await;
    eventually_async("queue drained", WAIT, || async {
        let queue = state.store.queue_summary(instance::now()).await.ok()?;
        (queue.depth == 0).then_some(())
    })
    .await;
    let round_two = peers.deliveries_of(&second);
    assert_eq!(round_two.len(), HOSTS, "lost deliveries");
    let duplicates: Vec<_> = round_two.iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(
        duplicates.len() <= CHILD_CONCURRENCY,
        "more duplicates than the killed worker had in flight: {duplicates:?}"
    );
    for (host, via) in &duplicates {
        // A duplicate is a delivery the killed worker made but could not record.
        assert_eq!(
            via.first(),
            Some(&Via::WorkerA),
            "{host} duplicated by {via:?}"
        );
    }
    eprintln!(
        "round two: worker A delivered {killed_at} before the kill, {} duplicates",
        duplicates.len()
    );
    // The survivors finished the job.
    let by_survivors =
        peers.count_via(&second, Via::Serve) + peers.count_via(&second, Via::WorkerB);
    assert!(
        by_survivors + killed_at >= HOSTS,
        "{by_survivors} + {killed_at}"
    );
    serve.shutdown().await;
}
