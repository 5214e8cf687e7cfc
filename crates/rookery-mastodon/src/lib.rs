//! rookery-mastodon: the Mastodon-compatible client API. Handlers authenticate the
//! bearer token, call core's use cases, and render Mastodon's entities; every rule lives
//! in core. Started with the read/write core of the API (instance, accounts, statuses,
//! timelines, notifications); OAuth app registration and the rest follow.

mod auth;
mod entities;
mod error;
mod paging;
mod routes;
mod state;

pub use routes::router;
pub use state::{ApiState, InstanceInfo};
