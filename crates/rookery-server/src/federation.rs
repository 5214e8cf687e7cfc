//! The federation hub: core's [`Federation`] port over the protocol adapters this
//! instance speaks. It renders each event with the adapter of the target's protocol and
//! resolves handles with WebFinger, choosing the preferred protocol the remote server
//! offers (`federation.prefer`).

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use rookery_core::ports::{Event, Federation, PortError, PortResult, ProtocolAdapter, Rendered};
use rookery_core::{Account, Handle, NoteId, Protocol};
use rookery_net::webfinger::{webfinger, WebFingerError};
use rookery_net::HttpClient;

pub struct FederationHub {
    http: HttpClient,
    adapters: HashMap<Protocol, Arc<dyn ProtocolAdapter>>,
    /// Protocols in order of preference, only those spoken.
    preference: Vec<Protocol>,
    /// `https`, or `http` in loopback test setups (see `Config::discovery_scheme`).
    discovery_scheme: &'static str,
}

impl FederationHub {
    /// The adapters spoken, ActivityPub first: some Misskey versions read only the first
    /// WebFinger `self` link (versia.md §5.1).
    pub fn adapters_for_webfinger(&self) -> Vec<Arc<dyn ProtocolAdapter>> {
        let mut adapters: Vec<_> = self.adapters.values().cloned().collect();
        adapters.sort_by_key(|a| a.protocol() != Protocol::ActivityPub);
        adapters
    }

    pub fn new(
        http: HttpClient,
        adapters: Vec<Arc<dyn ProtocolAdapter>>,
        preference: Vec<Protocol>,
        discovery_scheme: &'static str,
    ) -> Self {
        let adapters: HashMap<Protocol, Arc<dyn ProtocolAdapter>> =
            adapters.into_iter().map(|a| (a.protocol(), a)).collect();
        let preference = preference
            .into_iter()
            .filter(|p| adapters.contains_key(p))
            .collect();
        FederationHub {
            http,
            adapters,
            preference,
            discovery_scheme,
        }
    }
}

#[async_trait]
impl Federation for FederationHub {
    fn render(&self, protocol: Protocol, event: &Event<'_>) -> PortResult<Option<Rendered>> {
        match self.adapters.get(&protocol) {
            Some(adapter) => adapter.render(event),
            // An account reached by a protocol this instance no longer speaks.
            None => Ok(None),
        }
    }

    async fn resolve_handle(&self, handle: &Handle) -> PortResult<Option<Account>> {
        if self.preference.is_empty() {
            return Ok(None);
        }
        let jrd = match webfinger(
            &self.http,
            self.discovery_scheme,
            &handle.username,
            handle.domain.as_str(),
        )
        .await
        {
            Ok(jrd) => jrd,
            Err(WebFingerError::NotFound | WebFingerError::Gone) => return Ok(None),
            Err(error) => {
                return Err(PortError::unavailable(format!(
                    "WebFinger for {handle}: {error}"
                )))
            }
        };
        for protocol in &self.preference {
            let Some(adapter) = self.adapters.get(protocol) else {
                continue;
            };
            if let Some(href) = jrd.self_link(adapter.media_type()) {
                return adapter.resolve_account(href).await;
            }
        }
        Ok(None)
    }

    async fn prepare_signer(&self, account: &Account) -> PortResult<()> {
        for adapter in self.adapters.values() {
            adapter.prepare_signer(account).await?;
        }
        Ok(())
    }

    /// Our note under any spoken protocol's id (FEDERATION.md, "Both protocols").
    fn local_note_id(&self, uri: &str) -> Option<NoteId> {
        self.adapters.values().find_map(|a| a.local_note_id(uri))
    }
}
