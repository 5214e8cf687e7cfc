//! The running instance's copy of the operator's domain blocks: loaded at start, reloaded
//! on a short period (the `rookery domain` CLI writes from another process), and applied
//! to the outbound HTTP client so nothing is fetched from or sent to a blocked domain.

use std::sync::Arc;
use std::time::Duration;

use rookery_core::instance_blocks::InstanceBlockList;
use rookery_net::HostFilter;
use rookery_store::Store;
use tokio_util::sync::CancellationToken;

use crate::error::ServerError;

/// How stale the in-memory list may get after a change made by another process.
pub const RELOAD_EVERY: Duration = Duration::from_secs(10);

pub async fn load(store: &Store) -> Result<Arc<InstanceBlockList>, ServerError> {
    let list = Arc::new(InstanceBlockList::new(Arc::new(store.clone())));
    list.reload()
        .await
        .map_err(|e| ServerError::Io(format!("cannot read the domain blocks: {e}")))?;
    Ok(list)
}

/// The outbound client's refusal rule.
pub fn host_filter(list: &Arc<InstanceBlockList>) -> HostFilter {
    let list = list.clone();
    Arc::new(move |host| list.is_blocked(host))
}

/// Reloads `list` every [`RELOAD_EVERY`] until `stop`.
pub async fn keep_fresh(list: Arc<InstanceBlockList>, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(RELOAD_EVERY) => {}
        }
        if let Err(error) = list.reload().await {
            tracing::warn!(%error, "reloading the domain blocks failed; keeping the old list");
        }
    }
}
