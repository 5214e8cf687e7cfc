//! WebFinger JRD (RFC 7033, activitypub.md §1.1) and the NodeInfo discovery document,
//! which is the same shape (§1.3). host-meta is XML and not modelled here.

use serde::{Deserialize, Serialize};

use super::lenient::lenient_list;

pub const REL_SELF: &str = "self";
pub const REL_PROFILE_PAGE: &str = "http://webfinger.net/rel/profile-page";
pub const REL_SUBSCRIBE: &str = "http://ostatus.org/schema/1.0/subscribe";
pub const NODEINFO_2_0: &str = "http://nodeinfo.diaspora.software/ns/schema/2.0";
pub const NODEINFO_2_1: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
pub const ACTIVITY_JSON: &str = "application/activity+json";

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct Jrd {
    /// Required by Mastodon in WebFinger answers; absent in NodeInfo discovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub links: Vec<JrdLink>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct JrdLink {
    pub rel: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

impl JrdLink {
    pub fn new(rel: &str, kind: Option<&str>, href: impl Into<String>) -> Self {
        JrdLink {
            rel: rel.to_owned(),
            kind: kind.map(str::to_owned),
            href: Some(href.into()),
            template: None,
        }
    }

    /// An AP JSON media type: activity+json, or ld+json with the AS profile (§2.1).
    fn is_activity_json(&self) -> bool {
        self.kind.as_deref().is_some_and(|t| {
            t.starts_with(ACTIVITY_JSON)
                || (t.starts_with("application/ld+json")
                    && t.contains("https://www.w3.org/ns/activitystreams"))
        })
    }
}

impl Jrd {
    /// The actor id: the `self` link with an ActivityPub media type.
    pub fn actor_id(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.rel == REL_SELF && l.is_activity_json())
            .and_then(|l| l.href.as_deref())
    }

    pub fn profile_page(&self) -> Option<&str> {
        self.href(REL_PROFILE_PAGE)
    }

    /// The remote-follow template (contains `{uri}`).
    pub fn subscribe_template(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.rel == REL_SUBSCRIBE)
            .and_then(|l| l.template.as_deref())
    }

    /// NodeInfo discovery: the 2.1 document if offered, else 2.0.
    pub fn nodeinfo_href(&self) -> Option<&str> {
        self.href(NODEINFO_2_1).or_else(|| self.href(NODEINFO_2_0))
    }

    pub fn href(&self, rel: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.rel == rel)
            .and_then(|l| l.href.as_deref())
    }
}
