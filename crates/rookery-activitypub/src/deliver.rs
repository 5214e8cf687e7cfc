//! The ActivityPub deliverer: POSTs a stored activity to an inbox, signed at send time
//! with the acting account's key. It signs draft-cavage first and, on a 401, once more
//! with RFC 9421, then remembers per host which scheme worked (the "double knock",
//! activitypub.md §4.2; Mastodon 4.7's order). A personal inbox answering 410 Gone
//! removes its actor (§6.2).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;
use http::HeaderMap;
use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{ClaimedDelivery, Deliverer};
use rookery_net::HttpResponse;
use url::Url;

use crate::adapter::ActivityPub;
use crate::signatures::{cavage, rfc9421, Scheme, SigningKey};

const CONTENT_TYPE: &str = "application/activity+json";

pub struct ApDeliverer {
    ap: Arc<ActivityPub>,
    /// The scheme each host accepted last.
    schemes: Mutex<HashMap<String, Scheme>>,
}

impl ApDeliverer {
    pub fn new(ap: Arc<ActivityPub>) -> Self {
        ApDeliverer {
            ap,
            schemes: Mutex::new(HashMap::new()),
        }
    }

    /// The key that signs for `delivery` and its key id.
    async fn signer(
        &self,
        delivery: &ClaimedDelivery,
    ) -> Result<(Arc<SigningKey>, String), String> {
        match delivery.job.actor {
            None => Ok((self.ap.keys.instance(), self.ap.urls.instance_key_id())),
            Some(account_id) => {
                let account = self
                    .ap
                    .repo
                    .account(account_id)
                    .await
                    .map_err(|e| e.to_string())?
                    .filter(|a| a.is_local())
                    .ok_or("the acting account is gone")?;
                let key = self
                    .ap
                    .keys
                    .account(account_id)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok((key, self.ap.urls.key_id(&account.username)))
            }
        }
    }

    /// The actor whose personal inbox answered 410 is removed with its content, as a
    /// `Delete(actor)` would (activitypub.md §5.9, §6.2; Mitra does the same): its
    /// follows go, so nothing is queued for it again. A shared inbox's 410 is about the
    /// whole server and removes no one.
    async fn actor_gone(&self, inbox: &str) {
        let gone = async {
            let Some(account) = self.ap.repo.account_by_personal_inbox(inbox).await? else {
                return Ok::<_, rookery_core::ports::PortError>(None);
            };
            let mut tx = self.ap.repo.begin().await?;
            let deleted = tx.delete_remote_account(account.id).await?;
            tx.commit().await?;
            Ok(deleted.then(|| account.acct()))
        };
        match gone.await {
            Ok(Some(acct)) => tracing::info!(%acct, "actor gone (410 inbox); removed"),
            Ok(None) => {}
            Err(error) => tracing::warn!(%inbox, %error, "could not remove a gone actor"),
        }
    }

    fn preferred(&self, host: &str) -> Scheme {
        self.schemes
            .lock()
            .ok()
            .and_then(|s| s.get(host).copied())
            .unwrap_or(Scheme::DraftCavage)
    }

    fn remember(&self, host: &str, scheme: Scheme) {
        if let Ok(mut schemes) = self.schemes.lock() {
            schemes.insert(host.to_owned(), scheme);
        }
    }

    async fn post(
        &self,
        scheme: Scheme,
        url: &Url,
        key: &SigningKey,
        key_id: &str,
        body: &Bytes,
    ) -> Result<HttpResponse, AttemptResult> {
        let now = SystemTime::now();
        let signed = match scheme {
            Scheme::DraftCavage => cavage::sign_post(key, key_id, url, CONTENT_TYPE, body, now),
            Scheme::Rfc9421 => rfc9421::sign_post(key, key_id, url, body, now).map(|mut h| {
                if let Ok(v) = http::HeaderValue::from_str(CONTENT_TYPE) {
                    h.insert(http::header::CONTENT_TYPE, v);
                }
                h
            }),
        };
        let headers: HeaderMap =
            signed.map_err(|e| AttemptResult::Unsendable(format!("signing: {e}")))?;
        self.ap
            .http
            .post(url.as_str(), headers, body.clone())
            .await
            .map_err(|e| AttemptResult::Network(e.to_string()))
    }
}

#[async_trait]
impl Deliverer for ApDeliverer {
    async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult {
        let target = &delivery.job.target;
        let url = match Url::parse(&target.inbox) {
            Ok(url) => url,
            Err(_) => return AttemptResult::Unsendable(format!("bad inbox URL {}", target.inbox)),
        };
        let (key, key_id) = match self.signer(delivery).await {
            Ok(signer) => signer,
            Err(e) => return AttemptResult::Unsendable(e),
        };
        let body = Bytes::from(delivery.body.clone());
        let first = self.preferred(&target.host);
        let mut response = match self.post(first, &url, &key, &key_id, &body).await {
            Ok(r) => r,
            Err(result) => return result,
        };
        let mut used = first;
        if response.status.as_u16() == 401 {
            let other = match first {
                Scheme::DraftCavage => Scheme::Rfc9421,
                Scheme::Rfc9421 => Scheme::DraftCavage,
            };
            match self.post(other, &url, &key, &key_id, &body).await {
                Ok(r) => {
                    response = r;
                    used = other;
                }
                Err(result) => return result,
            }
        }
        if response.status.is_success() {
            self.remember(&target.host, used);
            return AttemptResult::Delivered;
        }
        if response.status.as_u16() == 410 {
            // A personal inbox answering 410 means its actor is gone, not its server
            // (activitypub.md §6.2); the worker gives this delivery up.
            tracing::warn!(inbox = %target.inbox, "inbox is gone (410); its actor was deleted");
            self.actor_gone(&target.inbox).await;
        }
        AttemptResult::Status {
            code: response.status.as_u16(),
            retry_after: rookery_net::retry_after(&response.headers),
        }
    }
}
