//! Why a remote instance could not give us what we asked for.

use rookery_core::ports::PortError;
use rookery_net::NetError;

use crate::signature::SignatureError;

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error(transparent)]
    Net(#[from] NetError),
    #[error("{url} answered {status}")]
    Status { url: String, status: u16 },
    /// The answer is not what Versia promises (bad JSON, wrong domain, bad key, ...).
    #[error("invalid answer from {url}: {reason}")]
    Invalid { url: String, reason: String },
    /// The response signature did not verify (versia.md §3.5, last paragraph).
    #[error("response from {url}: {error}")]
    Signature { url: String, error: SignatureError },
    #[error(transparent)]
    Port(#[from] PortError),
}

impl RemoteError {
    pub fn invalid(url: &str, reason: impl Into<String>) -> Self {
        RemoteError::Invalid {
            url: url.to_owned(),
            reason: reason.into(),
        }
    }

    /// A 404 or 410: the thing does not exist (rather than "try again later").
    pub fn is_not_found(&self) -> bool {
        matches!(self, RemoteError::Status { status, .. } if *status == 404 || *status == 410)
    }
}

impl From<RemoteError> for PortError {
    fn from(error: RemoteError) -> Self {
        match error {
            RemoteError::Port(port) => port,
            other => PortError::unavailable(other.to_string()),
        }
    }
}
