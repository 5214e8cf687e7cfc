//! [`Rejection`]: why an inbox delivery or a signed GET was refused, as a status and a
//! short reason for the JSON body (versia.md §3.5, §4 E5, §9.6).

use http::StatusCode;
use rookery_core::ports::PortError;
use rookery_core::service::ServiceError;
use rookery_core::CoreError;

use crate::entities::EntityError;
use crate::remote::RemoteError;
use crate::signature::SignatureError;
use crate::validate::{AuthorshipError, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: StatusCode,
    pub reason: String,
}

impl Rejection {
    pub fn new(status: StatusCode, reason: impl Into<String>) -> Self {
        Rejection {
            status,
            reason: reason.into(),
        }
    }

    pub fn unprocessable(reason: impl Into<String>) -> Self {
        Rejection::new(StatusCode::UNPROCESSABLE_ENTITY, reason)
    }

    pub fn unavailable(reason: impl Into<String>) -> Self {
        Rejection::new(StatusCode::SERVICE_UNAVAILABLE, reason)
    }
}

/// 401, or 422 for clock problems (§3.5 steps 1–5).
impl From<SignatureError> for Rejection {
    fn from(error: SignatureError) -> Self {
        Rejection::new(error.status(), error.to_string())
    }
}

/// 422 (§9.6).
impl From<EntityError> for Rejection {
    fn from(error: EntityError) -> Self {
        Rejection::unprocessable(error.to_string())
    }
}

/// 422 (§9.6).
impl From<ValidationError> for Rejection {
    fn from(error: ValidationError) -> Self {
        Rejection::unprocessable(error.to_string())
    }
}

/// 403 (§9.1).
impl From<AuthorshipError> for Rejection {
    fn from(error: AuthorshipError) -> Self {
        Rejection::new(error.status(), error.to_string())
    }
}

impl From<PortError> for Rejection {
    fn from(error: PortError) -> Self {
        tracing::warn!(%error, "versia inbox: storage failed");
        Rejection::unavailable("try again later")
    }
}

/// A remote party we needed (an unknown author) could not be fetched: the sender may
/// retry later, unless the user does not exist at all.
impl From<RemoteError> for Rejection {
    fn from(error: RemoteError) -> Self {
        if error.is_not_found() {
            return Rejection::unprocessable(format!("unknown user: {error}"));
        }
        tracing::info!(%error, "versia inbox: fetching a remote entity failed");
        Rejection::unavailable(format!("cannot fetch the author yet: {error}"))
    }
}

/// Core's refusals: 403 forbidden, 422 invalid, 503 unavailable. Not found and conflict
/// are not errors for the sender (we accept and drop, §9.3 [REC]); see
/// [`accept_missing`].
impl From<ServiceError> for Rejection {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Refused(CoreError::Forbidden(why)) => {
                Rejection::new(StatusCode::FORBIDDEN, why)
            }
            ServiceError::Refused(other) => Rejection::unprocessable(other.to_string()),
            ServiceError::Unavailable(port) => port.into(),
        }
    }
}

/// Treats "not found" and "conflict" from core as done: the delivery is well-formed,
/// there is just nothing for us to change.
pub fn accept_missing<T>(result: Result<T, ServiceError>) -> Result<(), Rejection> {
    match result {
        Ok(_) => Ok(()),
        Err(ServiceError::Refused(CoreError::NotFound(what))) => {
            tracing::debug!(what, "versia inbox: target unknown, dropped");
            Ok(())
        }
        Err(ServiceError::Refused(CoreError::Conflict(why))) => {
            tracing::debug!(why, "versia inbox: conflict, dropped");
            Ok(())
        }
        Err(other) => Err(other.into()),
    }
}
