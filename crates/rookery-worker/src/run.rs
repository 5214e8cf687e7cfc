//! The worker loop: claim, attempt, record. Runs until its shutdown token fires, then
//! stops claiming and lets every attempt in flight finish (graceful shutdown). With a
//! worker registry it beats while it runs and claims only while its beats succeed
//! (`liveness.rs`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{
    ClaimedDelivery, Deliverer, DeliveryQueue, DeliveryRecord, WorkerRegistry,
};
use rookery_core::retry::{classify, Outcome};
use rookery_core::{Protocol, Timestamp};
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, info_span, warn, Instrument};

use crate::config::WorkerConfig;
use crate::host_lanes::HostLanes;
use crate::liveness::Liveness;
use crate::recorder::{BatchPolicy, Recorder};

/// How often expired deliveries (past the give-up horizon) are swept.
const EXPIRY_SWEEP_EVERY: Duration = Duration::from_secs(60);
/// Retry times remembered for waking up early; past it the idle poll finds the rest.
const MAX_REMEMBERED_RETRIES: usize = 65_536;

/// Wakes an idle worker at once, e.g. right after a write enqueued deliveries.
#[derive(Clone, Default)]
pub struct WorkerHandle {
    wake: Arc<Notify>,
}

impl WorkerHandle {
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

pub struct Worker {
    queue: Arc<dyn DeliveryQueue>,
    deliverers: HashMap<Protocol, Arc<dyn Deliverer>>,
    config: WorkerConfig,
    handle: WorkerHandle,
    registry: Option<Arc<dyn WorkerRegistry>>,
}

/// What every attempt task shares.
struct Shared {
    queue: Arc<dyn DeliveryQueue>,
    deliverers: HashMap<Protocol, Arc<dyn Deliverer>>,
    config: WorkerConfig,
    lanes: HostLanes,
    slots: Semaphore,
    /// Attempts that outlived `slow_after` and gave their slot back.
    slow: AtomicUsize,
    /// Signalled when an attempt turns slow, so the claim loop can fill its slot.
    freed: Notify,
    /// The completion buffer: outcomes are written in batches.
    recorder: Recorder,
    /// When retries this worker scheduled fall due (ms), so an idle worker wakes for
    /// them instead of waiting out `idle_poll`.
    retries_due: Mutex<BinaryHeap<Reverse<i64>>>,
}

pub(crate) fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}

impl Worker {
    pub fn new(
        queue: Arc<dyn DeliveryQueue>,
        deliverers: HashMap<Protocol, Arc<dyn Deliverer>>,
        config: WorkerConfig,
    ) -> Self {
        Worker {
            queue,
            deliverers,
            config,
            handle: WorkerHandle::default(),
            registry: None,
        }
    }

    /// Registers this worker while it runs, so the others release its leases as soon as
    /// it dies and it releases theirs (several worker processes on one queue).
    pub fn with_registry(mut self, registry: Arc<dyn WorkerRegistry>) -> Self {
        self.registry = Some(registry);
        self
    }

    pub fn handle(&self) -> WorkerHandle {
        self.handle.clone()
    }

