//! Response helpers: signed Versia bodies (versia.md §3.4: every GET response is signed
//! over the exact body bytes, §3.3) and short JSON errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::context::{now, Versia};
use crate::inbox::Rejection;
use crate::paths::CONTENT_TYPE;
use crate::signature::sign_response;

/// 200 with `value` as the body, signed for the request `method raw_path`.
pub fn signed<T: Serialize>(versia: &Versia, method: &str, raw_path: &str, value: &T) -> Response {
    let body = match crate::json::to_vec(value) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "versia: serializing a response failed");
            return error(StatusCode::INTERNAL_SERVER_ERROR, "cannot serialize");
        }
    };
    let signature = sign_response(&versia.key, versia.domain(), method, raw_path, &body, now());
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    if signature.insert_into(headers).is_err() {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "cannot sign");
    }
    response
}

/// 200 with `value` as unsigned JSON of `content_type` (E1, E2 are exempt, §3.4).
pub fn unsigned<T: Serialize>(value: &T, content_type: &'static str) -> Response {
    match crate::json::to_vec(value) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body,
        )
            .into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "cannot serialize"),
    }
}

/// `{"error": reason}` with `status`.
pub fn error(status: StatusCode, reason: &str) -> Response {
    let body = serde_json::json!({ "error": reason }).to_string();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

pub fn rejected(rejection: &Rejection) -> Response {
    error(rejection.status, &rejection.reason)
}

pub fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}
