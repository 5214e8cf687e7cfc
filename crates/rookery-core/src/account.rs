//! Accounts, local and remote.

use crate::id::AccountId;
use crate::names::Domain;
use crate::profile::Profile;
use crate::protocol::FederationFacts;
use crate::time::Timestamp;

/// Who the account belongs to: this server, or a remote one reached by a protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Local,
    Remote(Box<FederationFacts>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// As the account's server spells it. Local ones are valid [`crate::Username`]s.
    pub username: String,
    /// `None` for local accounts.
    pub domain: Option<Domain>,
    pub display_name: String,
    /// Biography as sanitized HTML.
    pub note: String,
    /// "Manually approves followers": follows become requests.
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    /// Avatar, header and profile fields.
    pub profile: Profile,
    pub origin: Origin,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Account {
    pub fn is_local(&self) -> bool {
        matches!(self.origin, Origin::Local)
    }

    pub fn federation(&self) -> Option<&FederationFacts> {
        match &self.origin {
            Origin::Local => None,
            Origin::Remote(facts) => Some(facts),
        }
    }

    /// `user` for local accounts, `user@domain` for remote ones (Mastodon's `acct`).
    pub fn acct(&self) -> String {
        match &self.domain {
            None => self.username.clone(),
            Some(d) => format!("{}@{}", self.username, d),
        }
    }
}

/// The login side of a local account. Kept apart from [`Account`] so that nothing that
/// renders accounts ever holds a password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalCredentials {
    pub account_id: AccountId,
    /// A PHC string (argon2id).
    pub password_hash: String,
    pub admin: bool,
}
