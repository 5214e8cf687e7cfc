//! Zero-sized `type` markers: each entity struct carries one, so a body with the wrong
//! `type` fails to deserialize into it and serialization always writes the right name
//! (versia.md §6.4).

/// Defines a marker that (de)serializes as the entity type string `$name`, accepting
/// any `$alias` on input only.
macro_rules! entity_tag {
    ($(#[$meta:meta])* $tag:ident, $name:literal $(, $alias:literal)*) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $tag;

        impl $tag {
            /// The canonical `type` string.
            pub const NAME: &'static str = $name;
        }

        impl serde::Serialize for $tag {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($name)
            }
        }

        impl<'de> serde::Deserialize<'de> for $tag {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                if text == $name $(|| text == $alias)* {
                    Ok($tag)
                } else {
                    Err(serde::de::Error::custom(format_args!(
                        "expected type {:?}, found {:?}", $name, text
                    )))
                }
            }
        }
    };
}

pub(crate) use entity_tag;
