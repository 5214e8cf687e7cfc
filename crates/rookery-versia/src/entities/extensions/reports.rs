//! `pub.versia:reports` (versia.md §10.10): Report, transient.

use serde::{Deserialize, Serialize};

use super::Extensions;
use crate::entities::tag::entity_tag;
use crate::entities::Reference;

entity_tag!(
    /// `"type": "pub.versia:reports/Report"`.
    ReportTag,
    "pub.versia:reports/Report"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Must be absent (transient); kept only so validation can refuse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: ReportTag,
    pub created_at: String,
    /// Optional: reports may be anonymous.
    pub author: Option<Reference>,
    pub reported: Vec<Reference>,
    /// e.g. `spam`, `harassment`.
    pub tags: Vec<String>,
    pub comment: Option<String>,
    pub extensions: Option<Extensions>,
}
