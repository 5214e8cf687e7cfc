//! The Delete entity, transient (versia.md §8.5); also how likes, shares and reactions
//! are undone (§10.6, §10.9, §10.11).

use serde::{Deserialize, Serialize};

use super::extensions::Extensions;
use super::tag::entity_tag;
use super::Reference;

entity_tag!(
    /// `"type": "Delete"`.
    DeleteTag,
    "Delete"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delete {
    /// Must be absent (transient); kept only so validation can refuse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: DeleteTag,
    pub created_at: String,
    /// The user deleting.
    pub author: Reference,
    /// The target's `type`: `Note`, `User`, `pub.versia:likes/Like`, ...
    pub deleted_type: String,
    pub deleted: Reference,
    pub extensions: Option<Extensions>,
}
