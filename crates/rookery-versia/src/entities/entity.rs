//! [`Entity`]: any body that may arrive in the inbox, dispatched on its `type`
//! (versia.md §4 E5, §9.3).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{
    Delete, DeleteTag, Dislike, DislikeTag, Follow, FollowAccept, FollowAcceptTag, FollowReject,
    FollowRejectTag, FollowTag, Like, LikeTag, Note, NoteTag, Reaction, ReactionTag, Reference,
    Report, ReportTag, Share, ShareTag, Unfollow, UnfollowTag, User, UserTag, Vote, VoteTag,
};
use crate::json::{self, JsonError};

#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    User(Box<User>),
    Note(Box<Note>),
    Follow(Follow),
    FollowAccept(FollowAccept),
    FollowReject(FollowReject),
    Unfollow(Unfollow),
    Delete(Delete),
    Like(Like),
    Dislike(Dislike),
    Share(Share),
    Reaction(Reaction),
    Vote(Vote),
    Report(Report),
}

/// Why an inbox body is not an entity we understand. All are 422 material; for
/// [`EntityError::UnknownType`] the caller may instead accept and drop (§9.3 [REC]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityError {
    #[error(transparent)]
    Json(#[from] JsonError),
    #[error("body is not an object with a string \"type\"")]
    MissingType,
    #[error("unsupported entity type {0:?}")]
    UnknownType(String),
    #[error("invalid {entity_type}: {reason}")]
    Shape { entity_type: String, reason: String },
}

