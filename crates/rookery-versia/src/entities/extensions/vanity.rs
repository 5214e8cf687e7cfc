//! `pub.versia:vanity` on User (versia.md §10.12): every field optional.

use serde::{Deserialize, Serialize};

use crate::entities::{ContentFormat, Reference};
use crate::json::OrderedMap;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Vanity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_overlays: Option<Vec<ContentFormat>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_mask: Option<ContentFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<ContentFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<ContentFormat>,
    /// Language code → pronoun sets. Always written, as `{}` when empty, because the
    /// reference requires the key (§10.12 [REF]); `null` or absent is read as empty.
    #[serde(default, deserialize_with = "pronouns_or_null")]
    pub pronouns: OrderedMap<Vec<Pronoun>>,
    /// RFC 3339 full-date (`1998-04-12`) or date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// IANA zone name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<Reference>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pronoun {
    pub subject: String,
    pub object: String,
    pub dependent_possessive: String,
    pub independent_possessive: String,
    pub reflexive: String,
}

fn pronouns_or_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<OrderedMap<Vec<Pronoun>>, D::Error> {
    Option::<OrderedMap<Vec<Pronoun>>>::deserialize(deserializer).map(Option::unwrap_or_default)
}
