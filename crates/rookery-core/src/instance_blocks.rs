//! Instance-level domain blocks (Mastodon's "suspend"): a blocked domain and all its
//! subdomains get nothing from us and are heard from no more. [`InstanceBlockList`] keeps
//! the list in memory, so the check on every inbox request and outbound request is a
//! read lock and a few string compares; it is reloaded from storage on a short period
//! (another process, the CLI, may have changed it) and at once after a local change.

use std::sync::{Arc, RwLock};

use crate::names::Domain;
use crate::ports::{InstanceBlocks, PortResult};
use crate::time::Timestamp;

/// One blocked domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceBlock {
    pub domain: Domain,
    /// Shown to operators only; never sent anywhere.
    pub reason: Option<String>,
    pub created_at: Timestamp,
}

/// Whether `blocked` covers `host`: the domain itself or any subdomain of it, as Mastodon
/// applies a domain block. Ports and letter case are ignored.
pub fn covers(blocked: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let blocked = blocked.trim_end_matches('.');
    if host.eq_ignore_ascii_case(blocked) {
        return true;
    }
    // Compared as bytes: no slicing inside a multi-byte character.
    let (host, blocked) = (host.as_bytes(), blocked.as_bytes());
    host.len() > blocked.len() + 1
        && host[host.len() - blocked.len() - 1] == b'.'
        && host[host.len() - blocked.len()..].eq_ignore_ascii_case(blocked)
}

/// The host of an absolute URL (`https://host:port/path` → `host:port`), if any.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

/// The blocked domains, cached. Cheap to share behind an `Arc`.
pub struct InstanceBlockList {
    store: Arc<dyn InstanceBlocks>,
    domains: RwLock<Arc<[String]>>,
}

impl InstanceBlockList {
    /// An empty list; call [`InstanceBlockList::reload`] before serving.
    pub fn new(store: Arc<dyn InstanceBlocks>) -> Self {
        InstanceBlockList {
            store,
            domains: RwLock::new(Arc::from(Vec::new())),
        }
    }

    /// Whether `host` (a bare host, `host:port`) is blocked or under a blocked domain.
    pub fn is_blocked(&self, host: &str) -> bool {
        self.snapshot().iter().any(|d| covers(d, host))
    }

    /// Whether the host of `url` is blocked; URLs without a host are not.
    pub fn is_url_blocked(&self, url: &str) -> bool {
        url_host(url).is_some_and(|host| self.is_blocked(host))
    }

    /// Reads the list from storage again.
    pub async fn reload(&self) -> PortResult<()> {
        let fresh: Vec<String> = self
            .store
            .instance_blocks()
            .await?
            .into_iter()
            .map(|b| b.domain.host().to_owned())
            .collect();
        if let Ok(mut domains) = self.domains.write() {
            *domains = Arc::from(fresh);
        }
        Ok(())
    }

    /// The whole list, oldest first, straight from storage.
    pub async fn list(&self) -> PortResult<Vec<InstanceBlock>> {
        self.store.instance_blocks().await
    }

    /// Blocks a domain and applies it to this process at once.
    pub async fn block(&self, block: &InstanceBlock) -> PortResult<bool> {
        let added = self.store.insert_instance_block(block).await?;
        self.reload().await?;
        Ok(added)
    }

    /// Lifts a block and applies it to this process at once.
    pub async fn unblock(&self, domain: &Domain) -> PortResult<bool> {
        let removed = self.store.delete_instance_block(domain).await?;
        self.reload().await?;
        Ok(removed)
    }

    fn snapshot(&self) -> Arc<[String]> {
        // A poisoned lock only means a writer panicked mid-swap; the Arc inside is whole.
        match self.domains.read() {
            Ok(domains) => domains.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_the_domain_and_its_subdomains_only() {
        let cases = [
            ("b.test", "b.test", true),
            ("b.test", "B.Test", true),
            ("b.test", "b.test:8080", true),
            ("b.test", "media.b.test", true),
            ("b.test", "x.media.b.test", true),
            ("b.test", "bb.test", false),
            ("b.test", "b.test.evil", false),
            ("b.test", "test", false),
            ("media.b.test", "b.test", false),
        ];
        for (blocked, host, expected) in cases {
            assert_eq!(covers(blocked, host), expected, "{blocked} covers {host}");
        }
    }

    #[test]
    fn url_hosts() {
        assert_eq!(url_host("https://b.test/users/x"), Some("b.test"));
        assert_eq!(url_host("http://b.test:8080?x"), Some("b.test:8080"));
        assert_eq!(url_host("b.test:123"), None);
        assert_eq!(url_host("https:///x"), None);
    }
}
