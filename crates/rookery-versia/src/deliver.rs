//! The Versia [`Deliverer`]: POSTs a stored body to an instance inbox (versia.md §4 E5),
//! signed with the instance key at send time over the exact bytes sent (§3.3, §3.6).

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue};
use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{ClaimedDelivery, Deliverer};
use url::Url;

use crate::context::{now, Versia};
use crate::paths::{CONTENT_TYPE as VERSIA_CONTENT_TYPE, MEDIA_TYPE};
use crate::peer_dialect;
use crate::signature::sign_request;

pub struct VersiaDeliverer {
    versia: Arc<Versia>,
}

impl VersiaDeliverer {
    pub fn new(versia: Arc<Versia>) -> Self {
        VersiaDeliverer { versia }
    }
}

impl VersiaDeliverer {
    /// The bytes to send to the instance at `url`: the stored body, or, for the reference
    /// server, the same with custom emoji in its dialect (versia.md §10.1 [REF]). Only
    /// bodies that carry emoji pay for the peer lookup (one metadata fetch per domain).
    async fn body_for(&self, url: &Url, stored: &[u8]) -> Result<Vec<u8>, String> {
        if !peer_dialect::mentions_custom_emojis(stored) {
            return Ok(stored.to_vec());
        }
        let Some(domain) = url.host_str() else {
            return Ok(stored.to_vec());
        };
        let reference = self
            .versia
            .keys
            .is_reference_server(domain)
            .await
            .map_err(|e| format!("instance metadata of {domain}: {e}"))?;
        Ok(match reference {
            true => peer_dialect::emojis_under_url(stored).unwrap_or_else(|| stored.to_vec()),
            false => stored.to_vec(),
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
        let body = match self.body_for(&url, &delivery.body).await {
            Ok(body) => body,
            Err(error) => return AttemptResult::Network(error),
        };
        let signature = sign_request(
            &self.versia.key,
            self.versia.domain(),
            "post",
            url.path(),
            &body,
            now(),
        );
        let mut headers = HeaderMap::new();
        // §2: a body is `application/vnd.versia+json; charset=utf-8`.
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(VERSIA_CONTENT_TYPE));
        headers.insert(ACCEPT, HeaderValue::from_static(MEDIA_TYPE));
        if let Err(e) = signature.insert_into(&mut headers) {
            return AttemptResult::Unsendable(format!("signature headers: {e}"));
        }
        let body = Bytes::from(body);
        match self.versia.http.post(inbox, headers, body).await {
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
