//! Actor documents (activitypub.md §3.1): Person, Service, Application, Group,
//! Organization, with every field Mastodon reads. Missing optional fields are normal:
//! bovine serves remote fetchers an actor without followers, following or endpoints.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::context::Context;
use super::image::ImageRef;
use super::kind::kind_enum;
use super::lenient::{lenient, lenient_list};
use super::link::{first_html_url, LinkRef};
use super::object_or_id::HasId;
use super::one_or_many::OneOrMany;
use super::reference::Reference;
use super::tag::Tag;

kind_enum! {
    /// Actor types Mastodon accepts; Service and Application are shown as bots.
    ActorType { Person, Service, Application, Group, Organization }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    /// Mandatory for Mastodon (§1.1); optional here so the mapping can say why it
    /// refuses an actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Bio, HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<OneOrMany<LinkRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured_tags: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub endpoints: Option<Endpoints>,
    /// Some servers put the shared inbox at the top level; Mastodon reads both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub public_key: Option<OneOrMany<PublicKeyPem>>,
    /// FEP-521a keys (Fedify: RSA and Ed25519 Multikeys).
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assertion_method: Vec<Multikey>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub icon: Option<ImageRef>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub image: Option<ImageRef>,
    /// Profile fields (`PropertyValue`) and whatever else peers attach.
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attachment: Vec<ProfileAttachment>,
    /// Custom emoji used in the name and bio.
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tag: Vec<Tag>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub manually_approves_followers: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub discoverable: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub indexable: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub memorial: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub suspended: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Aliases that validate a Move (§5.11).
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub also_known_as: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<Reference>,
    /// FEP-2c59 canonical handle, `user@domain`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub webfinger: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attribution_domains: Vec<String>,
}

impl HasId for Actor {
    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }
}

impl Actor {
    /// `endpoints.sharedInbox`, else the top-level `sharedInbox`.
    pub fn shared_inbox(&self) -> Option<&str> {
        self.endpoints
            .as_ref()
            .and_then(|e| e.shared_inbox.as_ref())
            .or(self.shared_inbox.as_ref())
            .map(Reference::as_str)
    }

    /// The HTML profile page.
    pub fn profile_url(&self) -> Option<&str> {
        self.url.as_ref().and_then(first_html_url)
    }

    /// The RSA key(s) in `publicKey`.
    pub fn public_keys(&self) -> impl Iterator<Item = &PublicKeyPem> {
        self.public_key.iter().flat_map(OneOrMany::iter)
    }

    /// Shown as a bot by Mastodon.
    pub fn is_bot(&self) -> bool {
        matches!(self.kind, ActorType::Service | ActorType::Application)
    }

    pub fn avatar_url(&self) -> Option<&str> {
        self.icon.as_ref().and_then(ImageRef::href)
    }

    pub fn header_url(&self) -> Option<&str> {
        self.image.as_ref().and_then(ImageRef::href)
    }

    /// `PropertyValue` profile fields as (name, HTML value).
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attachment.iter().filter_map(|a| match a {
            ProfileAttachment::PropertyValue(p) => Some((p.name.as_str(), p.value.as_str())),
            ProfileAttachment::Other(_) => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Reference>,
}

/// `publicKey {id, owner, publicKeyPem}` (security v1): RSA, SPKI PEM.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyPem {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub public_key_pem: String,
}

/// FEP-521a `Multikey {id, controller, publicKeyMultibase}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Multikey {
    pub id: String,
    #[serde(rename = "type", default = "multikey_type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    pub public_key_multibase: String,
}

fn multikey_type() -> String {
    "Multikey".to_owned()
}

/// A profile field: `{type: PropertyValue, name, value}`, `value` HTML.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PropertyValue {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub value: String,
}

impl PropertyValue {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        PropertyValue {
            kind: "PropertyValue".to_owned(),
            name: name.into(),
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProfileAttachment {
    PropertyValue(PropertyValue),
    Other(Value),
}

impl<'de> Deserialize<'de> for ProfileAttachment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if super::kind::has_type(&value, "PropertyValue") {
            if let Ok(field) = PropertyValue::deserialize(value.clone()) {
                return Ok(ProfileAttachment::PropertyValue(field));
            }
        }
        Ok(ProfileAttachment::Other(value))
    }
}
