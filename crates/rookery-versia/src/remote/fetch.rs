//! Signed GETs of remote entities and collections (versia.md §3.4: federation GETs are
//! signed since v0.6, and so are their responses; §3.5, last paragraph: the fetcher
//! verifies the response against the key of the host it fetched from).

use bytes::Bytes;
use http::header::ACCEPT;
use http::{HeaderMap, HeaderValue, StatusCode};
use url::Url;

use super::RemoteError;
use crate::context::{now, Versia};
use crate::paths::MEDIA_TYPE;
use crate::signature::{parse_signature_headers, sign_request, SignatureError};

/// A verified response body and the Domain that signed it.
#[derive(Debug, Clone)]
pub struct FetchedBody {
    pub domain: String,
    pub body: Bytes,
}

/// The Domain of a URL as Versia writes it: the host, plus the port when the URL has
/// one (loopback test clusters only; validation refuses ports otherwise).
pub fn url_domain(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// GETs `url` signed with our instance key and returns the body once its signature
/// verified against the key of the URL's own host. A failure with the cached key is
/// retried once with a freshly fetched key (§3.5 step 3 [REC]).
pub async fn signed_get(versia: &Versia, url: &str) -> Result<FetchedBody, RemoteError> {
    let parsed = Url::parse(url).map_err(|e| RemoteError::invalid(url, e.to_string()))?;
    let domain = url_domain(&parsed).ok_or_else(|| RemoteError::invalid(url, "no host"))?;
    // The path exactly as it goes on the wire, without the query (§3.3 step 2).
    let path = parsed.path().to_owned();
    let signature = sign_request(&versia.key, versia.domain(), "get", &path, b"", now());
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(MEDIA_TYPE));
    signature
        .insert_into(&mut headers)
        .map_err(|e| RemoteError::invalid(url, e.to_string()))?;
    let response = versia.http.get(url, headers).await?;
    if response.status != StatusCode::OK {
        return Err(RemoteError::Status {
            url: url.to_owned(),
            status: response.status.as_u16(),
        });
    }
    let failed = |error: SignatureError| RemoteError::Signature {
        url: url.to_owned(),
        error,
    };
    let pending = parse_signature_headers(&response.headers, now(), versia.mode).map_err(failed)?;
    if !pending.signed_by().eq_ignore_ascii_case(&domain) {
        return Err(failed(SignatureError::UnexpectedSigner {
            expected: domain,
            got: pending.signed_by().to_owned(),
        }));
    }
    let key = versia.keys.get(&domain).await?;
    if pending.verify(&key, "get", &path, &response.body).is_err() {
        let fresh = versia.keys.refresh(&domain).await?;
        pending
            .verify(&fresh, "get", &path, &response.body)
            .map_err(failed)?;
    }
    Ok(FetchedBody {
        domain,
        body: response.body,
    })
}
