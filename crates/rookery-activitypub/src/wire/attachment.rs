//! Media attachments (activitypub.md §5.5): `Document`/`Image`/`Video`/`Audio` with
//! `mediaType`, `url`, `name` (alt text; Mastodon reads `summary` first), `blurhash`,
//! `focalPoint`, `width`, `height`. Mastodon keeps at most 4 per post.

use serde::{Deserialize, Serialize};

use super::lenient::lenient;
use super::link::LinkRef;
use super::one_or_many::OneOrMany;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(rename = "type", default = "document_type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    pub url: OneOrMany<LinkRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blurhash: Option<String>,
    /// `[x, y]`, each in [-1, 1].
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub focal_point: Option<[f64; 2]>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub width: Option<u32>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub height: Option<u32>,
}

fn document_type() -> String {
    "Document".to_owned()
}

impl Attachment {
    /// The media URL (the first, if several).
    pub fn href(&self) -> Option<&str> {
        self.url.first().map(LinkRef::href)
    }

    /// Alt text the way Mastodon reads it: `summary`, then `name`.
    pub fn alt_text(&self) -> Option<&str> {
        self.summary
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.name.as_deref())
            .filter(|s| !s.is_empty())
    }
}