impl Entity {
    /// Strictly parses raw inbox bytes (call only after the signature verified, §3.5
    /// step 6): the strict scan (duplicate keys, number range), then dispatch on `type`.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, EntityError> {
        json::check_strict(bytes)?;
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| JsonError::Syntax(e.to_string()))?;
        Self::from_value(value)
    }

    /// Dispatches an already-parsed value. Duplicate keys are no longer visible in a
    /// `Value`; use [`Entity::from_slice`] on raw input.
    pub fn from_value(value: Value) -> Result<Self, EntityError> {
        let entity_type = value
            .get("type")
            .and_then(Value::as_str)
            .ok_or(EntityError::MissingType)?
            .to_owned();
        let t = entity_type.as_str();
        Ok(match t {
            UserTag::NAME => Entity::User(Box::new(typed(t, value)?)),
            NoteTag::NAME => Entity::Note(Box::new(typed(t, value)?)),
            FollowTag::NAME => Entity::Follow(typed(t, value)?),
            FollowAcceptTag::NAME => Entity::FollowAccept(typed(t, value)?),
            FollowRejectTag::NAME => Entity::FollowReject(typed(t, value)?),
            UnfollowTag::NAME => Entity::Unfollow(typed(t, value)?),
            DeleteTag::NAME => Entity::Delete(typed(t, value)?),
            LikeTag::NAME => Entity::Like(typed(t, value)?),
            DislikeTag::NAME => Entity::Dislike(typed(t, value)?),
            ShareTag::NAME | "pub.versia:shares/Share" => Entity::Share(typed(t, value)?),
            ReactionTag::NAME => Entity::Reaction(typed(t, value)?),
            VoteTag::NAME => Entity::Vote(typed(t, value)?),
            ReportTag::NAME => Entity::Report(typed(t, value)?),
            _ => return Err(EntityError::UnknownType(entity_type)),
        })
    }

    /// The canonical `type` string.
    pub fn type_name(&self) -> &'static str {
        match self {
            Entity::User(_) => UserTag::NAME,
            Entity::Note(_) => NoteTag::NAME,
            Entity::Follow(_) => FollowTag::NAME,
            Entity::FollowAccept(_) => FollowAcceptTag::NAME,
            Entity::FollowReject(_) => FollowRejectTag::NAME,
            Entity::Unfollow(_) => UnfollowTag::NAME,
            Entity::Delete(_) => DeleteTag::NAME,
            Entity::Like(_) => LikeTag::NAME,
            Entity::Dislike(_) => DislikeTag::NAME,
            Entity::Share(_) => ShareTag::NAME,
            Entity::Reaction(_) => ReactionTag::NAME,
            Entity::Vote(_) => VoteTag::NAME,
            Entity::Report(_) => ReportTag::NAME,
        }
    }

    /// Transient entities have no id and cannot be fetched (versia.md §1, §6.4).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Entity::Follow(_)
                | Entity::FollowAccept(_)
                | Entity::FollowReject(_)
                | Entity::Unfollow(_)
                | Entity::Delete(_)
                | Entity::Report(_)
        )
    }

    /// The entity's `id`; for transient entities, the (forbidden) id if one was sent.
    pub fn id(&self) -> Option<&str> {
        match self {
            Entity::User(e) => Some(&e.id),
            Entity::Note(e) => Some(&e.id),
            Entity::Like(e) => Some(&e.id),
            Entity::Dislike(e) => Some(&e.id),
            Entity::Share(e) => Some(&e.id),
            Entity::Reaction(e) => Some(&e.id),
            Entity::Vote(e) => Some(&e.id),
            Entity::Follow(e) => e.id.as_deref(),
            Entity::FollowAccept(e) => e.id.as_deref(),
            Entity::FollowReject(e) => e.id.as_deref(),
            Entity::Unfollow(e) => e.id.as_deref(),
            Entity::Delete(e) => e.id.as_deref(),
            Entity::Report(e) => e.id.as_deref(),
        }
    }

    pub fn created_at(&self) -> &str {
        match self {
            Entity::User(e) => &e.created_at,
            Entity::Note(e) => &e.created_at,
            Entity::Follow(e) => &e.created_at,
            Entity::FollowAccept(e) => &e.created_at,
            Entity::FollowReject(e) => &e.created_at,
            Entity::Unfollow(e) => &e.created_at,
            Entity::Delete(e) => &e.created_at,
            Entity::Like(e) => &e.created_at,
            Entity::Dislike(e) => &e.created_at,
            Entity::Share(e) => &e.created_at,
            Entity::Reaction(e) => &e.created_at,
            Entity::Vote(e) => &e.created_at,
            Entity::Report(e) => &e.created_at,
        }
    }

    /// The acting user (`author`), if the entity has one. A User has none: it is its
    /// own subject.
    pub fn author(&self) -> Option<&Reference> {
        match self {
            Entity::User(_) => None,
            Entity::Note(e) => Some(&e.author),
            Entity::Follow(e) => Some(&e.author),
            Entity::FollowAccept(e) => Some(&e.author),
            Entity::FollowReject(e) => Some(&e.author),
            Entity::Unfollow(e) => Some(&e.author),
            Entity::Delete(e) => Some(&e.author),
            Entity::Like(e) => Some(&e.author),
            Entity::Dislike(e) => Some(&e.author),
            Entity::Share(e) => Some(&e.author),
            Entity::Reaction(e) => Some(&e.author),
            Entity::Vote(e) => Some(&e.author),
            Entity::Report(e) => e.author.as_ref(),
        }
    }
}

fn typed<T: DeserializeOwned>(entity_type: &str, value: Value) -> Result<T, EntityError> {
    serde_json::from_value(value).map_err(|e| EntityError::Shape {
        entity_type: entity_type.to_owned(),
        reason: e.to_string(),
    })
}

impl Serialize for Entity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Entity::User(e) => e.serialize(serializer),
            Entity::Note(e) => e.serialize(serializer),
            Entity::Follow(e) => e.serialize(serializer),
            Entity::FollowAccept(e) => e.serialize(serializer),
            Entity::FollowReject(e) => e.serialize(serializer),
            Entity::Unfollow(e) => e.serialize(serializer),
            Entity::Delete(e) => e.serialize(serializer),
            Entity::Like(e) => e.serialize(serializer),
            Entity::Dislike(e) => e.serialize(serializer),
            Entity::Share(e) => e.serialize(serializer),
            Entity::Reaction(e) => e.serialize(serializer),
            Entity::Vote(e) => e.serialize(serializer),
            Entity::Report(e) => e.serialize(serializer),
        }
    }
}

/// Through a `Value`, so use it for nested data (collection items); raw bodies go
/// through [`Entity::from_slice`] for the duplicate-key check.
impl<'de> Deserialize<'de> for Entity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Entity::from_value(value).map_err(serde::de::Error::custom)
    }
}
