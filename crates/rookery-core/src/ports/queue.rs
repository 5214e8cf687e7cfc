//! The delivery ports: the persistent queue the worker drains, and the protocol
//! deliverers it calls.

use std::time::Duration;

use async_trait::async_trait;

use crate::delivery::{AttemptResult, DeliveryJob};
use crate::id::DeliveryId;
use crate::time::Timestamp;

use super::PortError;

/// A claimed delivery with the body it must send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDelivery {
    pub job: DeliveryJob,
    pub body: Vec<u8>,
}

/// One attempt's outcome, as the worker records it. Recording a completion or a give-up
/// again is harmless (the row is gone), so a failed batch may be retried; a retry
/// recorded twice counts one attempt more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryRecord {
    /// Delivered: remove the delivery and mark its host healthy.
    Done { id: DeliveryId, host: String },
    /// Failed; try again at `at`.
    Retry {
        id: DeliveryId,
        at: Timestamp,
        error: String,
    },
    /// Failed for good (permanent error or past the give-up horizon).
    GiveUp { id: DeliveryId, error: String },
}

/// The persistent delivery queue.
#[async_trait]
pub trait DeliveryQueue: Send + Sync {
    /// Leases up to `limit` due deliveries to `worker` until `now + lease`. A job whose
    /// lease expired (its worker died) is due again. Hosts marked unreachable are skipped.
    async fn claim(
        &self,
        worker: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedDelivery>, PortError>;

    /// The delivery succeeded: remove it and mark its host healthy.
    async fn complete(&self, id: DeliveryId, host: &str, now: Timestamp) -> Result<(), PortError>;

    /// The attempt failed and will be retried at `at`.
    async fn retry_at(
        &self,
        id: DeliveryId,
        at: Timestamp,
        error: &str,
        now: Timestamp,
    ) -> Result<(), PortError>;

    /// The delivery failed for good (permanent error or past the give-up horizon).
    async fn give_up(&self, id: DeliveryId, error: &str, now: Timestamp) -> Result<(), PortError>;

    /// Records many outcomes at once. A store makes it one transaction (all or none), so
    /// a fan-out pays one commit per batch rather than one per delivery. This default
    /// records them one by one; on an error the caller retries the whole batch.
    async fn record_batch(
        &self,
        records: &[DeliveryRecord],
        now: Timestamp,
    ) -> Result<(), PortError> {
        for record in records {
            match record {
                DeliveryRecord::Done { id, host } => self.complete(*id, host, now).await?,
                DeliveryRecord::Retry { id, at, error } => {
                    self.retry_at(*id, *at, error, now).await?
                }
                DeliveryRecord::GiveUp { id, error } => self.give_up(*id, error, now).await?,
            }
        }
        Ok(())
    }

    /// Records a failed attempt against the host's health and returns on how many
    /// distinct UTC days (see [`Timestamp::day_number`]) the host has failed since its
    /// last success.
    async fn record_host_failure(&self, host: &str, now: Timestamp) -> Result<u32, PortError>;

    /// Stops claiming deliveries for `host` until it succeeds again or talks to us
    /// ([`DeliveryQueue::host_recovered`]).
    async fn mark_host_unreachable(&self, host: &str, now: Timestamp) -> Result<(), PortError>;

    /// The host answered us (a delivery succeeded, or it sent us a signed request):
    /// forget its failures and resume its deliveries.
    async fn host_recovered(&self, host: &str) -> Result<(), PortError>;

    /// Gives up every delivery created before `created_before` (the give-up horizon),
    /// including those parked behind an unreachable host. Returns how many.
    async fn give_up_expired(&self, created_before: Timestamp) -> Result<u64, PortError>;

    /// How many deliveries are waiting (due or not).
    async fn depth(&self) -> Result<u64, PortError>;
}

/// Sends one delivery with one protocol. Signs at send time so dates are fresh.
#[async_trait]
pub trait Deliverer: Send + Sync {
    async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult;
}
