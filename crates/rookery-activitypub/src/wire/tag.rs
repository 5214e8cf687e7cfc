//! `tag` entries (activitypub.md §5.4): `Mention{href, name}`, `Hashtag{href, name}`,
//! `Emoji{id, name, icon, updated}` and FEP-e232 `Link` tags (quote links, §5.7).
//! Anything else is kept as raw JSON and ignored by the mapping.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::image::Image;
use super::kind::type_names;
use super::link::Link;

#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    Mention(Mention),
    Hashtag(Hashtag),
    Emoji(Emoji),
    Link(Link),
    Other(Value),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Mention {
    /// The mentioned actor's id: Mastodon resolves by this, not by the name.
    pub href: String,
    /// `@user@domain`.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Hashtag {
    #[serde(default)]
    pub href: Option<String>,
    /// `#tag` (some peers omit the `#`).
    pub name: String,
}

impl Hashtag {
    /// The tag without `#`, lowercased: the form used for matching.
    pub fn normalized(&self) -> String {
        self.name.trim_start_matches('#').to_lowercase()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Emoji {
    #[serde(default)]
    pub id: Option<String>,
    /// `:shortcode:`.
    pub name: String,
    pub icon: Image,
    #[serde(default)]
    pub updated: Option<String>,
}

impl Emoji {
    /// The shortcode without colons.
    pub fn shortcode(&self) -> &str {
        self.name.trim_matches(':')
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let kind = type_names(&value).first().map(|k| (*k).to_owned());
        let parsed = match kind.as_deref() {
            Some("Mention") => Mention::deserialize(value.clone()).map(Tag::Mention),
            Some("Hashtag") => Hashtag::deserialize(value.clone()).map(Tag::Hashtag),
            Some("Emoji") => Emoji::deserialize(value.clone()).map(Tag::Emoji),
            Some("Link") => Link::deserialize(value.clone()).map(Tag::Link),
            _ => return Ok(Tag::Other(value)),
        };
        // A known type with an unusable shape is kept raw rather than failing the note.
        Ok(parsed.unwrap_or(Tag::Other(value)))
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tag::Mention(m) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("type", "Mention")?;
                map.serialize_entry("href", &m.href)?;
                if let Some(name) = &m.name {
                    map.serialize_entry("name", name)?;
                }
                map.end()
            }
            Tag::Hashtag(h) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("type", "Hashtag")?;
                if let Some(href) = &h.href {
                    map.serialize_entry("href", href)?;
                }
                map.serialize_entry("name", &h.name)?;
                map.end()
            }
            Tag::Emoji(e) => {
                let mut map = serializer.serialize_map(None)?;
                if let Some(id) = &e.id {
                    map.serialize_entry("id", id)?;
                }
                map.serialize_entry("type", "Emoji")?;
                map.serialize_entry("name", &e.name)?;
                map.serialize_entry("icon", &e.icon)?;
                if let Some(updated) = &e.updated {
                    map.serialize_entry("updated", updated)?;
                }
                map.end()
            }
            Tag::Link(link) => link.serialize(serializer),
            Tag::Other(value) => value.serialize(serializer),
        }
    }
}
