//! Builders shared by the rule tests: terse local and remote accounts and notes.

use crate::account::{Account, Origin};
use crate::id::{AccountId, NoteId};
use crate::names::Domain;
use crate::note::{Note, Visibility};
use crate::protocol::{FederationFacts, Protocol};
use crate::time::Timestamp;

pub fn id(n: i64) -> AccountId {
    AccountId::from_i64(n)
}

fn account(n: i64, domain: Option<&str>, origin: Origin) -> Account {
    Account {
        id: id(n),
        username: format!("user{n}"),
        domain: domain.map(|d| Domain::parse(d).unwrap()),
        display_name: String::new(),
        note: String::new(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin,
        created_at: Timestamp::from_millis(0),
        updated_at: Timestamp::from_millis(0),
    }
}

pub fn local(n: i64) -> Account {
    account(n, None, Origin::Local)
}

pub fn locked(mut account: Account) -> Account {
    account.locked = true;
    account
}

/// An ActivityPub account on `host` with a personal inbox and, if given, a shared one.
pub fn remote_ap(n: i64, host: &str, shared_inbox: Option<&str>) -> Account {
    let facts = FederationFacts {
        protocol: Protocol::ActivityPub,
        uri: format!("https://{host}/users/user{n}"),
        inbox: format!("https://{host}/users/user{n}/inbox"),
        shared_inbox: shared_inbox.map(str::to_owned),
        url: None,
        outbox: None,
        followers: None,
        public_keys: Vec::new(),
    };
    account(n, Some(host), Origin::Remote(Box::new(facts)))
}

/// A Versia account: its inbox is the instance inbox (versia.md §9.2).
pub fn remote_versia(n: i64, host: &str) -> Account {
    let facts = FederationFacts {
        protocol: Protocol::Versia,
        uri: format!("{host}:user{n}"),
        inbox: format!("https://{host}/.versia/v0.6/inbox"),
        shared_inbox: None,
        url: None,
        outbox: None,
        followers: None,
        public_keys: Vec::new(),
    };
    account(n, Some(host), Origin::Remote(Box::new(facts)))
}

pub fn note(author: AccountId, visibility: Visibility, mentions: &[AccountId]) -> Note {
    Note {
        id: NoteId::from_i64(1000),
        author,
        uri: None,
        url: None,
        content_html: String::new(),
        source: String::new(),
        content_warning: String::new(),
        sensitive: false,
        language: None,
        in_reply_to: None,
        in_reply_to_account: None,
        mentions: mentions.to_vec(),
        attachments: Vec::new(),
        tags: Vec::new(),
        visibility,
        created_at: Timestamp::from_millis(0),
        edited_at: None,
    }
}

pub fn reply(mut note: Note, to: AccountId) -> Note {
    note.in_reply_to = Some(NoteId::from_i64(999));
    note.in_reply_to_account = Some(to);
    note
}
