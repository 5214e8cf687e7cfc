//! The inbox processor: applies what the inboxes accepted and queued (core's `InboxQueue`),
//! in arrival order per sender, many senders at once.
//!
//! Why per sender: one actor's activities depend on each other (a Create then its
//! Delete, a Follow then its Undo), different actors' do not. A batch is leased, split by
//! signer, each signer's jobs applied one after another while up to `concurrency`
//! signers proceed in parallel (their writes share group commits); applied jobs are
//! removed as their runs end, and the next batch is leased while the previous one's
//! last runs finish (a signer's later run waits for its earlier one). A job that fails
//! for a reason worth retrying is tried again later with backoff; one that can never
//! apply is dropped with a log line.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rookery_core::ports::{ApplyError, InboxApplier, InboxQueue, QueuedInboxJob};
use rookery_core::{Protocol, Timestamp};
use tokio::sync::{oneshot, Semaphore};
use tokio::task::{self, JoinSet};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::run::now;

/// How an inbox processor works; the defaults suit both backends.
#[derive(Debug, Clone)]
pub struct InboxProcessorConfig {
    /// Names this process's leases.
    pub owner: String,
    /// Jobs leased per claim.
    pub batch: u32,
    /// Signers whose jobs are applied at the same time. As many as a batch holds jobs:
    /// every run of a batch starts at once, so their new notes share the store's writes
    /// and no second wave waits behind the first (issue 7, B1: 128 left a batch of ~230
    /// signers half idle at its end; 1,024 with batches of 1,024 applied 10 % faster
    /// but doubled the accepting p99, the processor's tasks crowding out the inbox).
    pub concurrency: usize,
    /// How long a claimed job stays leased: past it, another processor may take it
    /// (a process that died). Long enough for a reply whose thread must be fetched.
    pub lease: Duration,
    /// How long an idle processor sleeps when nothing wakes it.
    pub idle_poll: Duration,
    /// Attempts before a job that keeps failing is dropped.
    pub max_attempts: u32,
}

impl InboxProcessorConfig {
    pub fn new(owner: impl Into<String>) -> Self {
        InboxProcessorConfig {
            owner: owner.into(),
            batch: 256,
            concurrency: 256,
            lease: Duration::from_secs(300),
            idle_poll: Duration::from_secs(1),
            max_attempts: 8,
        }
    }
}

pub struct InboxProcessor {
    queue: Arc<dyn InboxQueue>,
    appliers: HashMap<Protocol, Arc<dyn InboxApplier>>,
    config: InboxProcessorConfig,
}

/// What became of one job.
enum Fate {
    Done,
    /// Not started: the processor is stopping.
    Untouched,
    RetryAt(Timestamp, String),
}

impl InboxProcessor {
    pub fn new(
        queue: Arc<dyn InboxQueue>,
        appliers: HashMap<Protocol, Arc<dyn InboxApplier>>,
        config: InboxProcessorConfig,
    ) -> Self {
        InboxProcessor {
            queue,
            appliers,
            config,
        }
    }

    /// Runs until `shutdown` fires; the jobs in hand are finished first.
    ///
    /// Batches overlap: the next is claimed as soon as fewer than a batch of jobs are in
    /// hand, so its reads proceed while the last runs of the previous one write (issue
    /// 7, B1: waiting for a whole batch left the cores a third idle at its end). A
    /// signer's run from a later batch starts only after its run from the earlier one
    /// ended, so each signer's jobs still apply in arrival order.
    pub async fn run(self, shutdown: CancellationToken) {
        info!(owner = %self.config.owner, "inbox processor started");
        let mut hand = InHand::new(self.config.concurrency);
        let room = self.config.batch.max(1) as usize;
        // When a claim last came back short (the queue drained): while runs are in hand,
        // the next waits CLAIM_PAUSE, since each claim is a write (claiming on every
        // append cost ~0.2 ms of CPU per job at a steady 1,000 jobs/s, B5).
        let mut drained_at: Option<Instant> = None;
        loop {
            let stopping = shutdown.is_cancelled();
            let mut claim_failed = false;
            let paused =
                !hand.runs.is_empty() && drained_at.is_some_and(|at| at.elapsed() < CLAIM_PAUSE);
            if !stopping && hand.jobs < room && !paused {
                match self.claim().await {
                    Ok(jobs) => {
                        let full = jobs.len() >= room;
                        drained_at = (!full).then(Instant::now);
                        if !jobs.is_empty() {
                            debug!(count = jobs.len(), "applying queued inbox jobs");
                            hand.start(jobs, &self.appliers, &self.config, &shutdown);
                        }
                        if full {
                            continue;
                        }
                    }
                    Err(error) => {
                        warn!(%error, "claiming inbox jobs failed; will try again");
                        claim_failed = true;
                    }
                }
            }
            if hand.runs.is_empty() {
                if stopping {
                    break;
                }
                let pause = async {
                    if claim_failed {
                        tokio::time::sleep(self.config.idle_poll).await;
                    } else {
                        self.queue.wait_for_work(self.config.idle_poll).await;
                    }
                };
                tokio::select! {
                    _ = pause => {}
                    _ = shutdown.cancelled() => {}
                }
                continue;
            }
            // Wait for a run to end; with room for more, also for the claim pause to end.
            let resume = drained_at.map(|at| at + CLAIM_PAUSE);
            let ended = match resume {
                Some(resume) if !stopping && !claim_failed && hand.jobs < room => {
                    tokio::select! {
                        ended = hand.runs.join_next_with_id() => ended,
                        _ = tokio::time::sleep_until(resume.into()) => None,
                        _ = shutdown.cancelled() => None,
                    }
                }
                _ => hand.runs.join_next_with_id().await,
            };
            if let Some(ended) = ended {
                self.settle(&mut hand, ended).await;
            }
        }
        info!("inbox processor stopped");
    }

