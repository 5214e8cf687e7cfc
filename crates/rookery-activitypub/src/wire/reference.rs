//! `Reference`: a property that points at another document by IRI (`inbox`,
//! `followers`, `inReplyTo`, `partOf`...). Mastodon and GoToSocial write a string;
//! some peers embed the object (bovine embeds the author in `attributedTo`) or write a
//! `Link`. Only the IRI is kept: embedded copies are not trusted anyway
//! (activitypub.md §5.0). Always written as a string.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(pub String);

impl Reference {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IRI of a JSON value: a string, or an object's `id` (or a Link's `href`).
    pub fn iri_of(value: &Value) -> Option<&str> {
        match value {
            Value::String(iri) => Some(iri),
            Value::Object(map) => map
                .get("id")
                .or_else(|| map.get("href"))
                .and_then(Value::as_str),
            _ => None,
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Reference {
    fn from(iri: &str) -> Self {
        Reference(iri.to_owned())
    }
}

impl From<String> for Reference {
    fn from(iri: String) -> Self {
        Reference(iri)
    }
}

impl PartialEq<str> for Reference {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Reference {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Reference::iri_of(&value)
            .map(|iri| Reference(iri.to_owned()))
            .ok_or_else(|| D::Error::custom("expected an IRI or an object with an id"))
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}