    pub async fn run(self, shutdown: CancellationToken) {
        let concurrency = self.config.concurrency.max(1);
        // Claimed-but-unfinished jobs are capped at twice the in-flight slots: enough to
        // keep every slot busy while some jobs wait on a slow host's lane, without leasing
        // so much that leases expire while waiting.
        let outstanding_cap = concurrency * 2;
        // The smallest claim made while the slots are all busy (see the loop).
        let min_claim = (concurrency / 4).max(1);
        let (recorder, recorder_task) = Recorder::start(
            self.queue.clone(),
            BatchPolicy {
                max_batch: self.config.record_batch,
                flush_after: self.config.record_flush_after,
            },
        );
        let shared = Arc::new(Shared {
            lanes: HostLanes::new(self.config.per_host_concurrency),
            slots: Semaphore::new(concurrency),
            slow: AtomicUsize::new(0),
            freed: Notify::new(),
            recorder,
            retries_due: Mutex::new(BinaryHeap::new()),
            queue: self.queue,
            deliverers: self.deliverers,
            config: self.config,
        });
        let wake = self.handle.wake.clone();
        let mut tasks = JoinSet::new();
        let mut last_sweep: Option<tokio::time::Instant> = None;
        // Beats stop only after the attempts in flight are recorded: a worker finishing
        // them must not look dead to the others meanwhile.
        let beats = CancellationToken::new();
        let mut background = Vec::new();
        let mut liveness = self
            .registry
            .map(|registry| Liveness::new(registry, &shared.config));
        if let Some(joining) = liveness.clone() {
            if joining.join(&wake, &shutdown).await {
                background.push(tokio::spawn(joining.clone().keep_beating(beats.clone())));
                background.push(tokio::spawn(
                    joining.keep_reaping(wake.clone(), beats.clone()),
                ));
            } else {
                // Stopped before it could register: nothing to beat for or leave.
                liveness = None;
            }
        }
        let mut paused = false;
        info!(worker = %shared.config.worker_id, "delivery worker started");

        while !shutdown.is_cancelled() {
            while tasks.try_join_next().is_some() {}
            if let Some(liveness) = &liveness {
                if !liveness.may_claim() {
                    if !paused {
                        warn!("worker heartbeats are failing; not claiming until one succeeds");
                        paused = true;
                    }
                    idle(&wake, shared.config.heartbeat_every, &shutdown).await;
                    continue;
                }
                if paused {
                    info!("worker heartbeat succeeded again; claiming");
                    paused = false;
                }
            }
            if last_sweep.is_none_or(|t| t.elapsed() >= EXPIRY_SWEEP_EVERY) {
                last_sweep = Some(tokio::time::Instant::now());
                sweep_expired(&shared).await;
            }
            // Slow attempts do not count against the claim budget (they hold no slot),
            // up to `max_slow` of them.
            let slow = shared.slow.load(Ordering::Acquire);
            let busy = tasks.len().saturating_sub(slow);
            let hard_cap = outstanding_cap + shared.config.max_slow;
            let room = outstanding_cap
                .saturating_sub(busy)
                .min(hard_cap.saturating_sub(tasks.len()));
            // While every slot is taken and claimed jobs wait for one, claim again only
            // once a useful batch fits: each claim is a write transaction (a commit on
            // SQLite's only writer), and claiming the room one finished attempt at a
            // time cost about one commit per delivery in a fan-out. A free slot (also
            // one left free because the claimed jobs wait on a busy host's lane) is
            // filled at once.
            let slots_covered = busy >= concurrency && shared.slots.available_permits() == 0;
            if room == 0 || (slots_covered && room < min_claim) {
                tokio::select! {
                    _ = tasks.join_next() => {}
                    _ = shared.freed.notified() => {}
                    _ = shutdown.cancelled() => {}
                }
                continue;
            }
            let claimed = shared
                .queue
                .claim(
                    &shared.config.worker_id,
                    now(),
                    shared.config.lease,
                    room.min(u32::MAX as usize) as u32,
                )
                .await;
            match claimed {
                Ok(batch) if !batch.is_empty() => {
                    debug!(count = batch.len(), "claimed deliveries");
                    for delivery in batch {
                        let shared = shared.clone();
                        tasks.spawn(async move { attempt(&shared, delivery).await });
                    }
                }
                Ok(_) => idle(&wake, next_wait(&shared), &shutdown).await,
                Err(error) => {
                    warn!(%error, "claiming deliveries failed; will try again");
                    idle(&wake, shared.config.idle_poll, &shutdown).await;
                }
            }
        }
        let in_flight = tasks.len();
        if in_flight > 0 {
            info!(in_flight, "worker stopping; finishing deliveries in flight");
        }
        while tasks.join_next().await.is_some() {}
        // The last clone of the recorder goes with `shared`; its task then writes what
        // is still buffered and ends.
        drop(shared);
        if let Err(error) = recorder_task.await {
            warn!(%error, "the outcome recorder ended abnormally");
        }
        beats.cancel();
        for task in background {
            let _ = task.await;
        }
        if let Some(liveness) = &liveness {
            liveness.leave().await;
        }
        info!("delivery worker stopped");
    }
}

/// How long an idle worker may sleep: `idle_poll`, or less when a retry it scheduled
/// falls due sooner. Forgets retry times already past.
fn next_wait(shared: &Shared) -> Duration {
    let poll = shared.config.idle_poll;
    let Ok(mut due) = shared.retries_due.lock() else {
        return poll;
    };
    let now = now().as_millis();
    while due.peek().is_some_and(|Reverse(at)| *at <= now) {
        due.pop();
    }
    match due.peek() {
        Some(Reverse(at)) => poll.min(Duration::from_millis((*at - now).unsigned_abs())),
        None => poll,
    }
}

