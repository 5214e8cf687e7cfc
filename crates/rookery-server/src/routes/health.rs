//! `/healthz`: liveness and identity: which instance answered, and whether its database
//! answers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::state::AppState;

pub(super) async fn health(State(state): State<AppState>) -> Response {
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
