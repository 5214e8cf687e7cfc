//! A WebFinger client (RFC 7033): `acct:user@domain` to the links a server publishes
//! for it. Protocol-neutral: ActivityPub and Versia read different `self` links of the
//! same document (activitypub.md §1.1, versia.md §5.1).

use http::{HeaderMap, HeaderValue};
use serde::Deserialize;

use crate::client::HttpClient;
use crate::error::NetError;

/// A JSON Resource Descriptor, as much of it as federation reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Jrd {
    pub subject: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub links: Vec<JrdLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JrdLink {
    pub rel: String,
    #[serde(rename = "type", default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
}

impl Jrd {
    /// The first `self` link whose media type is `media_type` (the reference Versia
    /// client picks the first match, so order matters to peers too).
    pub fn self_link(&self, media_type: &str) -> Option<&str> {
        self.links
            .iter()
            .filter(|l| l.rel == "self")
            .find(|l| {
                l.media_type
                    .as_deref()
                    .is_some_and(|t| t.split(';').next().map(str::trim) == Some(media_type))
            })
            .and_then(|l| l.href.as_deref())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebFingerError {
    #[error(transparent)]
    Net(#[from] NetError),
    #[error("no such account")]
    NotFound,
    /// The account existed and is gone for good.
    #[error("the account is gone")]
    Gone,
    #[error("unexpected WebFinger answer: {0}")]
    Invalid(String),
}

/// Looks up `acct:user@domain` at `scheme://domain/.well-known/webfinger` (unsigned, as
/// Mastodon does).
pub async fn webfinger(
    client: &HttpClient,
    scheme: &str,
    user: &str,
    domain: &str,
) -> Result<Jrd, WebFingerError> {
    let url = format!("{scheme}://{domain}/.well-known/webfinger?resource=acct:{user}@{domain}");
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::ACCEPT,
        HeaderValue::from_static("application/jrd+json, application/json"),
    );
    let response = client.get(&url, headers).await?;
    match response.status.as_u16() {
        200 => {}
        404 => return Err(WebFingerError::NotFound),
        410 => return Err(WebFingerError::Gone),
        other => return Err(WebFingerError::Invalid(format!("HTTP {other}"))),
    }
    let jrd: Jrd = serde_json::from_slice(&response.body)
        .map_err(|e| WebFingerError::Invalid(e.to_string()))?;
    if jrd.subject.trim().is_empty() {
        return Err(WebFingerError::Invalid("empty subject".into()));
    }
    Ok(jrd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_first_self_link_of_a_media_type() {
        let jrd: Jrd = serde_json::from_str(
            r#"{"subject":"acct:joe@b.social","links":[
                {"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://b.social/@joe"},
                {"rel":"self","type":"application/activity+json","href":"https://b.social/users/joe"},
                {"rel":"self","type":"application/vnd.versia+json","href":"https://b.social/.versia/v0.6/entities/User/1"},
                {"rel":"self","type":"application/activity+json","href":"https://b.social/second"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(
            jrd.self_link("application/activity+json"),
            Some("https://b.social/users/joe")
        );
        assert_eq!(
            jrd.self_link("application/vnd.versia+json"),
            Some("https://b.social/.versia/v0.6/entities/User/1")
        );
        assert_eq!(jrd.self_link("text/html"), None, "profile-page is not self");
    }

    #[test]
    fn reads_ld_json_with_profile_as_activity_json() {
        let jrd: Jrd = serde_json::from_str(
            r#"{"subject":"acct:a@b","links":[{"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"https://b/a"}]}"#,
        )
        .unwrap();
        assert_eq!(jrd.self_link("application/ld+json"), Some("https://b/a"));
    }
}
