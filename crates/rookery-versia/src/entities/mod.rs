//! Versia v0.6 wire types (versia.md §6–§10), serde only; rules live in `validate`.
//!
//! JSON conventions (§6.1, §13): top-level optional entity fields are `Option<T>`
//! serialized as `null` when unset, and accepted both as `null` and omitted on input;
//! ContentFormat entries and extension objects omit unset keys instead. Unknown
//! top-level keys and unknown `extensions` keys are ignored (tolerant reading, §6.4,
//! §9.3). Duplicate keys are refused: struct fields by `derive(Deserialize)`, maps by
//! [`crate::json::OrderedMap`], everything else by the strict scan in
//! [`crate::json::from_slice`] / [`Entity::from_slice`].

mod collection;
mod content_format;
mod delete;
mod entity;
pub mod extensions;
mod follow;
mod instance;
mod note;
mod reference;
mod tag;
mod user;

pub use collection::{Collection, UriCollection};
pub use content_format::{is_text_mime, ContentEntry, ContentFormat};
pub use delete::{Delete, DeleteTag};
pub use entity::{Entity, EntityError};
pub use extensions::likes::{Dislike, DislikeTag, Like, LikeTag};
pub use extensions::polls::{Poll, Vote, VoteTag};
pub use extensions::reactions::{Reaction, ReactionTag};
pub use extensions::reports::{Report, ReportTag};
pub use extensions::share::{Share, ShareTag};
pub use extensions::{
    CustomEmoji, CustomEmojis, Extensions, InstanceExtensions, InstanceMessaging, NoteExtensions,
    Pronoun, UserExtensions, Vanity,
};
pub use follow::{
    Follow, FollowAccept, FollowAcceptTag, FollowReject, FollowRejectTag, FollowTag, Unfollow,
    UnfollowTag,
};
pub use instance::{
    Compatibility, InstanceMetadata, InstanceMetadataTag, InstancePublicKeyInfo, Software,
};
pub use note::{Category, Device, LinkPreview, Note, NoteGroup, NoteTag};
pub use reference::{Reference, ReferenceError};
pub use user::{Field, User, UserTag};

/// The longest entity id the reference accepts (versia.md §6.4 [REF]).
pub const MAX_ID_LEN: usize = 512;

/// Entity ids: 1 to 512 of `A-Z a-z 0-9 _ -` (versia.md §6.4).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
