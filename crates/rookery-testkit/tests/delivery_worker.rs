//! The delivery worker against the real queue (SQLite and PostgreSQL) and a real HTTP
//! receiver: retries after 5xx, gives up on permanent errors, survives a crashed
//! worker's lease, and finishes in-flight work on shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use rookery_core::delivery::{AttemptResult, DeliveryTarget, OutboundActivity};
use rookery_core::ports::{ClaimedDelivery, Deliverer, DeliveryQueue};
use rookery_core::retry::RetrySchedule;
use rookery_core::{ActivityId, Id, Protocol, Timestamp};
use rookery_net::{HttpClient, NetConfig};
use rookery_store::testing::{temp_postgres, temp_sqlite, TempDatabase};
use rookery_store::Store;
use rookery_testkit::{eventually, eventually_async};
use rookery_worker::{Worker, WorkerConfig};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(20);

/// A receiver whose behaviour depends on the `Host` it is addressed as.
#[derive(Clone, Default)]
struct Receiver {
    /// Requests received per host.
    hits: Arc<Mutex<HashMap<String, Vec<Bytes>>>>,
    /// Released by the test to let `slow.recv.test` answer.
    release: Arc<Notify>,
}

impl Receiver {
    fn hits(&self, host: &str) -> usize {
        self.hits.lock().unwrap().get(host).map_or(0, Vec::len)
    }
}

async fn inbox(State(rx): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let count = {
        let mut hits = rx.hits.lock().unwrap();
        let list = hits.entry(host.clone()).or_default();
        list.push(body);
        list.len()
    };
    match host.as_str() {
        "flaky.recv.test" if count <= 2 => StatusCode::SERVICE_UNAVAILABLE,
        "gone.recv.test" => StatusCode::GONE,
        "bad.recv.test" => StatusCode::BAD_REQUEST,
        "down.recv.test" => StatusCode::BAD_GATEWAY,
        "slow.recv.test" => {
            rx.release.notified().await;
            StatusCode::ACCEPTED
        }
        _ => StatusCode::ACCEPTED,
    }
}

async fn start_receiver() -> (Receiver, SocketAddr) {
    let receiver = Receiver::default();
    let app = Router::new()
        .route("/inbox", post(inbox))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (receiver, addr)
}

/// Posts the stored body to the target inbox: the shape every protocol deliverer has,
/// without a protocol's signing (that belongs to the protocol crates' own tests).
struct PlainPost(HttpClient);

#[async_trait]
impl Deliverer for PlainPost {
    async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult {
        let body = Bytes::from(delivery.body.clone());
        match self
            .0
            .post(&delivery.job.target.inbox, http::HeaderMap::new(), body)
            .await
        {
            Ok(r) if r.status.is_success() => AttemptResult::Delivered,
            Ok(r) => AttemptResult::Status {
                code: r.status.as_u16(),
                retry_after: None,
            },
            Err(e) => AttemptResult::Network(e.to_string()),
        }
    }
}

fn now() -> Timestamp {
    rookery_server::instance::now()
}

fn start_worker(
    store: &Store,
    addr: SocketAddr,
) -> (CancellationToken, tokio::task::JoinHandle<()>) {
    let client = HttpClient::new(NetConfig {
        allow_private_addresses: true,
        resolve: vec![("*.recv.test".into(), addr)],
        ..NetConfig::default()
    })
    .unwrap();
    let mut config = WorkerConfig::new("test-worker");
    config.schedule = RetrySchedule::fast_for_tests();
    config.idle_poll = Duration::from_millis(20);
    let mut deliverers: HashMap<Protocol, Arc<dyn Deliverer>> = HashMap::new();
    deliverers.insert(Protocol::ActivityPub, Arc::new(PlainPost(client)));
    let worker = Worker::new(Arc::new(store.clone()), deliverers, config);
    let stop = CancellationToken::new();
    let task = tokio::spawn(worker.run(stop.clone()));
    (stop, task)
}

async fn enqueue(store: &Store, id: i64, hosts: &[&str]) {
    let activity = OutboundActivity {
        id: ActivityId(Id::from_i64(id)),
        protocol: Protocol::ActivityPub,
        actor: None,
        body: format!("{{\"id\":{id}}}").into_bytes(),
        created_at: now(),
    };
    let targets: Vec<DeliveryTarget> = hosts
        .iter()
        .map(|h| DeliveryTarget {
            inbox: format!("http://{h}/inbox"),
            host: (*h).to_owned(),
        })
        .collect();
    let created = store.enqueue(&activity, &targets).await.unwrap();
    assert_eq!(created as usize, hosts.len());
}

