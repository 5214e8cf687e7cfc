//! `pub.versia:polls` (versia.md §10.8): the poll on a Note and the Vote entity.

use serde::{Deserialize, Serialize};

use super::Extensions;
use crate::entities::tag::entity_tag;
use crate::entities::{ContentFormat, Reference};

entity_tag!(
    /// `"type": "pub.versia:polls/Vote"`.
    VoteTag,
    "pub.versia:polls/Vote"
);

/// `Note.extensions["pub.versia:polls"]`. The question is the Note's `content`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    /// Text ContentFormats.
    pub options: Vec<ContentFormat>,
    /// One count per option.
    pub votes: Vec<u64>,
    pub multiple_choice: bool,
    /// Absent: never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: VoteTag,
    pub created_at: String,
    pub author: Reference,
    /// The Note carrying the poll.
    pub poll: Reference,
    /// 0-based index into `options`.
    pub option: u64,
    pub extensions: Option<Extensions>,
}