    async fn claim(&self) -> rookery_core::ports::PortResult<Vec<QueuedInboxJob>> {
        self.queue
            .claim(
                &self.config.owner,
                now(),
                self.config.lease,
                self.config.batch,
            )
            .await
    }

    /// Records the fates of the run that ended and of any others that ended meanwhile.
    /// Applied jobs are removed in batches: once [`FINISH_BATCH`] gathered or no run is
    /// left (a removal per run, at a steady 1,000 jobs/s, was a commit per job).
    async fn settle(&self, hand: &mut InHand, first: Ended) {
        let mut next = Some(first);
        while let Some(ended) = next {
            for (id, fate) in hand.end(ended) {
                match fate {
                    Fate::Done => hand.done.push(id),
                    Fate::Untouched => hand.untouched.push(id),
                    Fate::RetryAt(at, error) => {
                        if let Err(e) = self.queue.retry(id, at, &error).await {
                            warn!(error = %e, id, "could not schedule an inbox job's retry");
                        }
                    }
                }
            }
            next = hand.runs.try_join_next_with_id();
        }
        if !hand.runs.is_empty() && hand.done.len() < FINISH_BATCH {
            return;
        }
        let done = std::mem::take(&mut hand.done);
        if !done.is_empty() {
            if let Err(error) = self.queue.finish(&done).await {
                // They stay leased and come back when the lease ends; applying is
                // idempotent.
                warn!(%error, jobs = done.len(), "could not remove applied inbox jobs");
            }
        }
        let untouched = std::mem::take(&mut hand.untouched);
        if !untouched.is_empty() {
            if let Err(error) = self.queue.release(&untouched).await {
                // They come back when their lease ends (at once on a SQLite restart).
                warn!(%error, jobs = untouched.len(), "could not release inbox jobs");
            }
        }
    }
}

/// How long a drained queue is left alone while runs are in hand.
const CLAIM_PAUSE: Duration = Duration::from_millis(5);

/// Applied jobs removed in one statement while runs are still going.
const FINISH_BATCH: usize = 128;

type SignerKey = (Protocol, String);
type Ended = Result<(task::Id, Vec<(i64, Fate)>), task::JoinError>;

/// The runs in hand: what they hold and, per signer, the latest one (which a later run
/// of that signer waits for).
struct InHand {
    runs: JoinSet<Vec<(i64, Fate)>>,
    /// Per run: its signer and how many jobs it holds.
    started: HashMap<task::Id, (SignerKey, usize)>,
    /// Per signer: the latest run, which ends its channel when it ends (or panics).
    latest: HashMap<SignerKey, (task::Id, oneshot::Receiver<()>)>,
    /// Jobs claimed and not yet settled.
    jobs: usize,
    slots: Arc<Semaphore>,
    /// Jobs applied (or dropped for good), not yet removed from the queue.
    done: Vec<i64>,
    /// Jobs not started (stopping), not yet given back.
    untouched: Vec<i64>,
}

impl InHand {
    fn new(concurrency: usize) -> InHand {
        InHand {
            runs: JoinSet::new(),
            started: HashMap::new(),
            latest: HashMap::new(),
            jobs: 0,
            slots: Arc::new(Semaphore::new(concurrency.max(1))),
            done: Vec::new(),
            untouched: Vec::new(),
        }
    }

