//! The Versia [`Deliverer`]: POSTs a stored body to an instance inbox (versia.md §4 E5),
//! signed with the instance key at send time over the exact bytes sent (§3.3, §3.6).
//! A fan-out sends one body to many inboxes: the body (as shared bytes) and its digest
//! are prepared once per activity; only the signature, over path and time, is per inbox.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue};
use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{ClaimedDelivery, Deliverer};
use rookery_net::PerActivity;
use url::Url;

use crate::context::{now, Versia};
use crate::paths::{CONTENT_TYPE as VERSIA_CONTENT_TYPE, MEDIA_TYPE};
use crate::peer_dialect;
use crate::signature::{body_digest, sign_request_digested};

/// Activities whose prepared body is kept (a worker has few fan-outs in flight at once).
const PREPARED_ACTIVITIES: usize = 64;

/// A stored body ready for any inbox: shared bytes, their digest (§3.3 step 4) and
/// whether they may carry custom emoji (then a reference-server peer gets its dialect).
struct PreparedBody {
    body: Bytes,
    digest: String,
    mentions_emojis: bool,
}

pub struct VersiaDeliverer {
    versia: Arc<Versia>,
    bodies: PerActivity<PreparedBody>,
}

impl VersiaDeliverer {
    pub fn new(versia: Arc<Versia>) -> Self {
        VersiaDeliverer {
            versia,
            bodies: PerActivity::new(PREPARED_ACTIVITIES),
        }
    }
}

impl VersiaDeliverer {
    /// The bytes to send to the instance at `url` and their digest: the stored body, or,
    /// for the reference server, the same with custom emoji in its dialect (versia.md
    /// §10.1 [REF]). Only bodies that carry emoji pay for the peer lookup (one metadata
    /// fetch per domain).
    async fn body_for(
        &self,
        url: &Url,
        prepared: &PreparedBody,
    ) -> Result<(Bytes, String), String> {
        let stored = || (prepared.body.clone(), prepared.digest.clone());
        if !prepared.mentions_emojis {
            return Ok(stored());
        }
        let Some(domain) = url.host_str() else {
            return Ok(stored());
        };
        let reference = self
            .versia
            .keys
            .is_reference_server(domain)
            .await
            .map_err(|e| format!("instance metadata of {domain}: {e}"))?;
        if !reference {
            return Ok(stored());
        }
        Ok(match peer_dialect::emojis_under_url(&prepared.body) {
            Some(body) => {
                let digest = body_digest(&body);
                (Bytes::from(body), digest)
            }
            None => stored(),
        })
    }
}

#[async_trait]
impl Deliverer for VersiaDeliverer {
    async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult {
        let inbox = &delivery.job.target.inbox;
        let url = match Url::parse(inbox) {
            Ok(url) => url,
            Err(e) => return AttemptResult::Unsendable(format!("inbox {inbox}: {e}")),
        };
        let prepared = self
            .bodies
            .get_or_insert_with(delivery.job.activity, || PreparedBody {
                digest: body_digest(&delivery.body),
                mentions_emojis: peer_dialect::mentions_custom_emojis(&delivery.body),
                body: Bytes::from(delivery.body.clone()),
            });
        let (body, digest) = match self.body_for(&url, &prepared).await {
            Ok(sent) => sent,
            Err(error) => return AttemptResult::Network(error),
        };
        let signature = sign_request_digested(
            &self.versia.key,
            self.versia.domain(),
            "post",
            url.path(),
            &digest,
            now(),
        );
        let mut headers = HeaderMap::new();
        // §2: a body is `application/vnd.versia+json; charset=utf-8`.
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(VERSIA_CONTENT_TYPE));
        headers.insert(ACCEPT, HeaderValue::from_static(MEDIA_TYPE));
        if let Err(e) = signature.insert_into(&mut headers) {
            return AttemptResult::Unsendable(format!("signature headers: {e}"));
        }
        match self.versia.http.post_url(url, headers, body).await {
            // §12 decision 14: any 2xx is success.
            Ok(response) if response.status.is_success() => AttemptResult::Delivered,
            Ok(response) => AttemptResult::Status {
                code: response.status.as_u16(),
                retry_after: rookery_net::retry_after(&response.headers),
            },
            Err(error) if error.is_retryable() => AttemptResult::Network(error.to_string()),
            Err(error) => AttemptResult::Unsendable(error.to_string()),
        }
    }
}
