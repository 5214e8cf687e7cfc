//! `LanguageMap`: `contentMap` / `summaryMap` / `nameMap`, language tag to text
//! (activitypub.md §5.3: the first key is the language). Kept in the order received
//! when parsed straight from the body; non-string values are skipped.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageMap(pub Vec<(String, String)>);

impl LanguageMap {
    /// The first language and its text.
    pub fn first(&self) -> Option<(&str, &str)> {
        self.0
            .first()
            .map(|(lang, text)| (lang.as_str(), text.as_str()))
    }

    pub fn get(&self, language: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(lang, _)| lang == language)
            .map(|(_, text)| text.as_str())
    }
}

impl<'de> Deserialize<'de> for LanguageMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = LanguageMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of language tags to text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LanguageMap, A::Error> {
                let mut entries = Vec::new();
                while let Some((lang, value)) = map.next_entry::<String, Value>()? {
                    if let Value::String(text) = value {
                        entries.push((lang, text));
                    }
                }
                Ok(LanguageMap(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

impl Serialize for LanguageMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (lang, text) in &self.0 {
            map.serialize_entry(lang, text)?;
        }
        map.end()
    }
}
