//! The completion buffer: attempts hand their outcomes to one recorder task, which
//! writes them with `DeliveryQueue::record_batch`, one transaction per batch. A batch is
//! whatever arrived while the previous one was being written (group commit), topped up
//! for at most `flush_after`. A failed write keeps the batch and tries again, so an
//! outcome is never dropped; until it is written its delivery stays leased, and at worst
//! is sent again after the lease runs out (inboxes deduplicate by activity id).

use std::sync::Arc;
use std::time::Duration;

use rookery_core::ports::{DeliveryQueue, DeliveryRecord};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::warn;

use crate::run::now;

/// Waits after a failed write before trying again, doubling up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Tries left for what is still buffered once the worker stops.
const TRIES_AT_SHUTDOWN: u32 = 5;

/// The sending side, shared by every attempt.
#[derive(Clone)]
pub(crate) struct Recorder {
    sender: mpsc::UnboundedSender<DeliveryRecord>,
}

/// How batches are formed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchPolicy {
    pub max_batch: usize,
    pub flush_after: Duration,
}

impl Recorder {
    /// Starts the recorder task. It ends once every `Recorder` clone is dropped and what
    /// was buffered is written (or, at shutdown, after a few failed tries).
    pub(crate) fn start(
        queue: Arc<dyn DeliveryQueue>,
        policy: BatchPolicy,
    ) -> (Recorder, JoinHandle<()>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(flush_loop(queue, receiver, policy));
        (Recorder { sender }, task)
    }

    /// Buffers one outcome. Fails only once the recorder task is gone (then the
    /// delivery's lease runs out and it is attempted again).
    pub(crate) fn record(&self, record: DeliveryRecord) -> bool {
        self.sender.send(record).is_ok()
    }
}

