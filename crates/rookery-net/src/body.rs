//! Reading a response body under the size cap, chunk by chunk, so an endless or huge
//! body costs at most `limit` bytes of memory.

use bytes::BytesMut;
use futures_util::StreamExt;

use crate::error::{from_reqwest, NetError};
use crate::request::HttpResponse;

/// Preallocation is bounded separately: a lying Content-Length must not make us reserve
/// the whole cap up front.
const MAX_PREALLOCATE: usize = 64 * 1024;

pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<HttpResponse, NetError> {
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(NetError::TooLarge { limit });
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let final_url = response.url().clone();

    let capacity = declared
        .map_or(0, |len| usize::try_from(len).unwrap_or(limit))
        .min(MAX_PREALLOCATE);
    let mut body = BytesMut::with_capacity(capacity);
    let mut chunks = response.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(from_reqwest)?;
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(NetError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: body.freeze(),
        final_url,
    })
}
