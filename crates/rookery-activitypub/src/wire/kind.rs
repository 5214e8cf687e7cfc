//! Reading an object's `type`. Peers write compact names (`Note`), prefixed names
//! (`as:Hashtag`), full IRIs, and bovine even a blank node (`_:Hashtag`); JSON-LD also
//! allows an array of types. All are reduced to the compact ActivityStreams name.

use serde_json::Value;

const PREFIXES: &[&str] = &[
    "https://www.w3.org/ns/activitystreams#",
    "http://www.w3.org/ns/activitystreams#",
    "as:",
    "_:",
    "toot:",
    "http://joinmastodon.org/ns#",
    "schema:",
    "http://schema.org#",
    "https://schema.org/",
];

/// The compact form of one type name.
pub fn compact_type(name: &str) -> &str {
    PREFIXES
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
}

/// The compact type names of a JSON object's `type` (a string or an array).
pub fn type_names(object: &Value) -> Vec<&str> {
    match object.get("type") {
        Some(Value::String(name)) => vec![compact_type(name)],
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(compact_type)
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the JSON object's `type` includes `name` (compact).
pub fn has_type(object: &Value, name: &str) -> bool {
    type_names(object).contains(&name)
}

/// Defines a `type` enum: known compact names, plus an `Other` fallback when given.
/// Deserializes from a string or an array of strings (the first known name wins).
macro_rules! kind_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? } $(other $other:ident)?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($variant,)+
            $($other(String),)?
        }

        impl $name {
            /// The known variant for a compact name.
            pub fn known(name: &str) -> Option<Self> {
                match $crate::wire::kind::compact_type(name) {
                    $(stringify!($variant) => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                    $($name::$other(name) => name,)?
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let names = $crate::wire::one_or_many::OneOrMany::<String>::deserialize(deserializer)?;
                if let Some(known) = names.iter().find_map(|name| $name::known(name)) {
                    return Ok(known);
                }
                $(
                    if let Some(first) = names.first() {
                        return Ok($name::$other($crate::wire::kind::compact_type(first).to_owned()));
                    }
                )?
                Err(serde::de::Error::custom(format!(
                    concat!("not a known ", stringify!($name), ": {:?}"),
                    names.iter().collect::<Vec<_>>()
                )))
            }
        }
    };
}

pub(crate) use kind_enum;
