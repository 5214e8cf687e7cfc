//! The fixed URL layout of Versia v0.6 (versia.md §4) and its media types (§2).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

/// Media type for `Accept` (§2).
pub const MEDIA_TYPE: &str = "application/vnd.versia+json";
/// `Content-Type` of every Versia body we send (§2).
pub const CONTENT_TYPE: &str = "application/vnd.versia+json; charset=utf-8";
/// The protocol version string, as listed in `/.well-known/versia` (§4 E1).
pub const PROTOCOL_VERSION: &str = "0.6.0";

/// Everything versioned lives under here (§1).
pub const API_BASE: &str = "/.versia/v0.6";
/// E1.
pub const WELL_KNOWN_PATH: &str = "/.well-known/versia";
/// E2: InstanceMetadata.
pub const INSTANCE_PATH: &str = "/.versia/v0.6/instance";
/// E5: the one shared inbox.
pub const INBOX_PATH: &str = "/.versia/v0.6/inbox";
/// E6 (extension): instance messaging.
pub const MESSAGING_PATH: &str = "/.versia/v0.6/messaging";
/// Where the reference server listens for instance messages (§4 E6 [REF]).
pub const LEGACY_MESSAGING_PATH: &str = "/messaging";
const ENTITIES_PREFIX: &str = "/.versia/v0.6/entities/";

/// Collection pages hold 1 to 40 items (§4 E4); the reference defaults to 40.
pub const MAX_PAGE_LIMIT: u64 = 40;
pub const DEFAULT_PAGE_LIMIT: u64 = 40;

/// JavaScript `encodeURIComponent`: everything but `A-Za-z0-9-_.!~*'()` is escaped, so
/// `pub.versia:likes/Like` becomes `pub.versia%3Alikes%2FLike` (§4 E3, as the reference
/// SDK builds its URLs).
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The body of `/.well-known/versia` (§4 E1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WellKnownVersia {
    pub versions: Vec<String>,
}

impl WellKnownVersia {
    /// What we serve: `{"versions":["0.6.0"]}`.
    pub fn ours() -> Self {
        WellKnownVersia {
            versions: vec![PROTOCOL_VERSION.to_owned()],
        }
    }

    /// Whether a peer speaks our version (the reference checks exactly this string).
    pub fn supports_ours(&self) -> bool {
        self.versions.iter().any(|v| v == PROTOCOL_VERSION)
    }
}

/// One path segment, percent-encoded like `encodeURIComponent`.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, URI_COMPONENT).to_string()
}

/// `/.versia/v0.6/entities/{type}/{id}` (§4 E3).
pub fn entity_path(entity_type: &str, id: &str) -> String {
    format!(
        "{ENTITIES_PREFIX}{}/{}",
        encode_component(entity_type),
        encode_component(id)
    )
}

/// `/.versia/v0.6/entities/{type}/{id}/collections/{name}` (§4 E4), without query.
pub fn collection_path(entity_type: &str, id: &str, collection: &str) -> String {
    format!(
        "{}/collections/{}",
        entity_path(entity_type, id),
        encode_component(collection)
    )
}

/// The collection path with its page query `?offset=&limit=` (§4 E4).
pub fn collection_page_path(entity_type: &str, id: &str, collection: &str, page: Page) -> String {
    format!(
        "{}?offset={}&limit={}",
        collection_path(entity_type, id, collection),
        page.offset,
        page.limit
    )
}

/// `https://{domain}{path}`: Versia is https-only, port 443 (§2).
pub fn https_url(domain: &str, path: &str) -> String {
    format!("https://{domain}{path}")
}

/// A page request for a collection (§4 E4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            limit: DEFAULT_PAGE_LIMIT,
        }
    }
}

impl Page {
    /// Reads `offset` and `limit` from a raw query string; missing ones take the
    /// defaults (0 and 40). A limit outside 1..=40 or a non-number is an error (422,
    /// like the reference). Other parameters are ignored.
    pub fn from_query(query: Option<&str>) -> Result<Page, &'static str> {
        let mut page = Page::default();
        for pair in query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "offset" => page.offset = value.parse().map_err(|_| "offset must be a number")?,
                "limit" => page.limit = value.parse().map_err(|_| "limit must be a number")?,
                _ => {}
            }
        }
        if !(1..=MAX_PAGE_LIMIT).contains(&page.limit) {
            return Err("limit must be between 1 and 40");
        }
        Ok(page)
    }
}

