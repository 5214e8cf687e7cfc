//! The HTTP router: every adapter's routes mounted on one axum app, with the layers all
//! requests share (tracing, body-size cap, timeouts).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Bodies above this are refused with 413 (Mastodon's inbox limit is 1 MB; media
/// uploads get their own, larger limit on their routes).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// No request may hold a connection longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}

/// Liveness and identity: which instance answered, and whether its database answers.
async fn health(State(state): State<AppState>) -> Response {
    match state.store.count_local_accounts().await {
        Ok(_) => Json(json!({
            "status": "ok",
            "domain": state.config.instance.domain,
            "version": rookery_core::VERSION,
        }))
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "error": "database unavailable"})),
            )
                .into_response()
        }
    }
}
