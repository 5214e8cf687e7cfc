//! Builds core's use cases ([`Services`]) from this instance's parts: the store as the
//! repository, the federation hub over the protocol adapters, `rookery-html` for text,
//! the system clock, and this process's worker.

use std::sync::Arc;

use rookery_core::instance_blocks::InstanceBlockList;
use rookery_core::ports::{Clock, ProtocolAdapter, WakeWorker};
use rookery_core::service::{ServiceDeps, Services};
use rookery_core::{Domain, IdGenerator, Timestamp};
use rookery_net::HttpClient;
use rookery_store::Store;
use rookery_worker::WorkerHandle;

use crate::config::Config;
use crate::error::ServerError;
use crate::federation::FederationHub;
use crate::rel_me::RelMeVerifier;
use crate::text::HtmlText;

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        crate::instance::now()
    }
}

struct Wake(WorkerHandle);

impl WakeWorker for Wake {
    fn wake(&self) {
        self.0.wake();
    }
}

pub struct Parts<'a> {
    pub config: &'a Config,
    pub public_url: &'a str,
    pub store: &'a Store,
    pub http: &'a HttpClient,
    pub ids: Arc<IdGenerator>,
    pub worker: WorkerHandle,
    pub adapters: Vec<Arc<dyn ProtocolAdapter>>,
    pub instance_blocks: Arc<InstanceBlockList>,
    pub local_emojis: Arc<rookery_core::local_emojis::LocalEmojis>,
}

/// The protocol adapters spoken, in WebFinger link order.
pub type Adapters = Arc<[Arc<dyn ProtocolAdapter>]>;

/// The use cases, and the adapters in WebFinger order.
pub fn build(parts: Parts<'_>) -> Result<(Arc<Services>, Adapters), ServerError> {
    let local_domain = Domain::parse(&parts.config.instance.domain)
        .map_err(|e| ServerError::Config(format!("instance.domain: {e}")))?;
    let hub = FederationHub::new(
        parts.http.clone(),
        parts.adapters,
        parts.config.protocol_preference(),
        parts.config.discovery_scheme(),
    );
    let adapters = hub.adapters_for_webfinger().into();
    let services = Arc::new(Services::new(ServiceDeps {
        repo: Arc::new(parts.store.clone()),
        federation: Arc::new(hub),
        text: Arc::new(HtmlText::new(parts.public_url)),
        ids: parts.ids,
        clock: Arc::new(SystemClock),
        worker: Arc::new(Wake(parts.worker)),
        local_domain,
        instance_blocks: parts.instance_blocks,
        emojis: Arc::new(parts.store.clone()),
        local_emojis: parts.local_emojis,
        profile_links: Arc::new(RelMeVerifier::new(
            Arc::new(parts.store.clone()),
            parts.http.clone(),
            parts.public_url,
        )),
    }));
    Ok((services, adapters))
}
