//! The ActivityPub adapter: everything the server plugs in for this protocol, sharing one
//! set of URLs, keys, a fetcher and the remote actor cache.

use std::sync::Arc;

use async_trait::async_trait;
use rookery_core::local_emojis::LocalEmojis;
use rookery_core::ports::{
    DeliveryQueue, Event, InboxQueue, Personal, PortError, PortResult, ProtocolAdapter, Rendered,
    Repository,
};
use rookery_core::{Account, IdGenerator, Protocol};
use rookery_net::HttpClient;

use crate::actors::RemoteActors;
use crate::documents;
use crate::fetch::Fetcher;
use crate::local_keys::LocalKeys;
use crate::render::Renderer;
use crate::stats::InboxStats;
use crate::urls::Urls;

/// How this instance presents itself.
#[derive(Debug, Clone)]
pub struct ApConfig {
    /// `https://DOMAIN`.
    pub public_url: String,
    pub domain: String,
    /// `https`, or `http` for loopback tests: the scheme of `@target-uri` when
    /// verifying RFC 9421 signatures.
    pub scheme: String,
    /// Serve actors (but the instance actor), notes and collections only to signed GETs
    /// (activitypub.md §4.3).
    pub authorized_fetch: bool,
    /// How long a remote actor read from the store is remembered for signature checks
    /// and the inbox processor (`signer_cache.rs`); zero reads the store every time.
    pub actor_memory: std::time::Duration,
}

/// The two queues the adapter writes to.
pub struct ApQueues {
    /// Deliveries, told when a host that failed talks to us again (§6.2).
    pub deliveries: Arc<dyn DeliveryQueue>,
    /// What the inbox accepted, waiting for the inbox processor.
    pub inbox: Arc<dyn InboxQueue>,
}

pub struct ActivityPub {
    pub(crate) config: ApConfig,
    pub(crate) urls: Urls,
    pub(crate) repo: Arc<dyn Repository>,
    pub(crate) keys: Arc<LocalKeys>,
    pub(crate) fetcher: Fetcher,
    pub(crate) actors: RemoteActors,
    pub(crate) http: HttpClient,
    /// The delivery queue, told when a host that failed talks to us again (§6.2).
    pub(crate) queue: Arc<dyn DeliveryQueue>,
    /// Where the inbox puts what it accepted, for the inbox processor.
    pub(crate) inbox: Arc<dyn InboxQueue>,
    /// Pinned notes, served as the actor's `featured` collection.
    pub(crate) personal: Arc<dyn Personal>,
    pub(crate) stats: InboxStats,
    /// Replies crawls in flight (`backfill::replies`).
    pub(crate) reply_crawls: crate::backfill::replies::ReplyCrawls,
    /// The instance's own emoji, tagged on the local notes and actors that use them.
    pub(crate) local_emojis: Arc<LocalEmojis>,
    renderer: Renderer,
}

impl ActivityPub {
    pub async fn new(
        config: ApConfig,
        repo: Arc<dyn Repository>,
        http: HttpClient,
        ids: Arc<IdGenerator>,
        queues: ApQueues,
        personal: Arc<dyn Personal>,
        local_emojis: Arc<LocalEmojis>,
    ) -> PortResult<Arc<ActivityPub>> {
        let ApQueues {
            deliveries: queue,
            inbox,
        } = queues;
        let urls = Urls::new(config.public_url.clone());
        let keys = Arc::new(LocalKeys::load(repo.clone()).await?);
        let fetcher = Fetcher::new(http.clone(), keys.clone(), urls.clone());
        let actors = RemoteActors::new(repo.clone(), fetcher.clone(), ids, config.actor_memory);
        let renderer = Renderer {
            urls: urls.clone(),
            domain: config.domain.clone(),
            local_emojis: local_emojis.clone(),
        };
        Ok(Arc::new(ActivityPub {
            config,
            urls,
            repo,
            keys,
            fetcher,
            actors,
            http,
            queue,
            inbox,
            personal,
            stats: InboxStats::default(),
            reply_crawls: Default::default(),
            local_emojis,
            renderer,
        }))
    }

    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// A local account's actor document, with its public key (created on first use).
    pub async fn actor_document(&self, account: &Account) -> PortResult<serde_json::Value> {
        let key = self.keys.account(account.id).await?;
        let pem = key
            .public_key_pem()
            .map_err(|e| PortError::unavailable(e.to_string()))?;
        Ok(documents::actor(
            &self.urls,
            &self.config.domain,
            account,
            &pem,
            &self.local_emojis,
        ))
    }
}

#[async_trait]
impl ProtocolAdapter for ActivityPub {
    fn protocol(&self) -> Protocol {
        Protocol::ActivityPub
    }

    fn render(&self, event: &Event<'_>) -> PortResult<Option<Rendered>> {
        // Profile updates carry the actor document with its key, in memory once the
        // account has signed or been served, or was prepared (`prepare_signer`).
        Ok(self.renderer.render(event, |account| {
            let pem = self.keys.cached_public_pem(account.id)?;
            Some(documents::actor(
                &self.urls,
                &self.config.domain,
                account,
                &pem,
                &self.local_emojis,
            ))
        }))
    }

    /// Loads (or creates) the local account's key, so an `Update` of its actor can
    /// embed the public key (activitypub.md §5.9: the receiver refreshes the key too).
    async fn prepare_signer(&self, account: &Account) -> PortResult<()> {
        if account.is_local() {
            self.keys.account(account.id).await?;
        }
        Ok(())
    }

    fn media_type(&self) -> &'static str {
        "application/activity+json"
    }

    fn local_account_url(&self, account: &Account) -> String {
        self.urls.actor(&account.username)
    }

    async fn resolve_account(&self, href: &str) -> PortResult<Option<Account>> {
        match self.actors.account(href, true).await {
            Ok(account) => Ok(Some(account)),
            Err(crate::error::ApError::Fetch(e)) if !e.is_transient() => {
                tracing::info!(%href, error = %e, "remote actor not found");
                Ok(None)
            }
            Err(e) => Err(PortError::unavailable(e.to_string())),
        }
    }

    fn local_note_id(&self, uri: &str) -> Option<rookery_core::NoteId> {
        self.urls.local_note(uri)
    }

    fn counters(&self) -> Vec<(&'static str, u64)> {
        self.stats.snapshot()
    }
}
