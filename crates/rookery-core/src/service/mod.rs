//! Use cases: what a local user does (post, follow, like, ...) and what a remote server
//! tells us (a note arrived, a follow was accepted, ...). Each runs core's rules, writes
//! through one transaction with the deliveries it causes, and wakes the worker. The client
//! API, the web client and both protocol adapters call these; none of them decides who
//! sees or receives what.

mod compose;
mod departures;
mod edit;
mod error;
mod follows;
mod inbound;
mod interactions;
mod media;
mod polls;
mod profile;
mod reactions;
mod references;
mod relations;
mod reports;
mod timelines;

use std::sync::Arc;

pub use compose::{Draft, MAX_NOTE_CHARS};
pub use edit::NoteChange;
pub use error::{ServiceError, ServiceResult};
pub use inbound::IncomingNote;
pub use profile::ProfileChange;
pub use reports::IncomingReport;

use crate::audience::Audience;
use crate::delivery::{DeliveryTarget, OutboundActivity};
use crate::id::{ActivityId, Id, IdGenerator};
use crate::instance_blocks::InstanceBlockList;
use crate::local_emojis::LocalEmojis;
use crate::names::Domain;
use crate::ports::{
    Clock, Emojis, Event, Federation, ProfileLinks, Repository, TextFormatter, WakeWorker, WriteTx,
};
use crate::protocol::Protocol;
use crate::time::Timestamp;

/// Everything the use cases need, built once by the server.
pub struct ServiceDeps {
    pub repo: Arc<dyn Repository>,
    pub federation: Arc<dyn Federation>,
    pub text: Arc<dyn TextFormatter>,
    pub ids: Arc<IdGenerator>,
    pub clock: Arc<dyn Clock>,
    pub worker: Arc<dyn WakeWorker>,
    /// This instance's domain: deliveries never go there.
    pub local_domain: Domain,
    /// Domains suspended by the operator: nothing is delivered to or resolved there.
    pub instance_blocks: Arc<InstanceBlockList>,
    /// Remote custom emoji and the notes that use them.
    pub emojis: Arc<dyn Emojis>,
    /// The instance's own emoji, cached.
    pub local_emojis: Arc<LocalEmojis>,
    /// Checks profile links for `rel="me"` in the background.
    pub profile_links: Arc<dyn ProfileLinks>,
}

/// The use cases. Cheap to share behind an `Arc`.
pub struct Services {
    repo: Arc<dyn Repository>,
    federation: Arc<dyn Federation>,
    text: Arc<dyn TextFormatter>,
    ids: Arc<IdGenerator>,
    clock: Arc<dyn Clock>,
    worker: Arc<dyn WakeWorker>,
    local_domain: Domain,
    instance_blocks: Arc<InstanceBlockList>,
    emojis: Arc<dyn Emojis>,
    local_emojis: Arc<LocalEmojis>,
    profile_links: Arc<dyn ProfileLinks>,
}

impl Services {
    pub fn new(deps: ServiceDeps) -> Self {
        Services {
            repo: deps.repo,
            federation: deps.federation,
            text: deps.text,
            ids: deps.ids,
            clock: deps.clock,
            worker: deps.worker,
            local_domain: deps.local_domain,
            instance_blocks: deps.instance_blocks,
            emojis: deps.emojis,
            local_emojis: deps.local_emojis,
            profile_links: deps.profile_links,
        }
    }

    pub fn repo(&self) -> &Arc<dyn Repository> {
        &self.repo
    }

    pub fn local_domain(&self) -> &Domain {
        &self.local_domain
    }

    /// The operator's instance-level domain blocks, cached.
    pub fn instance_blocks(&self) -> &Arc<InstanceBlockList> {
        &self.instance_blocks
    }

    /// Remote custom emoji, for rendering notes.
    pub fn emojis(&self) -> &Arc<dyn Emojis> {
        &self.emojis
    }

    /// The instance's own emoji, cached (for rendering local notes and profiles).
    pub fn local_emojis(&self) -> &Arc<LocalEmojis> {
        &self.local_emojis
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn new_id(&self) -> Id {
        self.ids.next(self.clock.now())
    }

    /// Renders `event` once per protocol that has targets in `audience` and queues one
    /// delivery per target, inside `tx` (so they commit with the write that caused them).
    /// Returns how many deliveries were queued.
    async fn enqueue(
        &self,
        tx: &mut dyn WriteTx,
        event: &Event<'_>,
        audience: &Audience,
    ) -> ServiceResult<u64> {
        let mut queued = 0;
        for protocol in Protocol::ALL {
            let targets: Vec<DeliveryTarget> = audience
                .remote
                .iter()
                .filter(|t| t.protocol == protocol)
                // A suspended domain is sent nothing (Mastodon's suspend).
                .filter(|t| !self.instance_blocks.is_blocked(&t.target.host))
                .map(|t| t.target.clone())
                .collect();
            if targets.is_empty() {
                continue;
            }
            let Some(rendered) = self.federation.render(protocol, event)? else {
                continue;
            };
            let activity = OutboundActivity {
                id: ActivityId(self.new_id()),
                protocol,
                actor: rendered.actor,
                body: rendered.body,
                created_at: self.now(),
            };
            queued += tx.enqueue(&activity, &targets).await?;
        }
        Ok(queued)
    }

    /// Commits `tx` and wakes the worker when deliveries were queued.
    async fn commit(&self, tx: Box<dyn WriteTx>, queued: u64) -> ServiceResult<()> {
        tx.commit().await?;
        if queued > 0 {
            self.worker.wake();
        }
        Ok(())
    }
}
