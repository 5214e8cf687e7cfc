//! The inbox processor: applies what the inboxes accepted and queued (core's `InboxQueue`),
//! in arrival order per sender, many senders at once.
//!
//! Why per sender: one actor's activities depend on each other (a Create then its
//! Delete, a Follow then its Undo), different actors' do not. A batch is leased, split by
//! signer, each signer's jobs applied one after another while up to `concurrency`
//! signers proceed in parallel (their writes share group commits), then the batch is
//! finished in one statement. A job that fails for a reason worth retrying is tried
//! again later with backoff; one that can never apply is dropped with a log line.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rookery_core::ports::{ApplyError, InboxApplier, InboxQueue, QueuedInboxJob};
use rookery_core::{Protocol, Timestamp};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
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

    /// Runs until `shutdown` fires; the batch in hand is finished first.
    pub async fn run(self, shutdown: CancellationToken) {
        info!(owner = %self.config.owner, "inbox processor started");
        let slots = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        while !shutdown.is_cancelled() {
            let claimed = self
                .queue
                .claim(
                    &self.config.owner,
                    now(),
                    self.config.lease,
                    self.config.batch,
                )
                .await;
            match claimed {
                Ok(jobs) if !jobs.is_empty() => {
                    debug!(count = jobs.len(), "applying queued inbox jobs");
                    self.apply_batch(jobs, &slots, &shutdown).await;
                }
                Ok(_) => {
                    tokio::select! {
                        _ = self.queue.wait_for_work(self.config.idle_poll) => {}
                        _ = shutdown.cancelled() => {}
                    }
                }
                Err(error) => {
                    warn!(%error, "claiming inbox jobs failed; will try again");
                    tokio::select! {
                        _ = tokio::time::sleep(self.config.idle_poll) => {}
                        _ = shutdown.cancelled() => {}
                    }
                }
            }
        }
        info!("inbox processor stopped");
    }

    /// Applies a leased batch. Once `shutdown` fires no further job is started; those
    /// left are given back untouched, so a restart (or another process) takes them.
    async fn apply_batch(
        &self,
        jobs: Vec<QueuedInboxJob>,
        slots: &Arc<Semaphore>,
        shutdown: &CancellationToken,
    ) {
        let mut tasks = JoinSet::new();
        for run in by_signer(jobs) {
            let appliers = self.appliers.clone();
            let slots = slots.clone();
            let max_attempts = self.config.max_attempts;
            let shutdown = shutdown.clone();
            tasks.spawn(async move {
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
                fates
            });
        }
        let mut done = Vec::new();
        let mut untouched = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let Ok(fates) = joined else {
                warn!("an inbox job panicked; its jobs stay leased until the lease ends");
                continue;
            };
            for (id, fate) in fates {
                match fate {
                    Fate::Done => done.push(id),
                    Fate::Untouched => untouched.push(id),
                    Fate::RetryAt(at, error) => {
                        if let Err(e) = self.queue.retry(id, at, &error).await {
                            warn!(error = %e, id, "could not schedule an inbox job's retry");
                        }
                    }
                }
            }
        }
        if let Err(error) = self.queue.finish(&done).await {
            // They stay leased and come back when the lease ends; applying is idempotent.
            warn!(%error, jobs = done.len(), "could not remove applied inbox jobs");
        }
        if let Err(error) = self.queue.release(&untouched).await {
            // They come back when their lease ends (at once on a SQLite restart).
            warn!(%error, jobs = untouched.len(), "could not release inbox jobs");
        }
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
