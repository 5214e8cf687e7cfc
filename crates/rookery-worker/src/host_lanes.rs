//! Per-host concurrency lanes: a semaphore per host, created on first use and dropped
//! when idle, so a slow host queues behind itself and never behind the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(crate) struct HostLanes {
    per_host: usize,
    lanes: Mutex<Lanes>,
}

struct Lanes {
    by_host: HashMap<String, Arc<Semaphore>>,
    /// The map is swept when it grows past this: twice what the last sweep kept (at
    /// least `MIN_SWEEP`). During a fan-out to thousands of hosts most lanes are busy, and
    /// sweeping on every acquire once past a fixed size cost a scan of them all each time.
    sweep_above: usize,
}

const MIN_SWEEP: usize = 1024;

impl HostLanes {
    pub(crate) fn new(per_host: usize) -> Self {
        HostLanes {
            per_host: per_host.max(1),
            lanes: Mutex::new(Lanes {
                by_host: HashMap::new(),
                sweep_above: MIN_SWEEP,
            }),
        }
    }

    /// Waits for a slot on `host`'s lane.
    pub(crate) async fn acquire(&self, host: &str) -> Option<OwnedSemaphorePermit> {
        let lane = {
            let mut guard = self.lanes.lock().ok()?;
            let lanes = &mut *guard;
            // Drop lanes nobody uses, so the map does not grow with every host ever seen.
            if lanes.by_host.len() > lanes.sweep_above {
                lanes
                    .by_host
                    .retain(|_, s| s.available_permits() < self.per_host);
                lanes.sweep_above = (lanes.by_host.len() * 2).max(MIN_SWEEP);
            }
            lanes
                .by_host
                .entry(host.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        lane.acquire_owned().await.ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn size(lanes: &HostLanes) -> (usize, usize) {
        let lanes = lanes.lanes.lock().unwrap();
        (lanes.by_host.len(), lanes.sweep_above)
    }

    #[tokio::test]
    async fn idle_lanes_are_swept_and_busy_ones_kept() {
        let lanes = HostLanes::new(2);
        // Busy lanes past the sweep size are all kept, and the next sweep waits until the
        // map doubles instead of scanning on every acquire.
        let mut held = Vec::new();
        for i in 0..=MIN_SWEEP + 1 {
            held.push(lanes.acquire(&format!("busy{i}")).await.unwrap());
        }
        assert_eq!(size(&lanes), (MIN_SWEEP + 2, 2 * (MIN_SWEEP + 1)));
        // Once released, they go at the next sweep.
        held.clear();
        for i in 0..=MIN_SWEEP + 1 {
            drop(lanes.acquire(&format!("idle{i}")).await.unwrap());
        }
        let (len, _) = size(&lanes);
        assert!(len < MIN_SWEEP + 2, "idle lanes were swept: {len}");
        // A host's lane still caps it.
        let _a = lanes.acquire("h").await.unwrap();
        let _b = lanes.acquire("h").await.unwrap();
        let third = tokio::time::timeout(std::time::Duration::from_millis(50), lanes.acquire("h"));
        assert!(third.await.is_err(), "a third attempt on one host waits");
    }
}
