//! rookery-server: the composition root. It reads configuration (the only crate that
//! does), builds the store, the outbound client, the worker and the HTTP router, and
//! holds the CLI commands. `rookery-testkit` starts instances through [`instance`].

pub mod accounts;
pub mod cli;
pub mod commands;
pub mod config;
pub mod credentials;
pub mod error;
pub mod federation;
pub mod instance;
pub mod protocols;
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
