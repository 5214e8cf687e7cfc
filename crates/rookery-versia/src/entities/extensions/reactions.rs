//! `pub.versia:reactions` (versia.md §10.9): an emoji reaction to a Note.

use serde::{Deserialize, Serialize};

use super::Extensions;
use crate::entities::tag::entity_tag;
use crate::entities::Reference;

entity_tag!(
    /// `"type": "pub.versia:reactions/Reaction"`.
    ReactionTag,
    "pub.versia:reactions/Reaction"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: ReactionTag,
    pub created_at: String,
    pub author: Reference,
    /// A Note.
    pub object: Reference,
    /// An emoji, a custom emoji name (`:blobcat:`, defined in `extensions`) or short text.
    pub content: String,
    pub extensions: Option<Extensions>,
}
