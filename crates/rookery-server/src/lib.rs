//! rookery-server: the composition root. It reads configuration (the only crate that
//! does), builds the store, the outbound client, the worker and the HTTP router, and
//! holds the CLI commands. `rookery-testkit` starts instances through [`instance`].

pub mod accounts;
pub mod blocklist;
pub mod cli;
pub mod commands;
pub mod config;
pub mod credentials;
pub mod domain_cli;
pub mod emoji_cli;
pub mod error;
pub mod fd_limit;
pub mod federation;
pub mod federation_cli;
pub mod instance;
pub mod local_emojis;
pub mod metrics;
pub mod protocols;
pub mod registration;
mod rel_me;
pub mod routes;
pub mod services;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod text;

pub use config::Config;
pub use error::ServerError;
pub use instance::{start, Role, RunningInstance};
pub use state::AppState;
