//! How the worker paces itself.

use std::time::Duration;

use rookery_core::retry::{HostHealthPolicy, RetrySchedule};

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Names this worker's leases, so logs show which process held a job.
    pub worker_id: String,
    /// Deliveries in flight at once, over all hosts.
    pub concurrency: usize,
    /// Deliveries in flight at once to one host, so one slow or dead host never takes
    /// every slot (Mastodon #12445).
    pub per_host_concurrency: usize,
    /// How long a claimed job stays ours; a crashed worker's jobs are claimed again after.
    pub lease: Duration,
    /// How often an idle worker looks for due jobs when nobody wakes it.
    pub idle_poll: Duration,
    /// An attempt still unanswered after this long gives its slot back (it goes on, as a
    /// "slow" attempt), so hosts that accept connections and never answer cannot take
    /// every slot while live hosts wait (the Mastodon stall on dead hosts' timeouts).
    pub slow_after: Duration,
    /// Slow attempts allowed at once, over all hosts; past it a slow attempt keeps its
    /// slot. They cost a socket and a task each, not CPU.
    pub max_slow: usize,
    /// Outcomes written in one transaction at most (the completion buffer).
    pub record_batch: usize,
    /// How long the completion buffer waits for more outcomes before writing a short
    /// batch. A batch also forms while the previous one is written.
    pub record_flush_after: Duration,
    pub schedule: RetrySchedule,
    pub host_health: HostHealthPolicy,
    /// How often a worker with a registry beats (and looks for dead workers to reap).
    pub heartbeat_every: Duration,
    /// A worker whose last beat is older than this is dead: the others release its
    /// leases. It stops claiming itself a beat interval earlier, when it cannot beat.
    pub dead_after: Duration,
}

impl WorkerConfig {
    pub fn new(worker_id: impl Into<String>) -> Self {
        WorkerConfig {
            worker_id: worker_id.into(),
            // Deliveries wait on the network, not the CPU: with peers answering in
            // 20-300 ms, 64 in flight capped a fan-out at ~400 deliveries/s.
            concurrency: 1024,
            per_host_concurrency: 4,
            lease: Duration::from_secs(120),
            idle_poll: Duration::from_secs(1),
            slow_after: Duration::from_secs(2),
            max_slow: 4096,
            record_batch: 512,
            record_flush_after: Duration::from_millis(5),
            schedule: RetrySchedule::standard(),
            host_health: HostHealthPolicy::default(),
            // Five missed beats: a busy database may delay one or two, and a falsely
            // presumed death only costs duplicates. A killed process is found sooner,
            // by its database session (see the store's `workers.rs`).
            heartbeat_every: Duration::from_secs(1),
            dead_after: Duration::from_secs(5),
        }
    }
}
