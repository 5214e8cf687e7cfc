//! `GET /.well-known/oauth-authorization-server`: RFC 8414 metadata, as Mastodon 4.3
//! serves it, so clients find the endpoints and supported features.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::scopes::SUPPORTED;
use crate::state::ApiState;

pub(super) async fn metadata(State(state): State<ApiState>) -> Json<Value> {
    let base = &state.instance.public_url;
    Json(json!({
        "issuer": format!("{base}/"),
        "service_documentation": "https://docs.joinmastodon.org/",
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo"),
        "app_registration_endpoint": format!("{base}/api/v1/apps"),
        "scopes_supported": SUPPORTED,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    }))
}
