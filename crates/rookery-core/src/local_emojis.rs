//! The instance's own custom emoji, cached: rendering a local note or profile (client
//! API, ActivityPub, Versia) finds the emoji its text names with a read lock, no query.
//! Reloaded from storage on a short period (the `rookery emoji` CLI writes from another
//! process) and at once after a change made through this set.

use std::sync::{Arc, RwLock};

use crate::emoji::{shortcodes_in, LocalEmoji, MAX_EMOJIS};
use crate::ports::{Emojis, PortResult};

/// The local emoji, by shortcode. Cheap to share behind an `Arc`.
pub struct LocalEmojis {
    store: Arc<dyn Emojis>,
    cached: RwLock<Arc<[LocalEmoji]>>,
}

impl LocalEmojis {
    /// An empty set; call [`LocalEmojis::reload`] before serving.
    pub fn new(store: Arc<dyn Emojis>) -> Self {
        LocalEmojis {
            store,
            cached: RwLock::new(Arc::from(Vec::new())),
        }
    }

    /// Reads the emoji from storage again.
    pub async fn reload(&self) -> PortResult<()> {
        let fresh = self.store.local_emojis().await?;
        if let Ok(mut cached) = self.cached.write() {
            *cached = Arc::from(fresh);
        }
        Ok(())
    }

    /// Every local emoji, by shortcode, as cached.
    pub fn all(&self) -> Arc<[LocalEmoji]> {
        // A poisoned lock only means a writer panicked mid-swap; the Arc inside is whole.
        match self.cached.read() {
            Ok(cached) => cached.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The local emoji that `texts` name as `:shortcode:`, in order of first use, at
    /// most [`MAX_EMOJIS`]: what a local note or profile written so uses.
    pub fn used_in(&self, texts: &[&str]) -> Vec<LocalEmoji> {
        let all = self.all();
        if all.is_empty() {
            return Vec::new();
        }
        let mut used: Vec<LocalEmoji> = Vec::new();
        for code in texts.iter().flat_map(|t| shortcodes_in(t)) {
            if used.len() == MAX_EMOJIS {
                break;
            }
            if used.iter().any(|e| e.shortcode == code) {
                continue;
            }
            if let Some(emoji) = all.iter().find(|e| e.shortcode == code) {
                used.push(emoji.clone());
            }
        }
        used
    }

    /// Adds (or replaces) an emoji and applies it to this process at once; returns the
    /// one replaced.
    pub async fn put(&self, emoji: &LocalEmoji) -> PortResult<Option<LocalEmoji>> {
        let replaced = self.store.put_local_emoji(emoji).await?;
        self.reload().await?;
        Ok(replaced)
    }

    /// Removes an emoji and applies it to this process at once; returns it when there
    /// was one.
    pub async fn remove(&self, shortcode: &str) -> PortResult<Option<LocalEmoji>> {
        let removed = self.store.remove_local_emoji(shortcode).await?;
        self.reload().await?;
        Ok(removed)
    }
}
