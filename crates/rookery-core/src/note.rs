//! Notes (statuses) and their visibility.

use std::fmt;
use std::str::FromStr;

use crate::attachment::Attachment;
use crate::error::CoreError;
use crate::id::{AccountId, NoteId};
use crate::time::Timestamp;

/// The four visibilities every protocol maps to (Mastodon's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Visibility {
    /// Everyone; shown on public timelines.
    Public,
    /// Everyone may see it, but it stays off public timelines.
    Unlisted,
    /// The author's followers and mentioned accounts.
    FollowersOnly,
    /// Only mentioned accounts.
    Direct,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::FollowersOnly => "private",
            Visibility::Direct => "direct",
        }
    }

    /// Public and unlisted notes may be shown to anyone, logged in or not.
    pub fn is_world_readable(self) -> bool {
        matches!(self, Visibility::Public | Visibility::Unlisted)
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = CoreError;
    /// Accepts Mastodon's names (`private` is followers-only).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "public" => Ok(Visibility::Public),
            "unlisted" => Ok(Visibility::Unlisted),
            "private" | "followers" | "followers_only" => Ok(Visibility::FollowersOnly),
            "direct" => Ok(Visibility::Direct),
            other => Err(CoreError::invalid(
                "visibility",
                format!("{other:?} is not one of public, unlisted, private, direct"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub author: AccountId,
    /// Canonical federation id (AP object id or Versia reference). Local notes get one
    /// from the adapter that renders them; `None` until then is never stored.
    pub uri: Option<String>,
    /// Human-facing page.
    pub url: Option<String>,
    /// Sanitized HTML, safe to render.
    pub content_html: String,
    /// What the author typed (local notes); remote notes may carry a source too.
    pub source: String,
    /// Content warning (`spoiler_text`, AP `summary`, Versia `subject`); empty when none.
    pub content_warning: String,
    pub sensitive: bool,
    /// BCP 47 language tag.
    pub language: Option<String>,
    pub in_reply_to: Option<NoteId>,
    /// The author of the note replied to, for thread and notification rules.
    pub in_reply_to_account: Option<AccountId>,
    pub mentions: Vec<AccountId>,
    /// Remote media, by reference (activitypub.md §5.5, versia.md §8.2), in order.
    pub attachments: Vec<Attachment>,
    /// Hashtags, normalized by [`crate::normalize_tags`] (activitypub.md §5.4).
    pub tags: Vec<String>,
    pub visibility: Visibility,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
}

impl Note {
    pub fn mentions_account(&self, account: AccountId) -> bool {
        self.mentions.contains(&account)
    }

    /// The key under which this note is remembered once deleted (a tombstone): its
    /// federation id, or for a local note [`Note::local_tombstone_key`].
    pub fn tombstone_key(&self) -> String {
        self.uri
            .clone()
            .unwrap_or_else(|| Note::local_tombstone_key(self.id))
    }

    /// The tombstone key of the local note `id`. Local notes have no protocol-neutral URI
    /// (each adapter serves them at its own URL), so the key is built from the id, in a
    /// form no federation id (a URL, or Versia's `domain:id`) takes.
    pub fn local_tombstone_key(id: NoteId) -> String {
        format!("local:note/{id}")
    }
}
