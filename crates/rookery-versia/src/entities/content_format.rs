//! ContentFormat (versia.md §7.1): one piece of content in several MIME representations,
//! kept in the sender's order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::json::number::opt_f64_field;
use crate::json::OrderedMap;

/// MIME type → representation. Duplicate MIME types are rejected on input (§6.1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContentFormat(OrderedMap<ContentEntry>);

/// One representation. Optional keys are **omitted** when unset rather than written as
/// `null` (§6.1 [REC], §7.1: the reference rejects `"fps": null` on an image).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentEntry {
    /// The text itself, or the URL of the data when `remote`.
    pub content: String,
    pub remote: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Lowercase hex SHA-256 of the data (v0.6; was an object in v0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbhash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fps: Option<u64>,
    /// Seconds; written without `.0` (§6.1, §13).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_f64_field"
    )]
    pub duration: Option<f64>,
}

impl ContentEntry {
    /// Inline text (`remote: false`).
    pub fn inline(content: impl Into<String>) -> Self {
        Self::with(content.into(), false)
    }

    /// Data to fetch from `url` (`remote: true`).
    pub fn remote(url: impl Into<String>) -> Self {
        Self::with(url.into(), true)
    }

    fn with(content: String, remote: bool) -> Self {
        ContentEntry {
            content,
            remote,
            description: None,
            size: None,
            hash: None,
            thumbhash: None,
            width: None,
            height: None,
            fps: None,
            duration: None,
        }
    }
}

/// `text/*` MIME types carry only `content` and `remote` on the wire (§7.1 [REF]: the
/// reference rejects any other key on a text entry, even `null`).
pub fn is_text_mime(mime: &str) -> bool {
    mime.get(..5)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("text/"))
}

impl ContentFormat {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text in HTML and plain forms (§7.1 guidelines: give every text an HTML form).
    pub fn html_and_plain(html: impl Into<String>, plain: impl Into<String>) -> Self {
        let mut format = Self::new();
        format.insert("text/html", ContentEntry::inline(html));
        format.insert("text/plain", ContentEntry::inline(plain));
        format
    }

    /// Adds or replaces the representation for `mime`.
    pub fn insert(&mut self, mime: impl Into<String>, entry: ContentEntry) {
        self.0.insert(mime, entry);
    }

    pub fn get(&self, mime: &str) -> Option<&ContentEntry> {
        self.0.get(mime)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContentEntry)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Serialize)]
struct TextEntry<'a> {
    content: &'a str,
    remote: bool,
}

impl Serialize for ContentFormat {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (mime, entry) in self.0.iter() {
            if is_text_mime(mime) {
                let text = TextEntry {
                    content: &entry.content,
                    remote: entry.remote,
                };
                map.serialize_entry(mime, &text)?;
            } else {
                map.serialize_entry(mime, entry)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ContentFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        OrderedMap::deserialize(deserializer).map(ContentFormat)
    }
}
