//! Activities (activitypub.md §5). Known types are listed; any other type parses as
//! `Other` so the inbox can ignore it rather than fail (§5.0). `proof` (FEP-8b32) and
//! `signature` (LD signatures, §4.4) are carried through untouched.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::any::AnyObject;
use super::audience::Audience;
use super::context::Context;
use super::kind::kind_enum;
use super::lenient::{lenient, lenient_list};
use super::object_or_id::{HasId, ObjectOrId};
use super::one_or_many::OneOrMany;
use super::reference::Reference;
use super::tag::Tag;

kind_enum! {
    ActivityType {
        Create, Update, Delete, Follow, Accept, Reject, Undo, Announce, Like, EmojiReact,
        Block, Flag, Move, Add, Remove,
    }
    other Other
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// Who acts; must be the signer (§4.4, §5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Reference>,
    /// The object: an id, or an embedded object, activity or actor. Flag carries
    /// several (the reported actor and posts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<OneOrMany<ObjectOrId<AnyObject>>>,
    /// Move: the new account; Add/Remove: the collection.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<ObjectOrId<AnyObject>>,
    /// Accept of a QuoteRequest: the QuoteAuthorization (§5.7).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub result: Option<Reference>,
    /// QuoteRequest: the quote post.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub instrument: Option<ObjectOrId<AnyObject>>,
    #[serde(default, skip_serializing_if = "Audience::is_empty")]
    pub to: Audience,
    #[serde(default, skip_serializing_if = "Audience::is_empty")]
    pub cc: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Flag: the report comment; EmojiReact / Like: the reaction (§5.8, §5.10).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub content: Option<String>,
    #[serde(
        rename = "_misskey_reaction",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub misskey_reaction: Option<String>,
    /// EmojiReact: the custom emoji used.
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tag: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Value>,
}

impl HasId for Activity {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl Activity {
    /// A new activity with just its id, type and actor.
    pub fn new(kind: ActivityType, id: impl Into<String>, actor: impl Into<String>) -> Self {
        Activity {
            context: None,
            id: Some(id.into()),
            kind,
            actor: Some(Reference(actor.into())),
            object: None,
            target: None,
            result: None,
            instrument: None,
            to: Audience::default(),
            cc: Audience::default(),
            published: None,
            updated: None,
            content: None,
            misskey_reaction: None,
            tag: Vec::new(),
            proof: None,
            signature: None,
        }
    }

    /// Sets a single object.
    pub fn with_object(mut self, object: ObjectOrId<AnyObject>) -> Self {
        self.object = Some(OneOrMany::One(object));
        self
    }

    pub fn actor_id(&self) -> Option<&str> {
        self.actor.as_ref().map(Reference::as_str)
    }

    /// The (first) object.
    pub fn first_object(&self) -> Option<&ObjectOrId<AnyObject>> {
        self.object.as_ref().and_then(OneOrMany::first)
    }

    /// The (first) object's id, embedded or not.
    pub fn object_id(&self) -> Option<&str> {
        self.first_object().and_then(ObjectOrId::id)
    }

    /// The (first) object, when embedded.
    pub fn embedded_object(&self) -> Option<&AnyObject> {
        self.first_object().and_then(ObjectOrId::object)
    }

    /// Every object id (Flag reports several).
    pub fn object_ids(&self) -> Vec<&str> {
        self.object
            .iter()
            .flat_map(OneOrMany::iter)
            .filter_map(ObjectOrId::id)
            .collect()
    }

    pub fn target_id(&self) -> Option<&str> {
        self.target.as_ref().and_then(ObjectOrId::id)
    }

    pub fn is_known(&self) -> bool {
        !matches!(self.kind, ActivityType::Other(_))
    }
}
