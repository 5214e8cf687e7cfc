//! `AnyObject`: whatever an activity's `object` (or a collection item) embeds, chosen
//! by its `type`: an activity (Undo embeds a Follow), an actor (Update(Person)), a
//! collection, a content object, or something we do not model (kept raw).

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use super::activity::{Activity, ActivityType};
use super::actor::{Actor, ActorType};
use super::collection::{Collection, CollectionType};
use super::kind::type_names;
use super::object::{Object, ObjectType};
use super::object_or_id::HasId;

#[derive(Debug, Clone, PartialEq)]
pub enum AnyObject {
    Activity(Box<Activity>),
    Actor(Box<Actor>),
    Collection(Box<Collection>),
    Object(Box<Object>),
    Unknown(Value),
}

impl HasId for AnyObject {
    fn id(&self) -> Option<&str> {
        match self {
            AnyObject::Activity(a) => a.id(),
            AnyObject::Actor(a) => a.id(),
            AnyObject::Collection(c) => c.id(),
            AnyObject::Object(o) => o.id(),
            AnyObject::Unknown(v) => v.get("id").and_then(Value::as_str),
        }
    }
}

impl AnyObject {
    pub fn as_activity(&self) -> Option<&Activity> {
        match self {
            AnyObject::Activity(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_actor(&self) -> Option<&Actor> {
        match self {
            AnyObject::Actor(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            AnyObject::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_collection(&self) -> Option<&Collection> {
        match self {
            AnyObject::Collection(c) => Some(c),
            _ => None,
        }
    }
}

impl From<Object> for AnyObject {
    fn from(object: Object) -> Self {
        AnyObject::Object(Box::new(object))
    }
}

impl From<Activity> for AnyObject {
    fn from(activity: Activity) -> Self {
        AnyObject::Activity(Box::new(activity))
    }
}

impl From<Actor> for AnyObject {
    fn from(actor: Actor) -> Self {
        AnyObject::Actor(Box::new(actor))
    }
}

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let names = type_names(&value);
        let is = |known: fn(&str) -> bool| names.iter().any(|n| known(n));
        let parsed = if is(|n| ActorType::known(n).is_some()) {
            Actor::deserialize(value).map(|a| AnyObject::Actor(Box::new(a)))
        } else if is(|n| CollectionType::known(n).is_some()) {
            Collection::deserialize(value).map(|c| AnyObject::Collection(Box::new(c)))
        } else if is(|n| ObjectType::known(n).is_some()) {
            Object::deserialize(value).map(|o| AnyObject::Object(Box::new(o)))
        } else if is(|n| ActivityType::known(n).is_some()) {
            Activity::deserialize(value).map(|a| AnyObject::Activity(Box::new(a)))
        } else {
            return Ok(AnyObject::Unknown(value));
        };
        parsed.map_err(D::Error::custom)
    }
}

impl Serialize for AnyObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnyObject::Activity(a) => a.serialize(serializer),
            AnyObject::Actor(a) => a.serialize(serializer),
            AnyObject::Collection(c) => c.serialize(serializer),
            AnyObject::Object(o) => o.serialize(serializer),
            AnyObject::Unknown(v) => v.serialize(serializer),
        }
    }
}
