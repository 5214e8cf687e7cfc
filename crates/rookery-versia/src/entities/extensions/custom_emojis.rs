//! `pub.versia:custom_emojis` (versia.md §10.1).

use serde::{Deserialize, Serialize};

use crate::entities::ContentFormat;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomEmojis {
    pub emojis: Vec<CustomEmoji>,
}

/// `{ "name": ":happy_face:", "content": ContentFormat(image/*) }`. The reference server
/// writes `url` instead of `content`; both are read, `content` is written (§10.1, §12
/// decision 12). A body with both keys is refused as a duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomEmoji {
    pub name: String,
    #[serde(alias = "url")]
    pub content: ContentFormat,
}
