//! `Audience`: an addressing property (`to`, `cc`, `bto`, `bcc`, `audience`) as a list
//! of ids. Accepts a scalar or an array, ids or embedded objects; Public in any of its
//! three spellings becomes the full IRI (activitypub.md §5.2). Written as an array,
//! as Mastodon does.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use super::public::{is_public, normalize_public};
use super::reference::Reference;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Audience(pub Vec<String>);

impl Audience {
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Audience(
            ids.into_iter()
                .map(|id| normalize_public(id.as_ref()).to_owned())
                .collect(),
        )
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|a| a == id)
    }

    pub fn contains_public(&self) -> bool {
        self.iter().any(is_public)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let items = match &value {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            single => vec![single],
        };
        // Entries that are neither an IRI nor an object with an id are skipped.
        Ok(Audience::new(
            items.into_iter().filter_map(Reference::iri_of),
        ))
    }
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}