async fn flush_loop(
    queue: Arc<dyn DeliveryQueue>,
    mut receiver: mpsc::UnboundedReceiver<DeliveryRecord>,
    policy: BatchPolicy,
) {
    let max_batch = policy.max_batch.max(1);
    let mut pending: Vec<DeliveryRecord> = Vec::new();
    let mut backoff = FIRST_BACKOFF;
    let mut failures = 0u32;
    let mut open = true;
    while open || !pending.is_empty() {
        if pending.is_empty() {
            match receiver.recv().await {
                Some(record) => pending.push(record),
                None => break,
            }
        }
        open = gather(&mut receiver, &mut pending, max_batch, policy.flush_after).await && open;
        let batch_len = pending.len().min(max_batch);
        match queue.record_batch(&pending[..batch_len], now()).await {
            Ok(()) => {
                pending.drain(..batch_len);
                backoff = FIRST_BACKOFF;
                failures = 0;
            }
            Err(error) => {
                warn!(%error, count = batch_len, "recording delivery outcomes failed; will try again");
                failures += 1;
                if !open && failures >= TRIES_AT_SHUTDOWN {
                    // Stopping and the store keeps failing: leave these leased; they
                    // are attempted again after the lease.
                    warn!(
                        count = pending.len(),
                        "giving up recording outcomes at shutdown"
                    );
                    return;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Adds what is already waiting and, while the batch is short, what arrives within
/// `flush_after`. Returns false once every sender is gone.
async fn gather(
    receiver: &mut mpsc::UnboundedReceiver<DeliveryRecord>,
    pending: &mut Vec<DeliveryRecord>,
    max_batch: usize,
    flush_after: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + flush_after;
    while pending.len() < max_batch {
        match receiver.try_recv() {
            Ok(record) => {
                pending.push(record);
                continue;
            }
            Err(mpsc::error::TryRecvError::Disconnected) => return false,
            Err(mpsc::error::TryRecvError::Empty) => {}
        }
        tokio::select! {
            record = receiver.recv() => match record {
                Some(record) => pending.push(record),
                None => return false,
            },
            _ = tokio::time::sleep_until(deadline) => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::Mutex;

    use async_trait::async_trait;
    use rookery_core::ports::{ClaimedDelivery, PortError};
    use rookery_core::{DeliveryId, Timestamp};

    use super::*;

    /// A queue that keeps what `record_batch` wrote and fails its first `fail_first`
    /// calls (nothing written by those).
    #[derive(Default)]
    struct Written {
        batches: Mutex<Vec<Vec<DeliveryRecord>>>,
        calls: Mutex<usize>,
        fail_first: usize,
    }

    #[async_trait]
    impl DeliveryQueue for Written {
        async fn claim(
            &self,
            _: &str,
            _: Timestamp,
            _: Duration,
            _: u32,
        ) -> Result<Vec<ClaimedDelivery>, PortError> {
            Ok(Vec::new())
        }
        async fn complete(&self, _: DeliveryId, _: &str, _: Timestamp) -> Result<(), PortError> {
            unreachable!("the recorder writes batches")
        }
        async fn retry_at(
            &self,
            _: DeliveryId,
            _: Timestamp,
            _: &str,
            _: Timestamp,
        ) -> Result<(), PortError> {
            unreachable!("the recorder writes batches")
        }
        async fn give_up(&self, _: DeliveryId, _: &str, _: Timestamp) -> Result<(), PortError> {
            unreachable!("the recorder writes batches")
        }
        async fn record_batch(
            &self,
            records: &[DeliveryRecord],
            _: Timestamp,
        ) -> Result<(), PortError> {
            let call = {
                let mut calls = self.calls.lock().unwrap();
                *calls += 1;
                *calls
            };
            if call <= self.fail_first {
                return Err(PortError::unavailable("database is down"));
            }
            self.batches.lock().unwrap().push(records.to_vec());
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

    fn done(n: i64) -> DeliveryRecord {
        DeliveryRecord::Done {
            id: DeliveryId::from_i64(n),
            host: format!("h{n}.test"),
        }
    }

    /// Records `count` outcomes, drops the recorder and waits for its task to end.
    async fn record_all(queue: Arc<Written>, count: i64, policy: BatchPolicy) {
        let (recorder, task) = Recorder::start(queue, policy);
        for n in 0..count {
            assert!(recorder.record(done(n)));
        }
        drop(recorder);
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the recorder finishes")
            .unwrap();
    }

    fn ids(queue: &Written) -> Vec<i64> {
        let mut ids: Vec<i64> = queue
            .batches
            .lock()
            .unwrap()
            .iter()
            .flatten()
            .map(|r| match r {
                DeliveryRecord::Done { id, .. } => id.as_i64(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    #[tokio::test]
    async fn outcomes_are_written_in_batches() {
        let queue = Arc::new(Written::default());
        let policy = BatchPolicy {
            max_batch: 64,
            flush_after: Duration::from_millis(20),
        };
        record_all(queue.clone(), 1_000, policy).await;
        assert_eq!(ids(&queue), (0..1_000).collect::<Vec<_>>(), "each once");
        let batches = queue.batches.lock().unwrap();
        assert!(batches.iter().all(|b| b.len() <= 64), "capped at max_batch");
        assert!(batches.len() <= 1_000 / 64 + 1, "{} batches", batches.len());
    }

    #[tokio::test]
    async fn a_failed_write_is_retried_and_nothing_is_lost() {
        let queue = Arc::new(Written {
            fail_first: 3,
            ..Written::default()
        });
        let policy = BatchPolicy {
            max_batch: 512,
            flush_after: Duration::from_millis(1),
        };
        record_all(queue.clone(), 300, policy).await;
        assert_eq!(
            *queue.calls.lock().unwrap() - queue.batches.lock().unwrap().len(),
            3
        );
        assert_eq!(ids(&queue), (0..300).collect::<Vec<_>>(), "nothing lost");
    }

    #[tokio::test]
    async fn a_store_that_keeps_failing_does_not_hold_up_shutdown() {
        let queue = Arc::new(Written {
            fail_first: usize::MAX,
            ..Written::default()
        });
        let policy = BatchPolicy {
            max_batch: 512,
            flush_after: Duration::from_millis(1),
        };
        record_all(queue.clone(), 10, policy).await;
        assert!(ids(&queue).is_empty());
        assert_eq!(*queue.calls.lock().unwrap(), TRIES_AT_SHUTDOWN as usize);
    }
}
