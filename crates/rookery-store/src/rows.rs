//! Row <-> core mapping: the column lists each query selects and the functions that
//! turn rows back into core types. Stored enums are their core `as_str` names.

use std::collections::HashMap;

use rookery_core::auth::AccessToken;
use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Note, NoteId, NotificationId, Origin,
    Profile, Protocol, PublicKey, Timestamp, TokenId, Visibility,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use sqlx::Row;

use crate::error::{corrupt, StoreError};
use crate::sql::{get_bool, placeholders};

pub(crate) const ACCOUNT_COLUMNS: &str = "a.id, a.username, a.domain, a.display_name, \
    a.note, a.locked, a.bot, a.discoverable, a.protocol, a.uri, a.inbox, a.shared_inbox, \
    a.url, a.outbox, a.followers_url, a.created_at, a.updated_at, a.avatar_url, a.header_url, \
    a.profile_fields, a.profile_emojis, a.profile_vanity";

pub(crate) const NOTE_COLUMNS: &str = "n.id, n.author_id, n.uri, n.url, n.content_html, \
    n.source, n.content_warning, n.sensitive, n.language, n.in_reply_to_id, \
    n.in_reply_to_account_id, n.visibility, n.created_at, n.edited_at";

pub(crate) const FOLLOW_COLUMNS: &str =
    "f.id, f.follower_id, f.followee_id, f.state, f.uri, f.show_reblogs, f.notify, f.created_at";

pub(crate) const NOTIFICATION_COLUMNS: &str =
    "x.id, x.recipient_id, x.from_id, x.kind, x.note_id, x.created_at";

pub(crate) const TOKEN_COLUMNS: &str =
    "t.id, t.account_id, t.token_sha256, t.scopes, t.app_name, t.created_at";

fn ts(row: &AnyRow, column: &str) -> Result<Timestamp, StoreError> {
    Ok(Timestamp::from_millis(row.try_get(column)?))
}

fn opt_ts(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(Timestamp::from_millis))
}

