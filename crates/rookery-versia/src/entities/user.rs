//! The User entity (versia.md §8.1).

use serde::{Deserialize, Serialize};

use super::extensions::UserExtensions;
use super::tag::entity_tag;
use super::ContentFormat;

entity_tag!(
    /// `"type": "User"`.
    UserTag,
    "User"
);

/// Field order follows the docs' example (and vector V4's body), so that our output
/// reads like everyone else's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: UserTag,
    pub created_at: String,
    /// `[A-Za-z0-9_-]+`, case-insensitive, changeable.
    pub username: String,
    pub display_name: Option<String>,
    /// image/*.
    pub avatar: Option<ContentFormat>,
    /// image/* banner.
    pub header: Option<ContentFormat>,
    /// text/*.
    pub bio: Option<ContentFormat>,
    /// Required, may be empty.
    pub fields: Vec<Field>,
    /// A UI hint; federation behaves the same either way.
    pub manually_approves_followers: bool,
    pub indexable: bool,
    pub extensions: Option<UserExtensions>,
}

/// A profile field; both sides are text ContentFormats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub key: ContentFormat,
    pub value: ContentFormat,
}
