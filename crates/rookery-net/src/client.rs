//! [`HttpClient`]: the one reqwest client of the server, wired with the guarded
//! resolver, the redirect policy, timeouts, the size cap and the User-Agent.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::USER_AGENT;
use http::{HeaderMap, HeaderValue, Method};
use tracing::Instrument;
use url::Url;

use crate::body::read_capped;
use crate::config::NetConfig;
use crate::error::{from_reqwest, NetError};
use crate::guard::Guard;
use crate::redirect;
use crate::request::{HttpResponse, OutboundRequest};
use crate::resolver::{GuardedResolver, Overrides};
use crate::target;

/// The outbound HTTP client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    guard: Guard,
    user_agent: HeaderValue,
    request_timeout: Duration,
    max_response_bytes: usize,
    refused_hosts: Option<HostFilter>,
}

/// Says whether a host (as in the URL, `host` or `host:port`) is refused by policy, e.g.
/// the operator's instance-level domain blocks.
pub type HostFilter = Arc<dyn Fn(&str) -> bool + Send + Sync>;

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("guard", &self.guard)
            .field("user_agent", &self.user_agent)
            .field("request_timeout", &self.request_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// Builds the client. Fails only on an unusable configuration (a User-Agent that is
    /// not a valid header value, or a TLS backend that cannot start), reported as
    /// [`NetError::Http`] since `NetError` has no configuration variant.
    pub fn new(config: NetConfig) -> Result<HttpClient, NetError> {
        let guard = Guard::new(config.allow_private_addresses);
        Self::with_guard(config, guard)
    }

    pub(crate) fn with_guard(config: NetConfig, guard: Guard) -> Result<HttpClient, NetError> {
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|e| {
            NetError::Http(format!("invalid User-Agent {:?}: {e}", config.user_agent))
        })?;
        let resolver = GuardedResolver::new(Overrides::new(&config.resolve), guard.clone());
        let inner = reqwest::Client::builder()
            .use_rustls_tls()
            // A proxy would resolve names itself, out of the guard's sight; and
            // HTTP_PROXY in the environment must not silently reroute federation.
            .no_proxy()
            .dns_resolver(Arc::new(resolver))
            .redirect(redirect::policy(config.max_redirects, guard.clone()))
            // Referer would leak our request paths to whatever host we are sent to.
            .referer(false)
            .user_agent(user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .build()
            .map_err(|e| NetError::Http(format!("cannot build HTTP client: {e}")))?;
        Ok(HttpClient {
            inner,
            guard,
            user_agent,
            request_timeout: config.request_timeout,
            max_response_bytes: config.max_response_bytes,
            refused_hosts: None,
        })
    }

    /// Refuses, before sending, every request whose host `refused` says yes to.
    pub fn with_refused_hosts(mut self, refused: HostFilter) -> HttpClient {
        self.refused_hosts = Some(refused);
        self
    }

    pub async fn get(&self, url: &str, headers: HeaderMap) -> Result<HttpResponse, NetError> {
        self.execute(OutboundRequest::new(Method::GET, url).with_headers(headers))
            .await
    }

    pub async fn post(
        &self,
        url: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<HttpResponse, NetError> {
        self.execute(
            OutboundRequest::new(Method::POST, url)
                .with_headers(headers)
                .with_body(body),
        )
        .await
    }

    /// [`HttpClient::post`] to a URL the caller has already parsed (a deliverer parses
    /// the inbox once for signing), so it is not parsed again. It is checked the same.
    pub async fn post_url(
        &self,
        url: Url,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<HttpResponse, NetError> {
        let span = tracing::debug_span!(
            "outbound_http",
            method = "POST",
            host = tracing::field::Empty
        );
        let work = async {
            if let Err(refusal) = target::check(&url, &self.guard) {
                tracing::debug!(%url, %refusal, "request refused before sending");
                return Err(refusal.into());
            }
            self.send_checked(url, Method::POST, headers, Some(body))
                .await
        };
        work.instrument(span).await
    }

    /// Sends any request. The URL is checked before anything touches the network; the
    /// body is read in full (up to the cap) before returning.
    pub async fn execute(&self, request: OutboundRequest) -> Result<HttpResponse, NetError> {
        let span = tracing::debug_span!(
            "outbound_http",
            method = %request.method,
            host = tracing::field::Empty
        );
        self.send(request).instrument(span).await
    }

    async fn send(&self, request: OutboundRequest) -> Result<HttpResponse, NetError> {
        let url = match target::parse(&request.url, &self.guard) {
            Ok(url) => url,
            Err(refusal) => {
                tracing::debug!(url = %request.url, %refusal, "request refused before sending");
                return Err(refusal.into());
            }
        };
        self.send_checked(url, request.method, request.headers, request.body)
            .await
    }

    /// Sends to a URL that passed the pre-flight check.
    async fn send_checked(
        &self,
        url: Url,
        method: Method,
        headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<HttpResponse, NetError> {
        tracing::Span::current().record("host", url.host_str().unwrap_or_default());
        if let (Some(refused), Some(host)) = (&self.refused_hosts, url.host_str()) {
            if refused(host) {
                tracing::debug!(%url, "request to a blocked domain refused");
                return Err(NetError::ForbiddenAddress(format!("{host} is blocked")));
            }
        }
        tracing::debug!(%url, "sending request");

        let result = self.exchange(url, method, headers, body).await;
        match &result {
            Ok(response) => tracing::debug!(
                status = %response.status,
                bytes = response.body.len(),
                final_url = %response.final_url,
                "response received"
            ),
            Err(error) => tracing::debug!(%error, "request failed"),
        }
        result
    }

    async fn exchange(
        &self,
        url: Url,
        method: Method,
        mut headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<HttpResponse, NetError> {
        // The configured identity always wins over a caller's header, so remote admins
        // see one consistent User-Agent.
        headers.insert(USER_AGENT, self.user_agent.clone());
        let mut builder = self.inner.request(method, url).headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let limit = self.max_response_bytes;
        let work = async move {
            let response = builder.send().await.map_err(from_reqwest)?;
            read_capped(response, limit).await
        };
        // reqwest's own timeout covers the same span; this outer one makes the bound
        // hold whatever reqwest does internally.
        tokio::time::timeout(self.request_timeout, work)
            .await
            .unwrap_or(Err(NetError::Timeout))
    }
}