fn remember_retry(shared: &Shared, at: Timestamp) {
    if let Ok(mut due) = shared.retries_due.lock() {
        if due.len() < MAX_REMEMBERED_RETRIES {
            due.push(Reverse(at.as_millis()));
        }
    }
}

async fn idle(wake: &Notify, poll: Duration, shutdown: &CancellationToken) {
    tokio::select! {
        _ = wake.notified() => {}
        _ = tokio::time::sleep(poll) => {}
        _ = shutdown.cancelled() => {}
    }
}

async fn sweep_expired(shared: &Shared) {
    let horizon = shared.config.schedule.expired_before(now());
    match shared.queue.give_up_expired(horizon).await {
        Ok(0) => {}
        Ok(n) => info!(count = n, "gave up deliveries past the retry horizon"),
        Err(error) => warn!(%error, "sweeping expired deliveries failed"),
    }
}

/// One delivery attempt, from waiting for a lane to recording the outcome.
async fn attempt(shared: &Shared, delivery: ClaimedDelivery) {
    let job = &delivery.job;
    let span = info_span!(
        "delivery",
        id = %job.id,
        host = %job.target.host,
        attempt = job.attempts + 1
    );
    async {
        // Lane first, then a global slot: a job waiting for a busy host holds no slot
        // that another host's delivery could use.
        let _lane = shared.lanes.acquire(&job.target.host).await;
        let mut slot = shared.slots.acquire().await.ok();
        let send = async {
            match shared.deliverers.get(&job.protocol) {
                Some(deliverer) => deliverer.deliver(&delivery).await,
                None => AttemptResult::Unsendable(format!("no deliverer for {}", job.protocol)),
            }
        };
        tokio::pin!(send);
        let result = tokio::select! {
            result = &mut send => result,
            _ = tokio::time::sleep(shared.config.slow_after) => {
                let turned_slow = take_slow_place(shared);
                if turned_slow {
                    debug!("attempt is slow; giving its slot to another host");
                    slot.take();
                    shared.freed.notify_one();
                }
                let result = send.await;
                if turned_slow {
                    shared.slow.fetch_sub(1, Ordering::AcqRel);
                }
                result
            }
        };
        drop(slot);
        record(shared, &delivery, &result).await;
    }
    .instrument(span)
    .await
}

/// Counts one more slow attempt unless `max_slow` are already slow.
fn take_slow_place(shared: &Shared) -> bool {
    shared
        .slow
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < shared.config.max_slow).then_some(n + 1)
        })
        .is_ok()
}

async fn record(shared: &Shared, delivery: &ClaimedDelivery, result: &AttemptResult) {
    let job = &delivery.job;
    let now = now();
    let record = match classify(result) {
        Outcome::Delivered => {
            debug!("delivered");
            DeliveryRecord::Done {
                id: job.id,
                host: job.target.host.clone(),
            }
        }
        Outcome::Retry { retry_after, .. } => {
            note_host_failure(shared, &job.target.host, now).await;
            let next = shared.config.schedule.next_attempt_after(
                job.attempts + 1,
                job.created_at,
                now,
                rand::random::<f64>(),
                retry_after,
            );
            let error = describe(result);
            match next {
                Some(at) => {
                    info!(%error, retry_at = %at, "delivery failed; will retry");
                    remember_retry(shared, at);
                    DeliveryRecord::Retry {
                        id: job.id,
                        at,
                        error,
                    }
                }
                None => {
                    warn!(%error, "delivery failed; giving up after the retry horizon");
                    DeliveryRecord::GiveUp { id: job.id, error }
                }
            }
        }
        Outcome::Permanent { reason } => {
            warn!(%reason, "delivery refused for good; not retrying");
            DeliveryRecord::GiveUp {
                id: job.id,
                error: reason,
            }
        }
        Outcome::Gone => {
            warn!("inbox answered 410 Gone; not retrying");
            DeliveryRecord::GiveUp {
                id: job.id,
                error: "410 Gone".into(),
            }
        }
    };
    if !shared.recorder.record(record.clone()) {
        // The recorder is gone (it only ends after the worker stops): write directly.
        if let Err(error) = shared.queue.record_batch(&[record], now).await {
            // The lease runs out and the job is claimed again: at worst a duplicate,
            // which inboxes deduplicate by activity id.
            warn!(%error, "recording the delivery outcome failed");
        }
    }
}

