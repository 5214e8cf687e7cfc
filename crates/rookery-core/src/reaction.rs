//! Emoji reactions and dislikes of notes (versia.md §10.9 Reactions, §10.6 Dislike).

use crate::error::CoreError;
use crate::id::{AccountId, DislikeId, NoteId, ReactionId};
use crate::time::Timestamp;

/// Longest reaction content, in characters (versia.md §10.9 [REF]: the reference's limit).
pub const MAX_REACTION_CHARS: usize = 256;

/// An account reacting to a note with an emoji, a `:shortcode:` or short text. One per
/// (account, note, content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    pub id: ReactionId,
    pub account: AccountId,
    pub note: NoteId,
    pub content: String,
    /// The federation id of a remote reaction (Versia `domain:id`), so a later `Delete`
    /// naming only it finds it (§8.5, §10.9); `None` for ours.
    pub uri: Option<String>,
    pub created_at: Timestamp,
}

/// Checks reaction content: not blank, at most [`MAX_REACTION_CHARS`] characters.
pub fn check_reaction_content(content: &str) -> Result<(), CoreError> {
    if content.trim().is_empty() {
        return Err(CoreError::invalid("content", "must not be empty"));
    }
    if content.chars().count() > MAX_REACTION_CHARS {
        return Err(CoreError::invalid(
            "content",
            format!("is longer than {MAX_REACTION_CHARS}"),
        ));
    }
    Ok(())
}

/// A remote account disliking a note (§10.6). A dislike and a like by one account on
/// one note exclude each other: the newer replaces the older.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dislike {
    pub id: DislikeId,
    pub account: AccountId,
    pub note: NoteId,
    /// The Dislike's federation id, named by the `Delete` that undoes it.
    pub uri: Option<String>,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaction_content_is_checked() {
        assert!(check_reaction_content("🔥").is_ok());
        assert!(check_reaction_content(":blobcat:").is_ok());
        assert!(check_reaction_content(&"x".repeat(256)).is_ok());
        assert!(check_reaction_content(&"x".repeat(257)).is_err());
        assert!(check_reaction_content("  ").is_err());
    }
}