async fn retries_and_gives_up(db: TempDatabase) {
    let store = db.store().await.unwrap();
    let (receiver, addr) = start_receiver().await;
    enqueue(
        &store,
        1,
        &[
            "ok.recv.test",
            "flaky.recv.test",
            "gone.recv.test",
            "bad.recv.test",
        ],
    )
    .await;
    let (stop, task) = start_worker(&store, addr);

    eventually_async("the queue drains", WAIT, || async {
        (store.depth().await.unwrap() == 0).then_some(())
    })
    .await;
    assert_eq!(receiver.hits("ok.recv.test"), 1, "delivered once");
    assert_eq!(
        receiver.hits("flaky.recv.test"),
        3,
        "two 503s, then success"
    );
    assert_eq!(receiver.hits("gone.recv.test"), 1, "410 is not retried");
    assert_eq!(receiver.hits("bad.recv.test"), 1, "400 is not retried");
    let failed = store.failed_deliveries(10).await.unwrap();
    let mut failed_hosts: Vec<&str> = failed.iter().map(|f| f.host.as_str()).collect();
    failed_hosts.sort();
    assert_eq!(failed_hosts, ["bad.recv.test", "gone.recv.test"]);
    assert_eq!(
        store.count_outbound_activities().await.unwrap(),
        0,
        "body cleaned up"
    );
    stop.cancel();
    task.await.unwrap();
}

async fn failing_host_does_not_hold_up_others(db: TempDatabase) {
    let store = db.store().await.unwrap();
    let (receiver, addr) = start_receiver().await;
    let (stop, task) = start_worker(&store, addr);
    enqueue(&store, 2, &["down.recv.test", "ok.recv.test"]).await;
    eventually("the healthy host is served", WAIT, || {
        receiver.hits("ok.recv.test") == 1
    })
    .await;
    // The failing host is retried on its schedule and given up at the (30 s) horizon:
    // wait for a few retries, never for the horizon.
    eventually("the failing host is retried", WAIT, || {
        receiver.hits("down.recv.test") >= 3
    })
    .await;
    assert_eq!(
        store.depth().await.unwrap(),
        1,
        "still queued for its next retry"
    );
    stop.cancel();
    task.await.unwrap();
}

async fn crashed_workers_lease_is_taken_again(db: TempDatabase) {
    let store = db.store().await.unwrap();
    let (receiver, addr) = start_receiver().await;
    enqueue(&store, 3, &["ok.recv.test"]).await;
    // A worker claims the job and dies before finishing it.
    let claimed = store
        .claim("crashed", now(), Duration::from_millis(300), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let (stop, task) = start_worker(&store, addr);
    eventually("the job is delivered after the lease ran out", WAIT, || {
        receiver.hits("ok.recv.test") == 1
    })
    .await;
    eventually_async("the queue drains", WAIT, || async {
        (store.depth().await.unwrap() == 0).then_some(())
    })
    .await;
    assert_eq!(receiver.hits("ok.recv.test"), 1, "exactly once");
    stop.cancel();
    task.await.unwrap();
}

async fn shutdown_finishes_in_flight_work(db: TempDatabase) {
    let store = db.store().await.unwrap();
    let (receiver, addr) = start_receiver().await;
    let (stop, task) = start_worker(&store, addr);
    enqueue(&store, 4, &["slow.recv.test"]).await;
    eventually("the delivery is in flight", WAIT, || {
        receiver.hits("slow.recv.test") == 1
    })
    .await;
    stop.cancel();
    assert!(!task.is_finished(), "the worker waits for its attempt");
    receiver.release.notify_one();
    tokio::time::timeout(WAIT, task).await.unwrap().unwrap();
    assert_eq!(
        store.depth().await.unwrap(),
        0,
        "the in-flight delivery was completed"
    );
    assert!(store.failed_deliveries(10).await.unwrap().is_empty());
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::temp_sqlite().unwrap()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(db) = super::temp_postgres().await.unwrap() {
                        super::$name(db).await;
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    retries_and_gives_up,
    failing_host_does_not_hold_up_others,
    crashed_workers_lease_is_taken_again,
    shutdown_finishes_in_flight_work,
);
