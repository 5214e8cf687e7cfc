//! E1 `/.well-known/versia` and E2 `/.versia/v0.6/instance` (versia.md §4, §8.3): how
//! peers find our version and our public key. Both are exempt from signatures (§3.4).

use axum::extract::State;
use axum::response::Response;

use super::respond::unsigned;
use super::RouteState;
use crate::entities::extensions::{
    InstanceExtensions, InstanceMessaging, INSTANCE_MESSAGING, LIKES, REACTIONS, SHARE,
};
use crate::entities::{
    Compatibility, InstanceMetadata, InstanceMetadataTag, InstancePublicKeyInfo, Software,
};
use crate::keys::ALGORITHM;
use crate::paths::{WellKnownVersia, CONTENT_TYPE, MESSAGING_PATH, PROTOCOL_VERSION};

/// The extensions we implement (instance messaging, likes, reactions and shares; §10.4,
/// §10.6, §10.9, §10.11).
pub const SUPPORTED_EXTENSIONS: [&str; 4] = [INSTANCE_MESSAGING, LIKES, REACTIONS, SHARE];

pub(super) async fn well_known() -> Response {
    unsigned(&WellKnownVersia::ours(), "application/json; charset=utf-8")
}

pub(super) async fn instance(State(state): State<RouteState>) -> Response {
    let versia = &state.versia;
    let settings = &versia.settings;
    let meta = InstanceMetadata {
        entity_type: InstanceMetadataTag,
        created_at: versia.created_at.clone(),
        name: settings.name.clone(),
        software: Software {
            name: "rookery".into(),
            version: settings.software_version.clone(),
        },
        compatibility: Compatibility {
            versions: vec![PROTOCOL_VERSION.to_owned()],
            extensions: SUPPORTED_EXTENSIONS
                .iter()
                .map(|e| (*e).to_owned())
                .collect(),
        },
        description: None,
        domain: settings.domain.clone(),
        public_key: InstancePublicKeyInfo {
            algorithm: ALGORITHM.to_owned(),
            key: versia.key.public_key().to_spki_base64(),
        },
        logo: None,
        banner: None,
        // The reference sends its validation errors only to peers advertising this
        // (§10.4 [REF]); our absolute endpoint, the v0.6 path.
        extensions: Some(InstanceExtensions {
            instance_messaging: Some(InstanceMessaging {
                endpoint: format!("{}{MESSAGING_PATH}", settings.public_url),
            }),
        }),
    };
    unsigned(&meta, CONTENT_TYPE)
}
