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
    pub schedule: RetrySchedule,
    pub host_health: HostHealthPolicy,
}

impl WorkerConfig {
    pub fn new(worker_id: impl Into<String>) -> Self {
        WorkerConfig {
            worker_id: worker_id.into(),
            concurrency: 64,
            per_host_concurrency: 4,
            lease: Duration::from_secs(120),
            idle_poll: Duration::from_secs(1),
            schedule: RetrySchedule::standard(),
            host_health: HostHealthPolicy::default(),
        }
    }
}