    /// Starts a run per signer. Once `shutdown` fires no further job is started; those
    /// left are given back untouched, so a restart (or another process) takes them.
    fn start(
        &mut self,
        jobs: Vec<QueuedInboxJob>,
        appliers: &HashMap<Protocol, Arc<dyn InboxApplier>>,
        config: &InboxProcessorConfig,
        shutdown: &CancellationToken,
    ) {
        self.jobs += jobs.len();
        for run in by_signer(jobs) {
            let Some(first) = run.first() else { continue };
            let key = (first.job.protocol, first.job.signer.clone());
            let (ended, ended_rx) = oneshot::channel::<()>();
            let earlier = self.latest.remove(&key).map(|(_, rx)| rx);
            let appliers = appliers.clone();
            let slots = self.slots.clone();
            let max_attempts = config.max_attempts;
            let shutdown = shutdown.clone();
            let size = run.len();
            let handle = self.runs.spawn(async move {
                // The signer's earlier run ended (or failed): its jobs came first.
                if let Some(earlier) = earlier {
                    let _ = earlier.await;
                }
                // The semaphore is never closed; without a permit the run goes anyway.
                let _permit = slots.acquire_owned().await.ok();
                let mut fates = Vec::with_capacity(run.len());
                for job in run {
                    let fate = if shutdown.is_cancelled() {
                        Fate::Untouched
                    } else {
                        apply_one(&appliers, &job, max_attempts).await
                    };
                    fates.push((job.id, fate));
                }
                drop(ended);
                fates
            });
            self.started.insert(handle.id(), (key.clone(), size));
            self.latest.insert(key, (handle.id(), ended_rx));
        }
    }

    /// Forgets a run that ended; returns its jobs' fates.
    fn end(&mut self, ended: Ended) -> Vec<(i64, Fate)> {
        let (id, fates) = match ended {
            Ok((id, fates)) => (id, fates),
            Err(error) => {
                warn!("an inbox job panicked; its jobs stay leased until the lease ends");
                (error.id(), Vec::new())
            }
        };
        if let Some((key, size)) = self.started.remove(&id) {
            self.jobs = self.jobs.saturating_sub(size);
            if self
                .latest
                .get(&key)
                .is_some_and(|(latest, _)| *latest == id)
            {
                self.latest.remove(&key);
            }
        }
        fates
    }
}

/// Splits a batch into runs of one signer each, keeping arrival order inside a run.
fn by_signer(jobs: Vec<QueuedInboxJob>) -> Vec<Vec<QueuedInboxJob>> {
    let mut index: HashMap<(Protocol, String), usize> = HashMap::new();
    let mut runs: Vec<Vec<QueuedInboxJob>> = Vec::new();
    for job in jobs {
        let key = (job.job.protocol, job.job.signer.clone());
        match index.get(&key) {
            Some(&n) => runs[n].push(job),
            None => {
                index.insert(key, runs.len());
                runs.push(vec![job]);
            }
        }
    }
    runs
}

async fn apply_one(
    appliers: &HashMap<Protocol, Arc<dyn InboxApplier>>,
    queued: &QueuedInboxJob,
    max_attempts: u32,
) -> Fate {
    let job = &queued.job;
    let Some(applier) = appliers.get(&job.protocol) else {
        warn!(protocol = %job.protocol, "an inbox job of a protocol this server does not run; dropped");
        return Fate::Done;
    };
    match applier.apply(&job.signer, &job.body).await {
        Ok(()) => Fate::Done,
        Err(ApplyError::Drop(reason)) => {
            info!(signer = %job.signer, %reason, "inbox job dropped");
            Fate::Done
        }
        Err(ApplyError::Retry(reason)) if queued.attempts + 1 >= max_attempts => {
            warn!(signer = %job.signer, %reason, attempts = queued.attempts + 1, "inbox job failed too often; dropped");
            Fate::Done
        }
        Err(ApplyError::Retry(reason)) => {
            debug!(signer = %job.signer, %reason, "inbox job will be retried");
            Fate::RetryAt(now() + retry_delay(queued.attempts), reason)
        }
    }
}