/// A request path under `/.versia/v0.6/entities/`, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityPath {
    Entity {
        entity_type: String,
        id: String,
    },
    Collection {
        entity_type: String,
        id: String,
        collection: String,
    },
}

impl EntityPath {
    /// Splits the raw path (as on the wire, query removed) at `/` **before** decoding
    /// each segment, so `pub.versia%3Alikes%2FLike` is one segment. The docs' lowercase
    /// `user`/`note` are read as `User`/`Note` (§12 decision 16).
    pub fn parse(raw_path: &str) -> Option<EntityPath> {
        let path = raw_path.split_once('?').map_or(raw_path, |(p, _)| p);
        let rest = path.strip_prefix(ENTITIES_PREFIX)?;
        let segments: Vec<String> = rest
            .split('/')
            .map(|s| {
                percent_decode_str(s)
                    .decode_utf8()
                    .ok()
                    .map(|c| c.into_owned())
            })
            .collect::<Option<_>>()?;
        if segments.iter().any(String::is_empty) {
            return None;
        }
        let canonical = |t: &str| match t {
            "user" => "User".to_owned(),
            "note" => "Note".to_owned(),
            other => other.to_owned(),
        };
        match segments.as_slice() {
            [entity_type, id] => Some(EntityPath::Entity {
                entity_type: canonical(entity_type),
                id: id.clone(),
            }),
            [entity_type, id, keyword, collection] if keyword == "collections" => {
                Some(EntityPath::Collection {
                    entity_type: canonical(entity_type),
                    id: id.clone(),
                    collection: collection.clone(),
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_and_collection_paths() {
        assert_eq!(
            entity_path("pub.versia:likes/Like", "3e7e"),
            "/.versia/v0.6/entities/pub.versia%3Alikes%2FLike/3e7e"
        );
        assert_eq!(entity_path("User", "u1"), "/.versia/v0.6/entities/User/u1");
        assert_eq!(
            collection_page_path(
                "User",
                "u1",
                "followers",
                Page {
                    offset: 10,
                    limit: 20
                }
            ),
            "/.versia/v0.6/entities/User/u1/collections/followers?offset=10&limit=20"
        );
        assert_eq!(
            collection_path("Note", "n1", "pub.versia:share/Shares"),
            "/.versia/v0.6/entities/Note/n1/collections/pub.versia%3Ashare%2FShares"
        );
        assert_eq!(
            serde_json::to_string(&WellKnownVersia::ours()).unwrap(),
            r#"{"versions":["0.6.0"]}"#
        );
    }

    #[test]
    fn paths_parse_back() {
        let table = [
            (
                "/.versia/v0.6/entities/pub.versia%3Alikes%2FLike/3e7e",
                Some(EntityPath::Entity {
                    entity_type: "pub.versia:likes/Like".into(),
                    id: "3e7e".into(),
                }),
            ),
            (
                "/.versia/v0.6/entities/pub.versia:users%2FUser/abc",
                Some(EntityPath::Entity {
                    entity_type: "pub.versia:users/User".into(),
                    id: "abc".into(),
                }),
            ),
            (
                "/.versia/v0.6/entities/user/u1/collections/outbox?offset=0",
                Some(EntityPath::Collection {
                    entity_type: "User".into(),
                    id: "u1".into(),
                    collection: "outbox".into(),
                }),
            ),
            ("/.versia/v0.6/entities/pub.versia:likes/Like/x", None),
            ("/.versia/v0.6/entities/User/", None),
            ("/.versia/v0.6/inbox", None),
        ];
        for (path, expected) in table {
            assert_eq!(EntityPath::parse(path), expected, "{path}");
        }
    }

    #[test]
    fn page_limits() {
        assert_eq!(Page::from_query(None), Ok(Page::default()));
        assert_eq!(
            Page::from_query(Some("offset=5&limit=1&x=y")),
            Ok(Page {
                offset: 5,
                limit: 1
            })
        );
        assert!(Page::from_query(Some("limit=0")).is_err());
        assert!(Page::from_query(Some("limit=41")).is_err());
        assert!(Page::from_query(Some("offset=-1")).is_err());
    }
}
