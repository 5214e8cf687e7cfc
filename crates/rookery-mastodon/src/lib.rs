//! rookery-mastodon: the Mastodon-compatible client API. Handlers authenticate the
//! bearer token, call core's use cases, and render Mastodon's entities; every rule lives
//! in core. Started with the read/write core of the API (instance, accounts, statuses,
//! timelines, notifications) and OAuth 2 (apps, authorization code with PKCE, refresh
//! and client credentials grants, revocation).

mod auth;
mod entities;
mod error;
mod oauth;
mod paging;
mod routes;
mod state;

pub use oauth::LoginGuard;
pub use routes::{router, upload_routes};
pub use state::{ApiState, InstanceInfo};
