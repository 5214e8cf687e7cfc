//! Logging setup: `tracing` to stderr, filtered by `RUST_LOG` or `log.level`, as text
//! for people or JSON for log pipelines.

use tracing_subscriber::EnvFilter;

use crate::config::LogConfig;

/// Installs the global subscriber. A second call (tests starting several instances in
/// one process) is a no-op.
pub fn init(log: &LogConfig) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
