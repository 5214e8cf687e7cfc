//! `Link` (ActivityStreams §Link) and `LinkRef`, a URL written either as a string or
//! as a Link. Mastodon writes `url` as a string; others write a Link or an array of
//! them (activitypub.md §3.1 `url`).

use serde::{Deserialize, Serialize};

use super::one_or_many::OneOrMany;

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    #[serde(rename = "type", default = "link_type")]
    pub kind: String,
    pub href: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<OneOrMany<String>>,
}

fn link_type() -> String {
    "Link".to_owned()
}

impl Link {
    pub fn new(href: impl Into<String>) -> Self {
        Link {
            kind: link_type(),
            href: href.into(),
            ..Link::default()
        }
    }
}

/// A URL as a plain string or as a `Link`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum LinkRef {
    Href(String),
    Link(Link),
}

impl LinkRef {
    pub fn href(&self) -> &str {
        match self {
            LinkRef::Href(href) => href,
            LinkRef::Link(link) => &link.href,
        }
    }

    pub fn media_type(&self) -> Option<&str> {
        match self {
            LinkRef::Href(_) => None,
            LinkRef::Link(link) => link.media_type.as_deref(),
        }
    }
}

/// The first URL of a `url` property; with several, the first `text/html` one wins.
pub fn first_html_url(urls: &OneOrMany<LinkRef>) -> Option<&str> {
    urls.iter()
        .find(|u| u.media_type().is_some_and(|m| m.starts_with("text/html")))
        .or_else(|| urls.first())
        .map(LinkRef::href)
}
