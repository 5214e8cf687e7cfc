//! The worker-liveness port: several worker processes share one delivery queue, and a
//! dead one's leases must go back to the queue without waiting for them to run out.

use async_trait::async_trait;

use crate::time::Timestamp;

use super::PortError;

/// What a heartbeat found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// The worker was registered and still is.
    Alive,
    /// The worker was not registered and now is: its first beat, or the others had
    /// presumed it dead (and released its leases) because it could not beat in time.
    Joined,
}

/// Dead workers removed by one reap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reaped {
    pub workers: Vec<String>,
    /// Deliveries they had leased, due again now.
    pub released: u64,
}

/// Worker liveness for the delivery queue. A running worker beats every second or so
/// and, as often, reaps: it looks for workers that are dead (last beat older than
/// `dead_before`, or, where the store can tell, their database session gone) and
/// releases their leases, so their deliveries are claimed again at once rather than
/// when their leases run out. One registry value serves one worker.
#[async_trait]
pub trait WorkerRegistry: Send + Sync {
    /// Records `worker` as alive at `now`, registering it if needed. A worker whose
    /// beats fail cannot show it is alive: it must stop claiming, since the others
    /// will soon take its leases.
    async fn heartbeat(&self, worker: &str, now: Timestamp) -> Result<Beat, PortError>;

    /// Removes the workers other than `worker` that are dead and releases their leases.
    async fn reap(&self, worker: &str, dead_before: Timestamp) -> Result<Reaped, PortError>;

    /// Graceful stop: removes `worker` and releases any lease it still holds.
    async fn deregister(&self, worker: &str) -> Result<(), PortError>;
}
