//! `Image`: an actor's `icon` (avatar) and `image` (header), and a custom emoji's
//! `icon` (activitypub.md §3.1, §5.4): `{type: Image, mediaType, url}`.

use serde::{Deserialize, Serialize};

use super::link::LinkRef;
use super::one_or_many::OneOrMany;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    #[serde(rename = "type", default = "image_type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    pub url: OneOrMany<LinkRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

fn image_type() -> String {
    "Image".to_owned()
}

impl Image {
    pub fn new(url: impl Into<String>, media_type: Option<String>) -> Self {
        Image {
            kind: image_type(),
            media_type,
            url: OneOrMany::One(LinkRef::Href(url.into())),
            name: None,
        }
    }

    pub fn href(&self) -> Option<&str> {
        self.url.first().map(LinkRef::href)
    }
}

/// An `icon`/`image` property: an Image, a bare URL, or an array of either (the first
/// is used).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ImageRef {
    Url(String),
    Image(Image),
    Many(Vec<ImageRef>),
}

impl ImageRef {
    pub fn href(&self) -> Option<&str> {
        match self {
            ImageRef::Url(url) => Some(url),
            ImageRef::Image(image) => image.href(),
            ImageRef::Many(images) => images.iter().find_map(ImageRef::href),
        }
    }
}
