//! E6 Instance Messaging (versia.md §10.4): peers' admins send a `text/plain` account of
//! what failed. Unsigned both ways (§10.4), so we only log it for our admin; served at
//! `/.versia/v0.6/messaging` and at the reference's `/messaging` ([REF]).

use std::net::SocketAddr;

use axum::body::to_bytes;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::respond::error;

/// Largest message we accept: a precise error report fits easily, and anything bigger
/// would only fill the log.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024;

pub(super) async fn post_message(request: Request) -> Response {
    // The peer's socket address: the body names no sender and carries no signature.
    let sender = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    let Ok(bytes) = to_bytes(request.into_body(), MAX_MESSAGE_BYTES).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "message too large");
    };
    let text = String::from_utf8_lossy(&bytes);
    tracing::warn!(%sender, message = %text, "versia instance message");
    StatusCode::OK.into_response()
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request as HttpRequest;

    use super::*;

    fn request(body: Vec<u8>) -> Request {
        HttpRequest::post("/messaging")
            .header("content-type", "text/plain")
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn accepts_up_to_the_cap_and_refuses_above() {
        let ok = post_message(request(vec![b'a'; MAX_MESSAGE_BYTES])).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let body = to_bytes(ok.into_body(), 16).await.unwrap();
        assert!(body.is_empty(), "no body (§10.4)");
        let big = post_message(request(vec![b'a'; MAX_MESSAGE_BYTES + 1])).await;
        assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
