//! `ObjectOrId<T>`: a property that holds either an embedded object or just its id
//! (or a `Link` to it). Accept, Reject and Undo embed the activity they answer at
//! GoToSocial and Fedify but give only its id at bovine (fixtures/peers/README.md);
//! Delete carries an id or a Tombstone (activitypub.md §5.9).

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use super::kind::has_type;
use super::link::Link;

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectOrId<T> {
    Id(String),
    Link(Link),
    Object(Box<T>),
}

/// What every embeddable type can tell: its own id.
pub trait HasId {
    fn id(&self) -> Option<&str>;
}

impl<T: HasId> ObjectOrId<T> {
    /// The id, whichever form was sent (a Link's `href`).
    pub fn id(&self) -> Option<&str> {
        match self {
            ObjectOrId::Id(id) => Some(id),
            ObjectOrId::Link(link) => Some(&link.href),
            ObjectOrId::Object(object) => object.id(),
        }
    }
}

impl<T> ObjectOrId<T> {
    /// The embedded object, if one was sent.
    pub fn object(&self) -> Option<&T> {
        match self {
            ObjectOrId::Object(object) => Some(object),
            _ => None,
        }
    }

    pub fn embedded(object: T) -> Self {
        ObjectOrId::Object(Box::new(object))
    }
}

impl<T> From<&str> for ObjectOrId<T> {
    fn from(id: &str) -> Self {
        ObjectOrId::Id(id.to_owned())
    }
}

impl<T> From<String> for ObjectOrId<T> {
    fn from(id: String) -> Self {
        ObjectOrId::Id(id)
    }
}

impl<'de, T: for<'a> Deserialize<'a>> Deserialize<'de> for ObjectOrId<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::String(id) => Ok(ObjectOrId::Id(id)),
            value if has_type(&value, "Link") => Link::deserialize(value)
                .map(ObjectOrId::Link)
                .map_err(D::Error::custom),
            value => T::deserialize(value)
                .map(|object| ObjectOrId::Object(Box::new(object)))
                .map_err(D::Error::custom),
        }
    }
}

impl<T: Serialize> Serialize for ObjectOrId<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ObjectOrId::Id(id) => serializer.serialize_str(id),
            ObjectOrId::Link(link) => link.serialize(serializer),
            ObjectOrId::Object(object) => object.serialize(serializer),
        }
    }
}
