//! `pub.versia:share` (versia.md §10.11): Share (a boost), fetchable.

use serde::{Deserialize, Serialize};

use super::Extensions;
use crate::entities::tag::entity_tag;
use crate::entities::Reference;

entity_tag!(
    /// `"type": "pub.versia:share/Share"`; the reference's `pub.versia:shares/Share`
    /// spelling is accepted on input (§10.11 [REF]).
    ShareTag,
    "pub.versia:share/Share",
    "pub.versia:shares/Share"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: ShareTag,
    pub created_at: String,
    pub author: Reference,
    /// A Note.
    pub shared: Reference,
    pub extensions: Option<Extensions>,
}