/// 10 s, 30 s, 90 s, ... capped at an hour: a store outage or a peer that is briefly
/// down gets time to recover.
fn retry_delay(attempts: u32) -> Duration {
    let seconds = 10u64.saturating_mul(3u64.saturating_pow(attempts.min(10)));
    Duration::from_secs(seconds.min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rookery_core::ports::InboxJob;

    fn job(id: i64, signer: &str) -> QueuedInboxJob {
        QueuedInboxJob {
            id,
            job: InboxJob {
                protocol: Protocol::ActivityPub,
                signer: signer.to_owned(),
                body: String::new(),
                received_at: Timestamp::from_millis(0),
            },
            attempts: 0,
        }
    }

    /// An in-memory queue: jobs claimed in order, finished ids remembered.
    #[derive(Default)]
    struct MemoryQueue {
        pending: std::sync::Mutex<std::collections::VecDeque<QueuedInboxJob>>,
        finished: std::sync::Mutex<Vec<i64>>,
    }

    #[async_trait::async_trait]
    impl InboxQueue for MemoryQueue {
        async fn append(&self, _job: InboxJob) -> rookery_core::ports::PortResult<()> {
            Ok(())
        }
        async fn claim(
            &self,
            _owner: &str,
            _now: Timestamp,
            _lease: Duration,
            limit: u32,
        ) -> rookery_core::ports::PortResult<Vec<QueuedInboxJob>> {
            let mut pending = self.pending.lock().unwrap();
            let n = pending.len().min(limit as usize);
            Ok(pending.drain(..n).collect())
        }
        async fn finish(&self, ids: &[i64]) -> rookery_core::ports::PortResult<()> {
            self.finished.lock().unwrap().extend(ids);
            Ok(())
        }
        async fn release(&self, _ids: &[i64]) -> rookery_core::ports::PortResult<()> {
            Ok(())
        }
        async fn retry(
            &self,
            _id: i64,
            _at: Timestamp,
            _error: &str,
        ) -> rookery_core::ports::PortResult<()> {
            Ok(())
        }
        async fn wait_for_work(&self, max: Duration) {
            tokio::time::sleep(max).await;
        }
        async fn backlog(&self) -> rookery_core::ports::PortResult<(u64, Option<Timestamp>)> {
            Ok((0, None))
        }
    }

    /// Records the order jobs were applied in; a job whose body is "slow" waits for
    /// `gate` first.
    struct GatedApplier {
        applied: std::sync::Mutex<Vec<String>>,
        gate: tokio::sync::Semaphore,
    }

    #[async_trait::async_trait]
    impl InboxApplier for GatedApplier {
        async fn apply(&self, signer: &str, body: &str) -> Result<(), ApplyError> {
            if body == "slow" {
                let _open = self.gate.acquire().await;
            }
            self.applied
                .lock()
                .unwrap()
                .push(format!("{signer}{}", body.trim_start_matches("slow")));
            Ok(())
        }
    }

    async fn until(what: &str, condition: impl Fn() -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !condition() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{what} never happened"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn next_batch_starts_while_a_run_lags_and_each_signer_keeps_its_order() {
        let queue = Arc::new(MemoryQueue::default());
        let with_body = |id, signer, body: &str| QueuedInboxJob {
            job: InboxJob {
                body: body.to_owned(),
                ..job(id, signer).job
            },
            ..job(id, signer)
        };
        // Batches of two: [a slow, b] then [a, c].
        queue.pending.lock().unwrap().extend([
            with_body(1, "a", "slow"),
            with_body(2, "b", "1"),
            with_body(3, "a", "2"),
            with_body(4, "c", "1"),
        ]);
        let applier = Arc::new(GatedApplier {
            applied: Default::default(),
            gate: tokio::sync::Semaphore::new(0),
        });
        let config = InboxProcessorConfig {
            batch: 2,
            idle_poll: Duration::from_millis(5),
            ..InboxProcessorConfig::new("test")
        };
        let appliers: HashMap<Protocol, Arc<dyn InboxApplier>> = HashMap::from([(
            Protocol::ActivityPub,
            applier.clone() as Arc<dyn InboxApplier>,
        )]);
        let shutdown = CancellationToken::new();
        let processor = tokio::spawn(
            InboxProcessor::new(queue.clone(), appliers, config).run(shutdown.clone()),
        );
        let applied = || applier.applied.lock().unwrap().clone();

        // c's job, from the second batch, is applied while a's first job still waits.
        until("the second batch started", || {
            applied().contains(&"c1".into())
        })
        .await;
        assert!(!applied().contains(&"a".into()) && !applied().contains(&"a2".into()));
        applier.gate.add_permits(1);
        until("every job finished", || {
            queue.finished.lock().unwrap().len() == 4
        })
        .await;
        let order = applied();
        let position = |name: &str| order.iter().position(|n| n == name).unwrap();
        assert!(position("a") < position("a2"), "{order:?}");
        shutdown.cancel();
        processor.await.unwrap();
    }

    #[test]
    fn runs_keep_each_signers_order() {
        let runs = by_signer(vec![
            job(1, "a"),
            job(2, "b"),
            job(3, "a"),
            job(4, "b"),
            job(5, "c"),
        ]);
        let ids: Vec<Vec<i64>> = runs
            .iter()
            .map(|r| r.iter().map(|j| j.id).collect())
            .collect();
        assert_eq!(ids, vec![vec![1, 3], vec![2, 4], vec![5]]);
    }

    #[test]
    fn retry_delay_grows_and_is_capped() {
        assert_eq!(retry_delay(0), Duration::from_secs(10));
        assert_eq!(retry_delay(1), Duration::from_secs(30));
        assert_eq!(retry_delay(2), Duration::from_secs(90));
        assert_eq!(retry_delay(9), Duration::from_secs(3600));
    }
}
