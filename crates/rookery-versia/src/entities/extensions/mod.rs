//! Extensions (versia.md §10): the `extensions` objects of each entity, and the extension
//! entity types in the submodules.
//!
//! Only the keys we understand are modelled; any other key is ignored on input, as the
//! spec requires (§9.3: unknown extensions MUST NOT cause an error). Unset extensions
//! are omitted rather than written as `null`.

mod custom_emojis;
pub mod likes;
pub mod polls;
pub mod reactions;
pub mod reports;
pub mod share;
mod vanity;

use serde::{Deserialize, Serialize};

pub use custom_emojis::{CustomEmoji, CustomEmojis};
pub use polls::Poll;
pub use vanity::{Pronoun, Vanity};

pub const CUSTOM_EMOJIS: &str = "pub.versia:custom_emojis";
pub const LIKES: &str = "pub.versia:likes";
pub const SHARE: &str = "pub.versia:share";
pub const REACTIONS: &str = "pub.versia:reactions";
pub const POLLS: &str = "pub.versia:polls";
pub const REPORTS: &str = "pub.versia:reports";
pub const VANITY: &str = "pub.versia:vanity";
pub const INSTANCE_MESSAGING: &str = "pub.versia:instance_messaging";

/// `extensions` of entities whose only known extension is custom emojis (Follow,
/// Delete, Like, Reaction, ...).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extensions {
    #[serde(
        rename = "pub.versia:custom_emojis",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_emojis: Option<CustomEmojis>,
}

/// `extensions` of a User.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UserExtensions {
    #[serde(
        rename = "pub.versia:custom_emojis",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_emojis: Option<CustomEmojis>,
    #[serde(
        rename = "pub.versia:vanity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vanity: Option<Vanity>,
}

/// `extensions` of a Note.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NoteExtensions {
    #[serde(
        rename = "pub.versia:custom_emojis",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_emojis: Option<CustomEmojis>,
    #[serde(
        rename = "pub.versia:polls",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub poll: Option<Poll>,
}

/// `extensions` of InstanceMetadata.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceExtensions {
    #[serde(
        rename = "pub.versia:instance_messaging",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_messaging: Option<InstanceMessaging>,
}

/// The v0.5 way to advertise the messaging endpoint, still the only one the reference
/// reads (§10.4 [REF]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceMessaging {
    pub endpoint: String,
}
