//! [`NetConfig`]: the knobs of the outbound client, with safe defaults.

use std::net::SocketAddr;
use std::time::Duration;

/// Mastodon refuses remote documents above 1 MiB; matching it keeps us interoperable
/// while bounding memory per request.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// How the outbound client behaves. Built once by the server from its own config.
#[derive(Debug, Clone)]
pub struct NetConfig {
    /// Sent on every request; build it with [`NetConfig::user_agent_for`] so remote
    /// admins can tell who is calling.
    pub user_agent: String,
    /// Allows loopback, private and other internal addresses. Only for development
    /// clusters and tests; a public server must keep this `false`.
    pub allow_private_addresses: bool,
    /// Fixed host resolution: a host pattern and the address it resolves to. A pattern is
    /// an exact host (`a.test`) or a wildcard (`*.fleet.test`, any subdomain but not
    /// `fleet.test` itself). The address's port is used when the URL names none.
    /// Overridden hosts still pass through the private-address guard.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Time allowed for the TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, redirects and body included.
    pub request_timeout: Duration,
    /// Largest response body accepted; larger ones fail with `TooLarge`.
    pub max_response_bytes: usize,
    /// Redirect hops followed before failing with `TooManyRedirects`.
    pub max_redirects: usize,
}

impl NetConfig {
    /// The User-Agent rookery sends: `rookery/VERSION (+https://DOMAIN)`.
    pub fn user_agent_for(domain: &str, scheme: &str) -> String {
        format!("rookery/{} (+{scheme}://{domain})", rookery_core::VERSION)
    }
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            user_agent: format!("rookery/{}", rookery_core::VERSION),
            allow_private_addresses: false,
            resolve: Vec::new(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_redirects: 3,
        }
    }
}
