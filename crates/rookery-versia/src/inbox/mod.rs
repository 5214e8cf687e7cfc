//! The inbox pipeline (versia.md §4 E5, §3.5, §9): verify the signature over the raw
//! bytes, then parse and validate, then check authorship, then append to the durable
//! inbox queue and answer 202 (§12 decision 14: 202 means accepted, not yet applied).
//! The inbox processor later hands the entity to core's use cases (`apply_queued`).
//! Verify, then parse, then trust (architecture invariant 5).

mod authenticate;
mod authors;
mod dispatch;
mod polls;
mod reactions;
mod rejection;
mod report;

use http::HeaderMap;
use rookery_core::ports::{ApplyError, InboxApplier, InboxJob};
use rookery_core::service::Services;
use rookery_core::Protocol;
use sha2::{Digest, Sha256};

pub use authenticate::authenticate;
pub use rejection::{accept_missing, Rejection};

use crate::context::{now, Versia};
use crate::entities::Entity;
use crate::validate::check_authorship;

/// Largest inbox body we read (§4 E5; core entities are small, a Note with a long text
/// stays far below this).
pub const MAX_INBOX_BYTES: usize = 256 * 1024;

/// Processes one inbox POST whose raw path and body are given as received. `Ok` means
/// 202 Accepted, duplicates included.
pub async fn receive(
    versia: &Versia,
    services: &Services,
    raw_path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Rejection> {
    refuse_blocked(services, headers)?;
    let signer = authenticate(versia, "post", raw_path, headers, body).await?;
    let entity = Entity::from_slice(body)?;
    versia.validator().entity(&entity)?;
    check_authorship(&entity, &signer)?;
    // Valid JSON is UTF-8 (RFC 8259 §8.1), so this only fails for bytes the parser refused.
    let text =
        std::str::from_utf8(body).map_err(|_| Rejection::unprocessable("the body is not UTF-8"))?;
    versia
        .inbox
        .append(InboxJob {
            protocol: Protocol::Versia,
            signer,
            body: text.to_owned(),
            received_at: now(),
        })
        .await?;
    Ok(())
}

/// Applies a delivery the inbox accepted and queued, signed by the instance `signer`.
/// The checks are run again (they are cheap and the stored row is not signed).
pub async fn apply_queued(
    versia: &Versia,
    services: &Services,
    signer: &str,
    body: &str,
) -> Result<(), Rejection> {
    let entity = Entity::from_slice(body.as_bytes())?;
    versia.validator().entity(&entity)?;
    check_authorship(&entity, signer)?;
    // Idempotent inbox (invariant 4): the same bytes twice change nothing. Transient
    // entities have no id, so the body's hash is the delivery's identity.
    // A Note is deduplicated by its own URI when stored (versia.md §9.3: upserted by
    // sender and id, so the same Note again changes nothing), so it skips this read and
    // the write transaction after it: the commonest entity (issue 7, B1).
    let seen_key = (!matches!(entity, Entity::Note(_)))
        .then(|| format!("versia:{}", hex_sha256(body.as_bytes())));
    if let Some(key) = &seen_key {
        if versia.repo.inbox_seen(key).await? {
            tracing::debug!(%signer, "versia inbox: duplicate delivery");
            return Ok(());
        }
    }
    dispatch::apply(versia, services, signer, entity).await?;
    if let Some(key) = &seen_key {
        let mut tx = versia.repo.begin().await?;
        tx.mark_inbox_seen(key, now()).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The Versia side of the inbox processor.
pub struct VersiaInboxApplier {
    versia: std::sync::Arc<Versia>,
    services: std::sync::Arc<Services>,
}

impl VersiaInboxApplier {
    pub fn new(versia: std::sync::Arc<Versia>, services: std::sync::Arc<Services>) -> Self {
        VersiaInboxApplier { versia, services }
    }
}

#[async_trait::async_trait]
impl InboxApplier for VersiaInboxApplier {
    async fn apply(&self, signer: &str, body: &str) -> Result<(), ApplyError> {
        match apply_queued(&self.versia, &self.services, signer, body).await {
            Ok(()) => Ok(()),
            // A transient failure (store, a fetch that timed out) is tried again later;
            // anything else would fail the same way every time.
            Err(rejection) if rejection.status.is_server_error() => {
                Err(ApplyError::Retry(rejection.reason))
            }
            Err(rejection) => Err(ApplyError::Drop(format!(
                "{}: {}",
                rejection.status, rejection.reason
            ))),
        }
    }
}

/// An instance the operator blocked (Mastodon's suspend) is refused with 403 before its
/// key is fetched: `Versia-Signed-By` names the only instance that may speak here (§3.5),
/// and authorship is checked against it later.
fn refuse_blocked(services: &Services, headers: &HeaderMap) -> Result<(), Rejection> {
    let signed_by = headers
        .get(crate::signature::SIGNED_BY_HEADER)
        .and_then(|v| v.to_str().ok());
    match signed_by {
        Some(domain) if services.instance_blocks().is_blocked(domain) => Err(Rejection::new(
            http::StatusCode::FORBIDDEN,
            "this instance is blocked here",
        )),
        _ => Ok(()),
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
