//! InstanceMetadata (versia.md §8.3), served at `/.versia/v0.6/instance`.

use serde::{Deserialize, Serialize};

use super::extensions::InstanceExtensions;
use super::tag::entity_tag;
use super::ContentFormat;

entity_tag!(
    /// `"type": "InstanceMetadata"`.
    InstanceMetadataTag,
    "InstanceMetadata"
);

/// No `id` (it is not fetched through the entity endpoint). The reference rejects
/// unknown keys here, so this struct has exactly the documented ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceMetadata {
    #[serde(rename = "type")]
    pub entity_type: InstanceMetadataTag,
    pub created_at: String,
    pub name: String,
    pub software: Software,
    pub compatibility: Compatibility,
    pub description: Option<String>,
    /// A Domain (§6.2); must equal the host it was fetched from.
    pub domain: String,
    pub public_key: InstancePublicKeyInfo,
    pub logo: Option<ContentFormat>,
    pub banner: Option<ContentFormat>,
    pub extensions: Option<InstanceExtensions>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Software {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compatibility {
    /// Semver strings such as `"0.6.0"`.
    pub versions: Vec<String>,
    /// Extension names such as `"pub.versia:likes"`.
    pub extensions: Vec<String>,
}

/// `{ "algorithm": "ed25519", "key": "<SPKI base64>" }` (§3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstancePublicKeyInfo {
    pub algorithm: String,
    pub key: String,
}
