//! Fetching remote ActivityPub documents: signed GETs by the instance actor (so servers
//! in authorized-fetch mode answer, activitypub.md §4.3), the AP `Accept` header, and the
//! id check of §2.2: a document is trusted only under the id it was fetched by.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rookery_net::{HttpClient, NetError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::local_keys::LocalKeys;
use crate::signatures::{cavage, SignatureError};
use crate::urls::Urls;
use crate::wire::{Actor, Object};

/// What we ask for (activitypub.md §2.1): both media types, since some servers insist on
/// one of them.
pub const AP_ACCEPT: &str =
    "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid URL {0}")]
    InvalidUrl(String),
    #[error(transparent)]
    Net(#[from] NetError),
    #[error("signing the request failed: {0}")]
    Sign(#[from] SignatureError),
    #[error("HTTP {0}")]
    Status(u16),
    /// 410: deleted for good.
    #[error("gone")]
    Gone,
    #[error("not an ActivityPub document ({0})")]
    NotActivityJson(String),
    #[error("unreadable document: {0}")]
    Parse(String),
    #[error("the document's id {found} is not the URL fetched")]
    IdMismatch { found: String },
}

impl FetchError {
    /// Worth retrying later (network trouble, 5xx, rate limits).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Net(e) => e.is_retryable(),
            FetchError::Status(code) => *code >= 500 || *code == 429 || *code == 408,
            _ => false,
        }
    }
}

#[derive(Clone)]
pub struct Fetcher {
    http: HttpClient,
    keys: Arc<LocalKeys>,
    urls: Urls,
}

impl Fetcher {
    pub fn new(http: HttpClient, keys: Arc<LocalKeys>, urls: Urls) -> Self {
        Fetcher { http, keys, urls }
    }

    /// Fetches `url` and checks that the document's `id` is `url`. A document that names
    /// another id on the same host is fetched once more by that id (Mastodon's rule).
    pub async fn document(&self, url: &str) -> Result<Value, FetchError> {
        Ok(self.document_and_max_age(url).await?.0)
    }

    /// [`Fetcher::document`], with the freshness its server asked for
    /// (`Cache-Control`, see `freshness`).
    async fn document_and_max_age(
        &self,
        url: &str,
    ) -> Result<(Value, Option<Duration>), FetchError> {
        let (value, max_age) = self.get_and_max_age(url).await?;
        match value.get("id").and_then(Value::as_str) {
            Some(id) if id == url => Ok((value, max_age)),
            Some(id) if same_host(id, url) => {
                let id = id.to_owned();
                let (again, max_age) = self.get_and_max_age(&id).await?;
                match again.get("id").and_then(Value::as_str) {
                    Some(found) if found == id => Ok((again, max_age)),
                    other => Err(FetchError::IdMismatch {
                        found: other.unwrap_or("(none)").to_owned(),
                    }),
                }
            }
            other => Err(FetchError::IdMismatch {
                found: other.unwrap_or("(none)").to_owned(),
            }),
        }
    }

    pub async fn actor(&self, url: &str) -> Result<Actor, FetchError> {
        Ok(self.actor_and_max_age(url).await?.0)
    }

    /// An actor and how long it may be cached (`None`: its server did not say).
    pub async fn actor_and_max_age(
        &self,
        url: &str,
    ) -> Result<(Actor, Option<Duration>), FetchError> {
        let (value, max_age) = self.document_and_max_age(url).await?;
        Ok((parse(value)?, max_age))
    }

    pub async fn object(&self, url: &str) -> Result<Object, FetchError> {
        parse(self.document(url).await?)
    }

    /// A signed GET; the body as JSON.
    pub async fn get(&self, url: &str) -> Result<Value, FetchError> {
        Ok(self.get_and_max_age(url).await?.0)
    }

    async fn get_and_max_age(&self, url: &str) -> Result<(Value, Option<Duration>), FetchError> {
        let parsed = Url::parse(url).map_err(|_| FetchError::InvalidUrl(url.to_owned()))?;
        let headers = cavage::sign_get(
            &self.keys.instance(),
            &self.urls.instance_key_id(),
            &parsed,
            AP_ACCEPT,
            SystemTime::now(),
        )?;
        let response = self.http.get(url, headers).await?;
        match response.status.as_u16() {
            200 => {}
            410 => return Err(FetchError::Gone),
            code => return Err(FetchError::Status(code)),
        }
        let content_type = response
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let json_like = [
            "application/activity+json",
            "application/ld+json",
            "application/json",
        ]
        .iter()
        .any(|t| content_type.starts_with(t));
        if !json_like {
            return Err(FetchError::NotActivityJson(content_type));
        }
        let value =
            serde_json::from_slice(&response.body).map_err(|e| FetchError::Parse(e.to_string()))?;
        Ok((value, crate::freshness::max_age(&response.headers)))
    }
}

fn parse<T: DeserializeOwned>(value: Value) -> Result<T, FetchError> {
    serde_json::from_value(value).map_err(|e| FetchError::Parse(e.to_string()))
}

/// Whether two URLs share scheme, host and port (the origin).
pub fn same_host(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

/// `host[:port]` of a URL, as our account domains are written.
pub fn authority(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}
