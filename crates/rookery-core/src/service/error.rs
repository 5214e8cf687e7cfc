//! What a use case can refuse or fail with. Adapters map it to their status codes.

use crate::error::CoreError;
use crate::ports::PortError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    /// A rule refused the request (invalid input, not found, forbidden, conflict).
    #[error(transparent)]
    Refused(#[from] CoreError),
    /// Storage or federation failed; the request may succeed later.
    #[error(transparent)]
    Unavailable(#[from] PortError),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

pub(crate) fn not_found(what: &'static str) -> ServiceError {
    ServiceError::Refused(CoreError::NotFound(what))
}

pub(crate) fn forbidden(why: impl Into<String>) -> ServiceError {
    ServiceError::Refused(CoreError::Forbidden(why.into()))
}
