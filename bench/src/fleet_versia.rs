//! What a Versia virtual host serves (versia.md §4): `/.well-known/versia` (E1), its
//! InstanceMetadata with its Ed25519 key (E2, §8.3; both unsigned, §3.4) and its users
//! (E3, answered with a signed response, §3.3–§3.4). Each host's key is derived from its
//! index, so nothing is stored and any number of hosts costs nothing until asked.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rookery_core::Timestamp;
use rookery_versia::entities::{
    Compatibility, InstanceMetadata, InstanceMetadataTag, InstancePublicKeyInfo, Software, User,
    UserTag,
};
use rookery_versia::paths::{CONTENT_TYPE, PROTOCOL_VERSION};
use rookery_versia::signature::sign_response;
use rookery_versia::InstanceKey;

/// When every fleet host was "created" (a fixed RFC 3339 time keeps documents stable).
const CREATED_AT: &str = "2026-01-01T00:00:00Z";

/// `{"versions":["0.6.0"]}`.
pub(crate) fn well_known() -> Response {
    json_response(
        serde_json::json!({ "versions": [PROTOCOL_VERSION] }).to_string(),
        "application/json; charset=utf-8",
    )
}

/// E2: the host's metadata with its public key.
pub(crate) fn instance(host: &str, key: &InstanceKey) -> Response {
    let meta = InstanceMetadata {
        entity_type: InstanceMetadataTag,
        created_at: CREATED_AT.into(),
        name: host.to_owned(),
        software: Software {
            name: "rookery-fleet".into(),
            version: "0.1.0".into(),
        },
        compatibility: Compatibility {
            versions: vec![PROTOCOL_VERSION.to_owned()],
            extensions: Vec::new(),
        },
        description: None,
        domain: host.to_owned(),
        public_key: InstancePublicKeyInfo {
            algorithm: "ed25519".into(),
            key: key.public_key().to_spki_base64(),
        },
        logo: None,
        banner: None,
        extensions: None,
    };
    match rookery_versia::json::to_vec(&meta) {
        Ok(body) => json_response(body, CONTENT_TYPE),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// E3 for a User: the entity, signed for the request `get PATH` (§3.4).
pub(crate) fn user(host: &str, key: &InstanceKey, id: &str, path: &str) -> Response {
    let user = User {
        id: id.to_owned(),
        entity_type: UserTag,
        created_at: CREATED_AT.into(),
        username: id.to_owned(),
        display_name: None,
        avatar: None,
        header: None,
        bio: None,
        fields: Vec::new(),
        manually_approves_followers: false,
        indexable: true,
        extensions: None,
    };
    let Ok(body) = rookery_versia::json::to_vec(&user) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let signature = sign_response(key, host, "get", path, &body, now());
    let mut response = json_response(body, CONTENT_TYPE);
    if signature.insert_into(response.headers_mut()).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    response
}

fn json_response(body: impl Into<axum::body::Body>, content_type: &'static str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body.into(),
    )
        .into_response()
}

pub(crate) fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}
