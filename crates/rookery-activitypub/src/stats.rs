//! Counters of inbound ActivityPub traffic, for metrics: how many POSTs reached each kind
//! of inbox and how many were refused. Shared inboxes are what keep fan-out cheap (one
//! POST per server, activitypub.md §6.1), so their share is worth watching.

use std::sync::atomic::{AtomicU64, Ordering};

/// Which inbox a POST reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxKind {
    /// `/inbox`, for everyone on this server.
    Shared,
    /// `/users/NAME/inbox`.
    Personal,
    /// `/actor/inbox`, the instance actor's.
    Instance,
}

#[derive(Debug, Default)]
pub struct InboxStats {
    shared: AtomicU64,
    personal: AtomicU64,
    instance: AtomicU64,
    refused: AtomicU64,
}

impl InboxStats {
    /// A POST arrived at an inbox of `kind` (counted before any check; bodies over the
    /// size cap are refused by a router layer before they get here).
    pub fn received(&self, kind: InboxKind) {
        let counter = match kind {
            InboxKind::Shared => &self.shared,
            InboxKind::Personal => &self.personal,
            InboxKind::Instance => &self.instance,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// A POST was answered with an error status.
    pub fn refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters by metric name.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        vec![
            ("inbox_requests.shared", self.shared.load(Ordering::Relaxed)),
            (
                "inbox_requests.personal",
                self.personal.load(Ordering::Relaxed),
            ),
            (
                "inbox_requests.instance",
                self.instance.load(Ordering::Relaxed),
            ),
            (
                "inbox_requests.refused",
                self.refused.load(Ordering::Relaxed),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_kind_apart() {
        let stats = InboxStats::default();
        stats.received(InboxKind::Shared);
        stats.received(InboxKind::Shared);
        stats.received(InboxKind::Personal);
        stats.refused();
        assert_eq!(
            stats.snapshot(),
            vec![
                ("inbox_requests.shared", 2),
                ("inbox_requests.personal", 1),
                ("inbox_requests.instance", 0),
                ("inbox_requests.refused", 1),
            ]
        );
    }
}
