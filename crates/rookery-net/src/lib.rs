//! rookery-net: rookery's one outbound HTTP client. Every request that leaves the server
//! goes through [`HttpClient`], which enforces timeouts, a response size cap, the
//! User-Agent and the SSRF guard (no private, loopback or otherwise internal addresses),
//! and applies fixed host resolution for development clusters and tests.
//!
//! The guard runs in three places, so no path reaches an internal address:
//! the DNS resolver (checks exactly the addresses that are connected to), a pre-flight
//! check of IP-literal hosts (reqwest does not resolve those), and the redirect policy
//! (every hop is checked again).

mod body;
mod client;
mod config;
mod error;
pub mod fanout;
pub mod guard;
mod redirect;
mod request;
mod resolver;
mod retry_after;
mod target;
pub mod webfinger;

#[cfg(test)]
mod tests;

pub use client::{HostFilter, HttpClient};
pub use config::NetConfig;
pub use error::NetError;
pub use fanout::PerActivity;
pub use request::{HttpResponse, OutboundRequest};
pub use retry_after::retry_after;
