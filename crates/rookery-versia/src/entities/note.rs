//! The Note entity (versia.md §8.2) and its visibility `group` (§9.4).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::extensions::NoteExtensions;
use super::tag::entity_tag;
use super::{ContentFormat, Reference};

entity_tag!(
    /// `"type": "Note"`.
    NoteTag,
    "Note"
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: NoteTag,
    pub created_at: String,
    /// A User.
    pub author: Reference,
    /// text/*, inline.
    pub content: Option<ContentFormat>,
    /// Required, may be empty; every entry remote.
    pub attachments: Vec<ContentFormat>,
    pub category: Option<Category>,
    pub device: Option<Device>,
    /// `null` means direct (author and mentions only).
    pub group: Option<NoteGroup>,
    pub is_sensitive: bool,
    /// Users; only these are notified.
    pub mentions: Vec<Reference>,
    pub previews: Vec<LinkPreview>,
    pub quotes: Option<Reference>,
    pub replies_to: Option<Reference>,
    /// Plain-text content warning.
    pub subject: Option<String>,
    pub extensions: Option<NoteExtensions>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Microblog,
    Forum,
    Blog,
    Image,
    Video,
    Audio,
    Messaging,
}

/// "Posted via".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub name: String,
    pub version: Option<String>,
    pub url: Option<String>,
}

/// A link preview made by the sender (not to be trusted blindly).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPreview {
    pub link: String,
    pub title: String,
    pub description: Option<String>,
    pub image: Option<String>,
    pub icon: Option<String>,
}

/// `Note.group`: `"public"`, `"followers"` or a Group reference (§8.2, §9.4). The two
/// keywords win over a bare reference with the same text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NoteGroup {
    Public,
    Followers,
    Group(Reference),
}

impl Serialize for NoteGroup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            NoteGroup::Public => serializer.serialize_str("public"),
            NoteGroup::Followers => serializer.serialize_str("followers"),
            NoteGroup::Group(reference) => reference.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for NoteGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "public" => NoteGroup::Public,
            "followers" => NoteGroup::Followers,
            _ => NoteGroup::Group(Reference::parse(&text).map_err(serde::de::Error::custom)?),
        })
    }
}
