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
use crate::signature::sign_request;

pub struct VersiaDeliverer {
    versia: Arc<Versia>,
}

impl VersiaDeliverer {
    pub fn new(versia: Arc<Versia>) -> Self {
        VersiaDeliverer { versia }
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
        let signature = sign_request(
            &self.versia.key,
            self.versia.domain(),
            "post",
            url.path(),
            &delivery.body,
            now(),
        );
        let mut headers = HeaderMap::new();
        // §2: a body is `application/vnd.versia+json; charset=utf-8`.
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(VERSIA_CONTENT_TYPE));
        headers.insert(ACCEPT, HeaderValue::from_static(MEDIA_TYPE));
        if let Err(e) = signature.insert_into(&mut headers) {
            return AttemptResult::Unsendable(format!("signature headers: {e}"));
        }
        let body = Bytes::from(delivery.body.clone());
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
