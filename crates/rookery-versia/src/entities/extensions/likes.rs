//! `pub.versia:likes` (versia.md §10.6): Like and Dislike, both fetchable.

use serde::{Deserialize, Serialize};

use super::Extensions;
use crate::entities::tag::entity_tag;
use crate::entities::Reference;

entity_tag!(
    /// `"type": "pub.versia:likes/Like"`.
    LikeTag,
    "pub.versia:likes/Like"
);
entity_tag!(
    /// `"type": "pub.versia:likes/Dislike"`.
    DislikeTag,
    "pub.versia:likes/Dislike"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Like {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: LikeTag,
    pub created_at: String,
    pub author: Reference,
    /// A Note.
    pub liked: Reference,
    pub extensions: Option<Extensions>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dislike {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: DislikeTag,
    pub created_at: String,
    pub author: Reference,
    /// A Note.
    pub disliked: Reference,
    pub extensions: Option<Extensions>,
}
