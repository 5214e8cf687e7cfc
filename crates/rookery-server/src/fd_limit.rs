//! Open-file limit: a fan-out holds a socket per host in flight (and blackholed hosts
//! keep theirs until the request timeout), so `serve` and `worker` raise the soft
//! `RLIMIT_NOFILE` to the hard limit at start, as far as the system allows.

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Raises the soft open-file limit to the hard one; returns the soft limit now in force
/// (`None`: unlimited).
pub fn raise_open_file_limit() -> Option<u64> {
    let limit = getrlimit(Resource::Nofile);
    if limit.current == limit.maximum {
        return limit.current;
    }
    let raised = Rlimit {
        current: limit.maximum,
        maximum: limit.maximum,
    };
    match setrlimit(Resource::Nofile, raised) {
        Ok(()) => limit.maximum,
        Err(error) => {
            tracing::warn!(%error, "could not raise the open-file limit");
            limit.current
        }
    }
}

/// [`raise_open_file_limit`], logged.
pub fn raise_and_log() {
    match raise_open_file_limit() {
        Some(n) => tracing::info!(open_files = n, "open-file limit"),
        None => tracing::info!("open-file limit: unlimited"),
    }
}