async fn note_host_failure(shared: &Shared, host: &str, now: Timestamp) {
    match shared.queue.record_host_failure(host, now).await {
        Ok(days) if shared.config.host_health.is_unreachable(days) => {
            warn!(
                host,
                days, "host failing on too many days; marking it unreachable"
            );
            if let Err(error) = shared.queue.mark_host_unreachable(host, now).await {
                warn!(%error, "marking host unreachable failed");
            }
        }
        Ok(_) => {}
        Err(error) => warn!(%error, "recording host failure failed"),
    }
}

fn describe(result: &AttemptResult) -> String {
    match result {
        AttemptResult::Delivered => "delivered".into(),
        AttemptResult::Status { code, .. } => format!("HTTP {code}"),
        AttemptResult::Network(e) => format!("network: {e}"),
        AttemptResult::Unsendable(e) => format!("unsendable: {e}"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::VecDeque;

    use async_trait::async_trait;
    use rookery_core::delivery::{DeliveryJob, DeliveryTarget};
    use rookery_core::ports::PortError;
    use rookery_core::{ActivityId, DeliveryId};
    use tokio::sync::watch;

    use super::*;

    /// A queue of `Delivered`-bound jobs that remembers the limit of every claim.
    struct Jobs {
        due: Mutex<VecDeque<ClaimedDelivery>>,
        limits: Mutex<Vec<u32>>,
        done: watch::Sender<Vec<i64>>,
    }

    fn job(n: i64) -> ClaimedDelivery {
        job_on(n, &format!("h{n}.test"))
    }

    fn job_on(n: i64, host: &str) -> ClaimedDelivery {
        ClaimedDelivery {
            job: DeliveryJob {
                id: DeliveryId::from_i64(n),
                activity: ActivityId::from_i64(1),
                protocol: Protocol::ActivityPub,
                actor: None,
                target: DeliveryTarget {
                    inbox: format!("http://{host}/inbox/{n}"),
                    host: host.to_owned(),
                },
                attempts: 0,
                created_at: Timestamp::from_millis(0),
            },
            body: Vec::new(),
        }
    }

    #[async_trait]
    impl DeliveryQueue for Jobs {
        async fn claim(
            &self,
            _: &str,
            _: Timestamp,
            _: Duration,
            limit: u32,
        ) -> Result<Vec<ClaimedDelivery>, PortError> {
            let mut due = self.due.lock().unwrap();
            if !due.is_empty() {
                self.limits.lock().unwrap().push(limit);
            }
            let take = due.len().min(limit as usize);
            Ok(due.drain(..take).collect())
        }
        async fn complete(&self, _: DeliveryId, _: &str, _: Timestamp) -> Result<(), PortError> {
            unreachable!("the worker records in batches")
        }
        async fn retry_at(
            &self,
            _: DeliveryId,
            _: Timestamp,
            _: &str,
            _: Timestamp,
        ) -> Result<(), PortError> {
            unreachable!("the worker records in batches")
        }
        async fn give_up(&self, _: DeliveryId, _: &str, _: Timestamp) -> Result<(), PortError> {
            unreachable!("the worker records in batches")
        }
        async fn record_batch(
            &self,
            records: &[DeliveryRecord],
            _: Timestamp,
        ) -> Result<(), PortError> {
            self.done.send_modify(|done| {
                for record in records {
                    match record {
                        DeliveryRecord::Done { id, .. } => done.push(id.as_i64()),
                        other => panic!("unexpected {other:?}"),
                    }
                }
            });
            Ok(())
        }
        async fn record_host_failure(&self, _: &str, _: Timestamp) -> Result<u32, PortError> {
            Ok(1)
        }
        async fn mark_host_unreachable(&self, _: &str, _: Timestamp) -> Result<(), PortError> {
            Ok(())
        }
        async fn host_recovered(&self, _: &str) -> Result<(), PortError> {
            Ok(())
        }
        async fn give_up_expired(&self, _: Timestamp) -> Result<u64, PortError> {
            Ok(0)
        }
        async fn depth(&self) -> Result<u64, PortError> {
            Ok(0)
        }
    }

    /// Delivers once the test lets one more delivery through (only those to `.1` when
    /// set; the others at once).
    struct Gated(Arc<Semaphore>, Option<&'static str>);

    #[async_trait]
    impl Deliverer for Gated {
        async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult {
            if self.1.is_some_and(|host| host != delivery.job.target.host) {
                return AttemptResult::Delivered;
            }
            match self.0.acquire().await {
                Ok(permit) => {
                    permit.forget();
                    AttemptResult::Delivered
                }
                Err(_) => AttemptResult::Network("gate closed".into()),
            }
        }
    }

    #[tokio::test]
    async fn busy_worker_claims_in_batches_not_one_job_at_a_time() {
        const JOBS: i64 = 60;
        let (done, mut watch_done) = watch::channel(Vec::new());
        let queue = Arc::new(Jobs {
            due: Mutex::new((1..=JOBS).map(job).collect()),
            limits: Mutex::new(Vec::new()),
            done,
        });
        let gate = Arc::new(Semaphore::new(0));
        let mut config = WorkerConfig::new("test");
        config.concurrency = 8;
        config.record_flush_after = Duration::from_millis(1);
        let deliverers: HashMap<Protocol, Arc<dyn Deliverer>> = HashMap::from([(
            Protocol::ActivityPub,
            Arc::new(Gated(gate.clone(), None)) as _,
        )]);
        let worker = Worker::new(queue.clone(), deliverers, config);
        let shutdown = CancellationToken::new();
        let running = tokio::spawn(worker.run(shutdown.clone()));
        // Attempts finish one at a time, each recorded before the next may finish: the
        // case where claiming whatever room one finished attempt left made a claim (a
        // commit) per delivery.
        for finished in 1..=JOBS as usize {
            gate.add_permits(1);
            tokio::time::timeout(
                Duration::from_secs(10),
                watch_done.wait_for(|done| done.len() >= finished),
            )
            .await
            .expect("the attempt is recorded")
            .unwrap();
        }
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), running)
            .await
            .expect("the worker stops")
            .unwrap();
        let mut done = watch_done.borrow().clone();
        done.sort_unstable();
        assert_eq!(done, (1..=JOBS).collect::<Vec<_>>(), "each delivered once");
        let limits = queue.limits.lock().unwrap().clone();
        // Eight slots: the first claim fills twice that; later ones wait for a quarter
        // of the slots' worth of room (two jobs) while the slots have jobs enough.
        assert_eq!(limits.first(), Some(&16), "{limits:?}");
        assert!(limits.iter().all(|limit| *limit >= 2), "{limits:?}");
        assert!(limits.len() <= 1 + (JOBS as usize - 16) / 2, "{limits:?}");
    }

    #[tokio::test]
    async fn jobs_waiting_on_a_busy_hosts_lane_do_not_hold_up_other_hosts() {
        // Eight slots, four per host: fifteen jobs for one stalled host fill most of
        // the claim budget while using only four slots. The other hosts' jobs must
        // still be claimed, one at a time if that is all the room there is.
        let (done, mut watch_done) = watch::channel(Vec::new());
        let mut due: VecDeque<ClaimedDelivery> =
            (1..=15).map(|n| job_on(n, "stalled.test")).collect();
        due.extend((16..=25).map(job));
        let queue = Arc::new(Jobs {
            due: Mutex::new(due),
            limits: Mutex::new(Vec::new()),
            done,
        });
        let gate = Arc::new(Semaphore::new(0));
        let mut config = WorkerConfig::new("test");
        config.concurrency = 8;
        config.per_host_concurrency = 4;
        config.record_flush_after = Duration::from_millis(1);
        let deliverers: HashMap<Protocol, Arc<dyn Deliverer>> = HashMap::from([(
            Protocol::ActivityPub,
            Arc::new(Gated(gate.clone(), Some("stalled.test"))) as _,
        )]);
        let worker = Worker::new(queue.clone(), deliverers, config);
        let shutdown = CancellationToken::new();
        let running = tokio::spawn(worker.run(shutdown.clone()));
        tokio::time::timeout(
            Duration::from_secs(10),
            watch_done.wait_for(|done| done.len() >= 10),
        )
        .await
        .expect("the other hosts' jobs are delivered while one host stalls")
        .unwrap();
        assert!(
            watch_done.borrow().iter().all(|id| *id > 15),
            "only the other hosts' jobs so far"
        );
        gate.add_permits(15);
        tokio::time::timeout(
            Duration::from_secs(10),
            watch_done.wait_for(|done| done.len() >= 25),
        )
        .await
        .expect("the stalled host's jobs follow")
        .unwrap();
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), running)
            .await
            .expect("the worker stops")
            .unwrap();
    }
}
