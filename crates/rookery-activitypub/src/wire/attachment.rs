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

    /// Alt text as Mastodon reads it (activitypub.md §5.5): `summary` first, then `name`
    /// (which is what Mastodon and we emit).
    pub fn alt_text(&self) -> Option<&str> {
        fn present(text: &Option<String>) -> Option<&str> {
            text.as_deref().filter(|s| !s.trim().is_empty())
        }
        present(&self.summary).or_else(|| present(&self.name))
    }

    /// The MIME type: `mediaType`, else that of the first `url` Link.
    pub fn mime(&self) -> Option<&str> {
        self.media_type
            .as_deref()
            .or_else(|| self.url.first().and_then(LinkRef::media_type))
            .filter(|m| !m.trim().is_empty())
    }
}
