//! NodeInfo 2.0 and 2.1: what software this is and how big (activitypub.md §1.3). Lemmy
//! treats a server whose `/.well-known/nodeinfo` fails as dead, so it must always answer.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

const VERSIONS: [&str; 2] = ["2.0", "2.1"];

pub(super) async fn discovery(State(state): State<AppState>) -> Response {
    let links: Vec<_> = VERSIONS
        .iter()
        .map(|v| {
            json!({
                "rel": format!("http://nodeinfo.diaspora.software/ns/schema/{v}"),
                "href": format!("{}/nodeinfo/{v}", state.public_url),
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        json!({ "links": links }),
        "application/json",
    )
}

pub(super) async fn document(
    State(state): State<AppState>,
    Path(version): Path<String>,
) -> Response {
    let version = version.trim_end_matches(".json");
    if !VERSIONS.contains(&version) {
        return json_response(
            StatusCode::NOT_FOUND,
            json!({"error": "unknown NodeInfo version"}),
            "application/json",
        );
    }
    // Counts are best effort: NodeInfo must answer even when the database is slow.
    let users = state.store.count_local_accounts().await.unwrap_or(0);
    let posts = state.store.count_local_notes().await.unwrap_or(0);
    let mut software = json!({"name": "rookery", "version": rookery_core::VERSION});
    if version == "2.1" {
        software["repository"] = json!("https://example.invalid/rookery");
        software["homepage"] = json!(state.public_url.as_ref());
    }
    let body = json!({
        "version": version,
        "software": software,
        "protocols": state.config.federation.protocols,
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": false,
        // No login tracking yet: every account counts as active.
        "usage": {
            "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
            "localPosts": posts,
        },
        "metadata": {"nodeName": state.config.instance.name},
    });
    let profile = format!(
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\""
    );
    json_response(StatusCode::OK, body, &profile)
}

fn json_response(status: StatusCode, body: serde_json::Value, content_type: &str) -> Response {
    let mut response = (status, body.to_string()).into_response();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}
