//! What a public page can fail with, and the HTML page each failure answers.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use rookery_core::service::ServiceError;
use rookery_core::CoreError;

use crate::layout::{self, PageMeta};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page, or one the visitor may not see (private notes answer this too, so
    /// their existence is not revealed).
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// Storage or another server failed; worth retrying.
    #[error("temporarily unavailable")]
    Unavailable(String),
}

impl From<ServiceError> for WebError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Refused(CoreError::NotFound(_)) => WebError::NotFound,
            ServiceError::Refused(other) => WebError::BadRequest(other.to_string()),
            ServiceError::Unavailable(e) => WebError::Unavailable(e.to_string()),
        }
    }
}

impl From<rookery_core::ports::PortError> for WebError {
    fn from(error: rookery_core::ports::PortError) -> Self {
        WebError::Unavailable(error.to_string())
    }
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The error as a page of the site called `site_name`.
    pub fn page(&self, site_name: &str) -> Response {
        if let WebError::Unavailable(detail) = self {
            tracing::warn!(%detail, "public page failed");
        }
        let (title, text) = match self {
            WebError::NotFound => ("Not found", "There is nothing to see here.".to_owned()),
            WebError::BadRequest(why) => ("Bad request", why.clone()),
            WebError::Unavailable(_) => (
                "Unavailable",
                "Something went wrong on our side. Please try again later.".to_owned(),
            ),
        };
        let body = html! {
            h1 { (title) }
            p { (text) }
            p { a href="/" { "Back to the front page" } }
        };
        let page = layout::page(
            PageMeta::new(title, site_name).noindex(),
            layout::nav_links(&[("Home", "/")]),
            body,
        );
        (self.status(), Html(page.into_string())).into_response()
    }
}
