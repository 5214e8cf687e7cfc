//! The ActivityPub deliverer: POSTs a stored activity to an inbox, signed at send time
//! with the acting account's key. It signs draft-cavage first and, on a 401, once more
//! with RFC 9421, then remembers per host which scheme worked (the "double knock",
//! activitypub.md §4.2; Mastodon 4.7's order). A personal inbox answering 410 Gone
//! removes its actor (§6.2).
//!
//! A fan-out sends one body to thousands of inboxes, so what is the same for each of them
//! is prepared once: the body as shared bytes with its `Digest` (per activity) and the
//! signer's key and key id (per account, for a short while). Only the signature itself,
//! which covers the inbox's path, host and the date, is made per delivery.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::HeaderMap;
use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{ClaimedDelivery, Deliverer};
use rookery_core::AccountId;
use rookery_net::{HttpResponse, PerActivity};
use url::Url;

use crate::adapter::ActivityPub;
use crate::signatures::digest::digest_header;
use crate::signatures::{cavage, rfc9421, Scheme, SigningKey};

const CONTENT_TYPE: &str = "application/activity+json";
/// Activities whose prepared body is kept (a worker has few fan-outs in flight at once).
const PREPARED_ACTIVITIES: usize = 64;
/// How long a local account's signer is reused without asking the store again. The
/// lookup checks the account still exists and is local; a fan-out of 10,000 deliveries
/// then asks once, not 10,000 times.
const SIGNER_TTL: Duration = Duration::from_secs(30);

/// A stored body ready to send to any inbox: shared bytes and their `Digest` value.
struct PreparedBody {
    body: Bytes,
    digest: String,
}

/// The key that signs for an actor, with its key id.
#[derive(Clone)]
struct Signer {
    key: Arc<SigningKey>,
    key_id: Arc<str>,
}

pub struct ApDeliverer {
    ap: Arc<ActivityPub>,
    /// The scheme each host accepted last.
    schemes: Mutex<HashMap<String, Scheme>>,
    bodies: PerActivity<PreparedBody>,
    /// Local accounts' signers and when they were looked up.
    signers: Mutex<HashMap<AccountId, (Signer, Instant)>>,
    /// Held while a signer is looked up, so a fan-out's first deliveries, all missing
    /// the cache at once, ask the store once.
    loading: tokio::sync::Mutex<()>,
}

impl ApDeliverer {
    pub fn new(ap: Arc<ActivityPub>) -> Self {
        ApDeliverer {
            ap,
            schemes: Mutex::new(HashMap::new()),
            bodies: PerActivity::new(PREPARED_ACTIVITIES),
            signers: Mutex::new(HashMap::new()),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The key that signs for `delivery` and its key id.
    async fn signer(&self, delivery: &ClaimedDelivery) -> Result<Signer, String> {
        let Some(account_id) = delivery.job.actor else {
            return Ok(Signer {
                key: self.ap.keys.instance(),
                key_id: self.ap.urls.instance_key_id().into(),
            });
        };
        if let Some(signer) = self.cached_signer(account_id) {
            return Ok(signer);
        }
        let _loading = self.loading.lock().await;
        if let Some(signer) = self.cached_signer(account_id) {
            return Ok(signer);
        }
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
        let signer = Signer {
            key,
            key_id: self.ap.urls.key_id(&account.username).into(),
        };
        if let Ok(mut signers) = self.signers.lock() {
            let now = Instant::now();
            signers.retain(|_, (_, at)| now.duration_since(*at) < SIGNER_TTL);
            signers.insert(account_id, (signer.clone(), now));
        }
        Ok(signer)
    }

    fn cached_signer(&self, account: AccountId) -> Option<Signer> {
        let signers = self.signers.lock().ok()?;
        let (signer, at) = signers.get(&account)?;
        (at.elapsed() < SIGNER_TTL).then(|| signer.clone())
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
        signer: &Signer,
        prepared: &PreparedBody,
    ) -> Result<HttpResponse, AttemptResult> {
        let now = SystemTime::now();
        let (key, key_id) = (&*signer.key, &*signer.key_id);
        let signed = match scheme {
            Scheme::DraftCavage => {
                cavage::sign_post_digested(key, key_id, url, CONTENT_TYPE, &prepared.digest, now)
            }
            Scheme::Rfc9421 => {
                rfc9421::sign_post(key, key_id, url, &prepared.body, now).map(|mut h| {
                    h.insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static(CONTENT_TYPE),
                    );
                    h
                })
            }
        };
        let headers: HeaderMap =
            signed.map_err(|e| AttemptResult::Unsendable(format!("signing: {e}")))?;
        self.ap
            .http
            .post_url(url.clone(), headers, prepared.body.clone())
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
        let signer = match self.signer(delivery).await {
            Ok(signer) => signer,
            Err(e) => return AttemptResult::Unsendable(e),
        };
        let prepared = self
            .bodies
            .get_or_insert_with(delivery.job.activity, || PreparedBody {
                digest: digest_header(&delivery.body),
                body: Bytes::from(delivery.body.clone()),
            });
        let first = self.preferred(&target.host);
        let mut response = match self.post(first, &url, &signer, &prepared).await {
            Ok(r) => r,
            Err(result) => return result,
        };
        let mut used = first;
        if response.status.as_u16() == 401 {
            let other = match first {
                Scheme::DraftCavage => Scheme::Rfc9421,
                Scheme::Rfc9421 => Scheme::DraftCavage,
            };
            match self.post(other, &url, &signer, &prepared).await {
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
