//! Which federation protocol reaches a remote account, and the protocol-tagged facts we
//! keep about it. Core treats these facts as opaque: only the matching adapter reads the
//! keys and URIs (architecture invariant 2, "remote accounts carry their protocol").

use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    ActivityPub,
    Versia,
}

impl Protocol {
    pub const ALL: [Protocol; 2] = [Protocol::ActivityPub, Protocol::Versia];

    /// The stable name stored in databases and written in config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::ActivityPub => "activitypub",
            Protocol::Versia => "versia",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Protocol {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "activitypub" => Ok(Protocol::ActivityPub),
            "versia" => Ok(Protocol::Versia),
            other => Err(CoreError::invalid(
                "protocol",
                format!("{other:?} is not one of activitypub, versia"),
            )),
        }
    }
}

/// A public key a remote party signs with, as the protocol published it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key's id: an ActivityPub `keyId` URL, or the Versia instance domain.
    pub key_id: String,
    /// `rsa-sha256`, `ed25519`, ...
    pub algorithm: String,
    /// The key as published: PEM for ActivityPub, base64 SPKI for Versia.
    pub material: String,
}

/// Everything needed to reach a remote account with its protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederationFacts {
    pub protocol: Protocol,
    /// The canonical id of the account in its protocol: the AP actor id, or the Versia
    /// reference `domain:id`.
    pub uri: String,
    /// Personal inbox. For Versia it is the instance inbox.
    pub inbox: String,
    /// Shared inbox, when the remote server offers one.
    pub shared_inbox: Option<String>,
    /// Human-facing profile page.
    pub url: Option<String>,
    pub outbox: Option<String>,
    /// The followers collection id (ActivityPub addresses followers-only notes to it).
    pub followers: Option<String>,
    pub public_keys: Vec<PublicKey>,
}

impl FederationFacts {
    /// Where a delivery meant for many recipients on this account's server should go:
    /// the shared inbox if any, else the personal one.
    pub fn preferred_inbox(&self) -> &str {
        self.shared_inbox.as_deref().unwrap_or(&self.inbox)
    }
}
