//! The running instance's copy of its own custom emoji: loaded at start and reloaded on
//! a short period, since the `rookery emoji` CLI changes them from another process.

use std::sync::Arc;
use std::time::Duration;

use rookery_core::local_emojis::LocalEmojis;
use rookery_store::Store;
use tokio_util::sync::CancellationToken;

use crate::error::ServerError;

/// How stale the in-memory emoji may get after a change made by another process.
pub const RELOAD_EVERY: Duration = Duration::from_secs(10);

pub async fn load(store: &Store) -> Result<Arc<LocalEmojis>, ServerError> {
    let set = Arc::new(LocalEmojis::new(Arc::new(store.clone())));
    set.reload()
        .await
        .map_err(|e| ServerError::Io(format!("cannot read the local emoji: {e}")))?;
    Ok(set)
}

/// Reloads `set` every [`RELOAD_EVERY`] until `stop`.
pub async fn keep_fresh(set: Arc<LocalEmojis>, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(RELOAD_EVERY) => {}
        }
        if let Err(error) = set.reload().await {
            tracing::warn!(%error, "reloading the local emoji failed; keeping the old ones");
        }
    }
}
