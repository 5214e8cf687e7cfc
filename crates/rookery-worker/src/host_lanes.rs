//! Per-host concurrency lanes: a semaphore per host, created on first use and dropped
//! when idle, so a slow host queues behind itself and never behind the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(crate) struct HostLanes {
    per_host: usize,
    lanes: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLanes {
    pub(crate) fn new(per_host: usize) -> Self {
        HostLanes {
            per_host: per_host.max(1),
            lanes: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a slot on `host`'s lane.
    pub(crate) async fn acquire(&self, host: &str) -> Option<OwnedSemaphorePermit> {
        let lane = {
            let mut lanes = self.lanes.lock().ok()?;
            // Drop lanes nobody uses, so the map does not grow with every host ever seen.
            if lanes.len() > 1024 {
                lanes.retain(|_, s| s.available_permits() < self.per_host);
            }
            lanes
                .entry(host.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        lane.acquire_owned().await.ok()
    }
}
