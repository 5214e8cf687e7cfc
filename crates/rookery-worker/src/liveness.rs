//! Worker liveness: while the worker runs it beats and reaps through core's
//! `WorkerRegistry` port, and the claim loop asks [`Liveness::may_claim`] before each
//! claim. A worker that cannot beat (database unreachable, connection hung) stops
//! claiming before the others presume it dead and take its leases; deliveries already
//! in flight finish (a duplicate at worst, which inboxes ignore by activity id).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rookery_core::ports::{Beat, WorkerRegistry};
use tokio::sync::Notify;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::config::WorkerConfig;
use crate::run::now;

pub(crate) struct Liveness {
    registry: Arc<dyn WorkerRegistry>,
    worker: String,
    every: Duration,
    dead_after: Duration,
    /// The time (ms) the last successful beat wrote; 0 before the first.
    last_beat: AtomicI64,
}

impl Liveness {
    pub(crate) fn new(registry: Arc<dyn WorkerRegistry>, config: &WorkerConfig) -> Arc<Self> {
        Arc::new(Liveness {
            registry,
            worker: config.worker_id.clone(),
            every: config.heartbeat_every.max(Duration::from_millis(10)),
            dead_after: config.dead_after,
            last_beat: AtomicI64::new(0),
        })
    }

    /// Whether this worker may claim: its last beat is young enough that nobody will
    /// presume it dead for at least one more beat interval. Clocks of the processes
    /// sharing a queue are assumed to agree within that interval (leases assume it too).
    pub(crate) fn may_claim(&self) -> bool {
        let last = self.last_beat.load(Ordering::Acquire);
        let margin = self.dead_after.saturating_sub(self.every);
        last > 0 && now().as_millis().saturating_sub(last) < millis(margin)
    }

    /// One beat, bounded in time: a beat stuck on a dead connection must not look like a
    /// live worker. True when it was written.
    async fn beat(&self) -> bool {
        let at = now();
        // Past this the others are about to presume this worker dead anyway.
        let limit = self.dead_after.saturating_sub(self.every).max(self.every);
        let beat = tokio::time::timeout(limit, self.registry.heartbeat(&self.worker, at)).await;
        match beat {
            Ok(Ok(beat)) => {
                let previous = self.last_beat.fetch_max(at.as_millis(), Ordering::AcqRel);
                if beat == Beat::Joined && previous > 0 {
                    warn!(
                        worker = %self.worker,
                        "registered again after missing beats; other workers may have taken this worker's deliveries"
                    );
                }
                true
            }
            Ok(Err(error)) => {
                warn!(%error, "worker heartbeat failed");
                false
            }
            Err(_) => {
                warn!("worker heartbeat timed out");
                false
            }
        }
    }

    /// Releases the leases of dead workers; wakes the claim loop when there were some.
    async fn reap(&self, wake: &Notify) {
        let dead_before = now() - self.dead_after;
        match self.registry.reap(&self.worker, dead_before).await {
            Ok(reaped) if !reaped.workers.is_empty() => {
                info!(
                    workers = ?reaped.workers,
                    released = reaped.released,
                    "released the deliveries of dead workers"
                );
                wake.notify_one();
            }
            Ok(_) => {}
            Err(error) => warn!(%error, "looking for dead workers failed"),
        }
    }

    /// Registers (beats until a beat succeeds), then reaps once before the first claim,
    /// so a process restarted after `kill -9` takes its predecessor's deliveries at
    /// once. False when `shutdown` fired first.
    pub(crate) async fn join(&self, wake: &Notify, shutdown: &CancellationToken) -> bool {
        while !self.beat().await {
            tokio::select! {
                _ = tokio::time::sleep(self.every) => {}
                _ = shutdown.cancelled() => return false,
            }
        }
        self.reap(wake).await;
        true
    }

    /// Beats every interval until `stop`.
    pub(crate) async fn keep_beating(self: Arc<Self>, stop: CancellationToken) {
        let mut ticks = tokio::time::interval(self.every);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            tokio::select! {
                _ = ticks.tick() => { self.beat().await; }
                _ = stop.cancelled() => return,
            }
        }
    }

    /// Reaps every interval until `stop`. Apart from the beats, so a long release (a
    /// dead worker's leases on a deep queue) never delays this worker's own beat.
    pub(crate) async fn keep_reaping(self: Arc<Self>, wake: Arc<Notify>, stop: CancellationToken) {
        let mut ticks = tokio::time::interval(self.every);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            tokio::select! {
                _ = ticks.tick() => self.reap(&wake).await,
                _ = stop.cancelled() => return,
            }
        }
    }

    /// Graceful stop: deregisters, releasing any lease still held (an outcome that
    /// could not be recorded).
    pub(crate) async fn leave(&self) {
        if let Err(error) = self.registry.deregister(&self.worker).await {
            warn!(%error, "deregistering the worker failed; others reap it when its beat goes stale");
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
