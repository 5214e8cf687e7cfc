//! `GET /api/v1/instance` and `/api/v2/instance`. The version string names a Mastodon
//! version so clients enable the features they know, then rookery's own.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::ApiState;

/// The Mastodon API level rookery follows.
const MASTODON_COMPAT: &str = "4.3.0";

fn version() -> String {
    format!(
        "{MASTODON_COMPAT} (compatible; rookery {})",
        rookery_core::VERSION
    )
}

pub(super) async fn v1(State(state): State<ApiState>) -> Result<Json<Value>, ApiError> {
    let info = &state.instance;
    let repo = state.services.repo();
    Ok(Json(json!({
        "uri": info.domain,
        "title": info.name,
        "short_description": info.description,
        "description": info.description,
        "email": "",
        "version": version(),
        "urls": {},
        "stats": {
            "user_count": repo.count_local_accounts().await?,
            "status_count": repo.count_local_notes().await?,
            "domain_count": 0,
        },
        "thumbnail": null,
        "languages": ["en"],
        "registrations": false,
        "approval_required": false,
        "invites_enabled": false,
        "configuration": configuration(),
        "contact_account": null,
        "rules": [],
    })))
}

pub(super) async fn v2(State(state): State<ApiState>) -> Result<Json<Value>, ApiError> {
    let info = &state.instance;
    let repo = state.services.repo();
    Ok(Json(json!({
        "domain": info.domain,
        "title": info.name,
        "version": version(),
        "source_url": "https://example.invalid/rookery",
        "description": info.description,
        "usage": {"users": {"active_month": repo.count_local_accounts().await?}},
        "thumbnail": {"url": format!("{}/avatars/original/missing.png", info.public_url)},
        "languages": ["en"],
        "configuration": configuration(),
        "registrations": {"enabled": false, "approval_required": false, "message": null},
        "contact": {"email": "", "account": null},
        "rules": [],
    })))
}

fn configuration() -> Value {
    json!({
        "statuses": {
            "max_characters": rookery_core::service::MAX_NOTE_CHARS,
            "max_media_attachments": 0,
            "characters_reserved_per_url": 23,
        },
        "accounts": {"max_featured_tags": 0},
    })
}
