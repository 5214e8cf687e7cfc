//! Prometheus metrics (text exposition format), served on their own listen address
//! (`metrics.listen`, off by default) so they never share the public port. Counters are
//! bumped where things happen (an HTTP middleware, a wrapper around each deliverer);
//! queue and host gauges are read from the store when scraped.

mod deliverer;
mod endpoint;
mod http;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use rookery_store::Store;
use std::sync::atomic::AtomicU64;

pub use deliverer::MeteredDeliverer;
pub use endpoint::serve;
pub use http::track;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InboxLabels {
    protocol: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    protocol: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HostStateLabels {
    state: &'static str,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Every metric rookery exports, registered once per process.
pub struct Metrics {
    registry: Registry,
    inbox: Family<InboxLabels, Counter>,
    deliveries: Family<DeliveryLabels, Counter>,
    requests: HistogramFamily,
    queue_depth: Gauge,
    queue_due: Gauge,
    queue_oldest_age: Gauge<f64, AtomicU64>,
    inbox_backlog: Gauge,
    inbox_oldest_age: Gauge<f64, AtomicU64>,
    hosts: Family<HostStateLabels, Gauge>,
}

/// Request latency buckets: 1 ms to ~8 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("rookery");
        let inbox = Family::<InboxLabels, Counter>::default();
        registry.register(
            "inbox_activities",
            "Activities POSTed to an inbox, by protocol and outcome",
            inbox.clone(),
        );
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        registry.register(
            "delivery_attempts",
            "Outbound delivery attempts, by protocol and outcome",
            deliveries.clone(),
        );
        let requests: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            requests.clone(),
        );
        let queue_depth = Gauge::default();
        registry.register(
            "queue_deliveries",
            "Deliveries waiting, due or not",
            queue_depth.clone(),
        );
        let queue_due = Gauge::default();
        registry.register(
            "queue_due_deliveries",
            "Deliveries due now and not held by a worker",
            queue_due.clone(),
        );
        let queue_oldest_age = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "queue_oldest_age_seconds",
            "Age of the oldest waiting delivery",
            queue_oldest_age.clone(),
        );
        let inbox_backlog = Gauge::default();
        registry.register(
            "inbox_queue_jobs",
            "Accepted inbox deliveries not yet applied",
            inbox_backlog.clone(),
        );
        let inbox_oldest_age = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "inbox_queue_oldest_age_seconds",
            "Age of the oldest inbox delivery not yet applied",
            inbox_oldest_age.clone(),
        );
        let hosts = Family::<HostStateLabels, Gauge>::default();
        registry.register(
            "hosts",
            "Remote hosts by delivery failure state",
            hosts.clone(),
        );
        Metrics {
            registry,
            inbox,
            deliveries,
            requests,
            queue_depth,
            queue_due,
            queue_oldest_age,
            inbox_backlog,
            inbox_oldest_age,
            hosts,
        }
    }

    /// Reads the queue and host gauges from `store`, then renders everything.
    pub async fn render(&self, store: &Store) -> Result<String, rookery_store::StoreError> {
        let now = crate::instance::now();
        let queue = store.queue_summary(now).await?;
        self.queue_depth.set(gauge_value(queue.depth));
        self.queue_due.set(gauge_value(queue.due));
        let age = queue.oldest.map_or(0.0, |t| {
            (now.as_millis() - t.as_millis()).max(0) as f64 / 1000.0
        });
        self.queue_oldest_age.set(age);
        let (backlog, oldest) = store.inbox_backlog().await?;
        self.inbox_backlog.set(gauge_value(backlog));
        self.inbox_oldest_age.set(oldest.map_or(0.0, |t| {
            (now.as_millis() - t.as_millis()).max(0) as f64 / 1000.0
        }));
        let (failing, unreachable) = store.host_state_counts().await?;
        self.hosts
            .get_or_create(&HostStateLabels { state: "failing" })
            .set(gauge_value(failing));
        self.hosts
            .get_or_create(&HostStateLabels {
                state: "unreachable",
            })
            .set(gauge_value(unreachable));
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        Ok(text)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

fn gauge_value(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
