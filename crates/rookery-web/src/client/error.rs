//! The client's one error type, mapped to an HTTP status and a short page at the edge.
//! Not being logged in is an error too: it answers with a redirect to the login page.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
use rookery_core::ports::PortError;
use rookery_core::service::ServiceError;
use rookery_core::CoreError;

use crate::layout::{self, PageMeta};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No valid session; `next` is the path to return to after logging in.
    #[error("login required")]
    LoginRequired { next: String },
    /// A POST without the session's CSRF token (or with a wrong one).
    #[error("the form's security token is missing or wrong")]
    BadCsrf,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(String),
    /// The input was refused; the message says why, for the user.
    #[error("{0}")]
    Invalid(String),
    /// Storage or a remote server failed; the detail is for the log only.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
}

pub type ClientResult<T> = Result<T, ClientError>;

impl From<ServiceError> for ClientError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Refused(CoreError::NotFound(what)) => ClientError::NotFound(what),
            ServiceError::Refused(CoreError::Forbidden(why)) => ClientError::Forbidden(why),
            ServiceError::Refused(refused) => ClientError::Invalid(refused.to_string()),
            ServiceError::Unavailable(port) => ClientError::from(port),
        }
    }
}

impl From<PortError> for ClientError {
    fn from(e: PortError) -> Self {
        ClientError::Unavailable(e.to_string())
    }
}

impl ClientError {
    fn status(&self) -> StatusCode {
        match self {
            ClientError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            ClientError::BadCsrf | ClientError::Forbidden(_) => StatusCode::FORBIDDEN,
            ClientError::NotFound(_) => StatusCode::NOT_FOUND,
            ClientError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ClientError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What the page says: short, and never a storage detail.
    fn message(&self) -> String {
        match self {
            ClientError::LoginRequired { .. } => "Please log in.".into(),
            ClientError::BadCsrf => {
                "The form expired or was not sent from this site. Go back, reload the page and try again.".into()
            }
            ClientError::NotFound(what) => format!("The {what} was not found."),
            ClientError::Forbidden(why) => format!("Not allowed: {why}."),
            ClientError::Invalid(why) => why.clone(),
            ClientError::Unavailable(_) => {
                "The server is temporarily unavailable. Please try again later.".into()
            }
        }
    }
}

impl IntoResponse for ClientError {
    fn into_response(self) -> Response {
        if let ClientError::LoginRequired { next } = &self {
            return super::redirect::to_login(next);
        }
        if let ClientError::Unavailable(detail) = &self {
            tracing::warn!(%detail, "web client request failed");
        }
        let status = self.status();
        let title = status.canonical_reason().unwrap_or("Error");
        let body = html! {
            h1 { (title) }
            p class="error" role="alert" { (self.message()) }
            p { a href="/web/home" { "Back to your home timeline" } }
        };
        // The instance's name is not at hand here; error pages carry the software's.
        let page = layout::page(
            PageMeta::new(title, "rookery").noindex(),
            layout::nav_links(&[("Home", "/web/home")]),
            body,
        );
        let mut response = (status, axum::response::Html(page.into_string())).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
