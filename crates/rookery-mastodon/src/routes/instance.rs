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
        "urls": {"streaming_api": streaming_url(&info.public_url)},
        "stats": {
            "user_count": repo.count_local_accounts().await?,
            "status_count": repo.count_local_notes().await?,
            "domain_count": 0,
        },
        "thumbnail": null,
        "languages": ["en"],
        "registrations": info.registrations_open,
        "approval_required": false,
        "invites_enabled": false,
        "configuration": configuration(&state),
        "contact_account": null,
        "rules": super::instance_extra::rules_json(&info.rules),
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
        // The API level of the Mastodon version named above (4.3 introduced it as 2).
        "api_versions": {"mastodon": 2},
        "icon": [],
        "description": info.description,
        "usage": {"users": {"active_month": repo.count_local_accounts().await?}},
        "thumbnail": {"url": format!("{}/avatars/original/missing.png", info.public_url)},
        "languages": ["en"],
        "configuration": configuration(&state),
        "registrations": {"enabled": info.registrations_open, "approval_required": false, "message": null},
        "contact": {"email": "", "account": null},
        "rules": super::instance_extra::rules_json(&info.rules),
    })))
}

/// Where Mastodon's streaming API would be (`wss://DOMAIN`), which v1's `urls` must
/// name; rookery does not serve it yet (v2 says so with `urls.streaming: null`), and
/// clients fall back to polling when it does not answer.
fn streaming_url(public_url: &str) -> String {
    public_url
        .replacen("https://", "wss://", 1)
        .replacen("http://", "ws://", 1)
}

/// Limits and hints, with every group Mastodon's `Instance` entity requires.
fn configuration(state: &ApiState) -> Value {
    use rookery_core::poll;
    let media = state.media.limits();
    json!({
        "urls": {"streaming": null},
        "statuses": {
            "max_characters": rookery_core::service::MAX_NOTE_CHARS,
            "max_media_attachments": rookery_core::media::MAX_UPLOADS_PER_NOTE,
            "characters_reserved_per_url": 23,
        },
        "accounts": {
            "max_featured_tags": 0,
            "max_pinned_statuses": rookery_core::pins::MAX_PINNED,
        },
        "media_attachments": {
            "supported_mime_types": ["image/png", "image/jpeg", "image/gif", "image/webp"],
            "image_size_limit": media.max_bytes,
            "image_matrix_limit": media.max_pixels,
            // Videos are not accepted: zero limits say so.
            "video_size_limit": 0,
            "video_frame_rate_limit": 0,
            "video_matrix_limit": 0,
        },
        "polls": {
            "max_options": poll::MAX_OPTIONS,
            "max_characters_per_option": poll::MAX_OPTION_CHARS,
            "min_expiration": poll::MIN_EXPIRES_IN_SECS,
            "max_expiration": poll::MAX_EXPIRES_IN_SECS,
        },
        "translation": {"enabled": false},
    })
}
