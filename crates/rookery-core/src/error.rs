//! The core's error type: what a rule or a use case refuses, in words a user can read.

/// Errors raised by core rules and services. Adapters map them to their own status codes
/// (for example 422 for [`CoreError::Invalid`], 404 for [`CoreError::NotFound`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    /// A value failed validation; `field` names it.
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
}

impl CoreError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