/// An account without its public keys; [`load_keys`] adds them.
pub(crate) fn account(row: &AnyRow) -> Result<Account, StoreError> {
    let domain = match row.try_get::<Option<String>, _>("domain")? {
        None => None,
        Some(d) => Some(Domain::parse(&d).map_err(|e| corrupt("account domain", e))?),
    };
    let origin = match row.try_get::<Option<String>, _>("protocol")? {
        None => Origin::Local,
        Some(p) => {
            let protocol: Protocol = p.parse().map_err(|e| corrupt("account protocol", e))?;
            let uri: Option<String> = row.try_get("uri")?;
            let inbox: Option<String> = row.try_get("inbox")?;
            Origin::Remote(Box::new(FederationFacts {
                protocol,
                uri: uri.ok_or_else(|| corrupt("remote account", "no uri"))?,
                inbox: inbox.ok_or_else(|| corrupt("remote account", "no inbox"))?,
                shared_inbox: row.try_get("shared_inbox")?,
                url: row.try_get("url")?,
                outbox: row.try_get("outbox")?,
                followers: row.try_get("followers_url")?,
                public_keys: Vec::new(),
            }))
        }
    };
    Ok(Account {
        id: AccountId::from_i64(row.try_get("id")?),
        username: row.try_get("username")?,
        domain,
        display_name: row.try_get("display_name")?,
        note: row.try_get("note")?,
        locked: get_bool(row, "locked")?,
        bot: get_bool(row, "bot")?,
        discoverable: get_bool(row, "discoverable")?,
        profile: Profile {
            avatar: row.try_get("avatar_url")?,
            header: row.try_get("header_url")?,
            fields: crate::profile_json::decode(&row.try_get::<String, _>("profile_fields")?)?,
            emojis: crate::emojis::decode_profile_emojis(
                &row.try_get::<String, _>("profile_emojis")?,
            )?,
            vanity: crate::vanity_json::decode(&row.try_get::<String, _>("profile_vanity")?)?,
        },
        origin,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// Fills in the public keys of the remote accounts among `accounts`.
pub(crate) async fn load_keys(
    conn: &mut AnyConnection,
    accounts: &mut [Account],
) -> Result<(), StoreError> {
    let remote: Vec<i64> = accounts
        .iter()
        .filter(|a| !a.is_local())
        .map(|a| a.id.as_i64())
        .collect();
    if remote.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT account_id, key_id, algorithm, material FROM account_keys \
         WHERE account_id IN ({}) ORDER BY account_id, position",
        placeholders(1, remote.len())
    );
    let mut query = sqlx::query(&sql);
    for id in &remote {
        query = query.bind(*id);
    }
    let mut keys: HashMap<i64, Vec<PublicKey>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        keys.entry(row.try_get("account_id")?)
            .or_default()
            .push(PublicKey {
                key_id: row.try_get("key_id")?,
                algorithm: row.try_get("algorithm")?,
                material: row.try_get("material")?,
            });
    }
    for account in accounts.iter_mut() {
        if let Origin::Remote(facts) = &mut account.origin {
            facts.public_keys = keys.remove(&account.id.as_i64()).unwrap_or_default();
        }
    }
    Ok(())
}

/// A note without its mentions, attachments and tags; [`load_mentions`] and
/// `note_parts::load_parts` add them.
pub(crate) fn note(row: &AnyRow) -> Result<Note, StoreError> {
    let visibility: String = row.try_get("visibility")?;
    Ok(Note {
        id: NoteId::from_i64(row.try_get("id")?),
        author: AccountId::from_i64(row.try_get("author_id")?),
        uri: row.try_get("uri")?,
        url: row.try_get("url")?,
        content_html: row.try_get("content_html")?,
        source: row.try_get("source")?,
        content_warning: row.try_get("content_warning")?,
        sensitive: get_bool(row, "sensitive")?,
        language: row.try_get("language")?,
        in_reply_to: row
            .try_get::<Option<i64>, _>("in_reply_to_id")?
            .map(NoteId::from_i64),
        in_reply_to_account: row
            .try_get::<Option<i64>, _>("in_reply_to_account_id")?
            .map(AccountId::from_i64),
        mentions: Vec::new(),
        attachments: Vec::new(),
        tags: Vec::new(),
        visibility: visibility
            .parse::<Visibility>()
            .map_err(|e| corrupt("note visibility", e))?,
        created_at: ts(row, "created_at")?,
        edited_at: opt_ts(row, "edited_at")?,
    })
}

/// Fills in the mentions of `notes` with one query.
pub(crate) async fn load_mentions(
    conn: &mut AnyConnection,
    notes: &mut [Note],
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT note_id, account_id FROM note_mentions WHERE note_id IN ({}) \
         ORDER BY note_id, account_id",
        placeholders(1, notes.len())
    );
    let mut query = sqlx::query(&sql);
    for n in notes.iter() {
        query = query.bind(n.id.as_i64());
    }
    let mut mentions: HashMap<i64, Vec<AccountId>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        mentions
            .entry(row.try_get("note_id")?)
            .or_default()
            .push(AccountId::from_i64(row.try_get("account_id")?));
    }
    for n in notes.iter_mut() {
        n.mentions = mentions.remove(&n.id.as_i64()).unwrap_or_default();
    }
    Ok(())
}

pub(crate) fn follow(row: &AnyRow) -> Result<Follow, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(Follow {
        id: FollowId::from_i64(row.try_get("id")?),
        follower: AccountId::from_i64(row.try_get("follower_id")?),
        followee: AccountId::from_i64(row.try_get("followee_id")?),
        state: FollowState::parse(&state).ok_or_else(|| corrupt("follow state", &state))?,
        uri: row.try_get("uri")?,
        show_reblogs: get_bool(row, "show_reblogs")?,
        notify: get_bool(row, "notify")?,
        created_at: ts(row, "created_at")?,
    })
}

pub(crate) fn notification(row: &AnyRow) -> Result<Notification, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(Notification {
        id: NotificationId::from_i64(row.try_get("id")?),
        recipient: AccountId::from_i64(row.try_get("recipient_id")?),
        from: AccountId::from_i64(row.try_get("from_id")?),
        kind: NotificationKind::parse(&kind).ok_or_else(|| corrupt("notification kind", &kind))?,
        note: row
            .try_get::<Option<i64>, _>("note_id")?
            .map(NoteId::from_i64),
        created_at: ts(row, "created_at")?,
    })
}

pub(crate) fn token(row: &AnyRow) -> Result<AccessToken, StoreError> {
    Ok(AccessToken {
        id: TokenId::from_i64(row.try_get("id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        token_sha256: row.try_get("token_sha256")?,
        scopes: row.try_get("scopes")?,
        app_name: row.try_get("app_name")?,
        created_at: ts(row, "created_at")?,
    })
}
