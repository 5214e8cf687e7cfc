//! One account per remote (username, domain) across both protocols (architecture
//! invariant 2; FEDERATION.md "Both protocols"). The `accounts` row keeps the facts of
//! the protocol core's `primary_protocol` picks; the other protocol's id, facts and keys
//! are an alias (`account_aliases`, `account_alias_keys`). By id or handle an account
//! has its primary facts; by uri it has the facts of the protocol that uri belongs to,
//! so each adapter sees the account as its own protocol knows it.

use rookery_core::{primary_protocol, Account, AccountId, FederationFacts, Origin, PublicKey};
use sqlx::{AnyConnection, Row};

use crate::accounts::{accounts_by_ids, replace_keys};
use crate::error::{corrupt, StoreError};
use crate::tx::StoreTx;

/// The account whose alias is `uri`, carrying that alias's facts and keys.
pub(crate) async fn account_by_alias(
    conn: &mut AnyConnection,
    uri: &str,
) -> Result<Option<Account>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT account_id, protocol, inbox, shared_inbox, url, outbox, followers_url \
         FROM account_aliases WHERE uri = $1",
    )
    .bind(uri)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("account_id")?;
    let protocol: String = row.try_get("protocol")?;
    let facts = FederationFacts {
        protocol: protocol.parse().map_err(|e| corrupt("alias protocol", e))?,
        uri: uri.to_owned(),
        inbox: row.try_get("inbox")?,
        shared_inbox: row.try_get("shared_inbox")?,
        url: row.try_get("url")?,
        outbox: row.try_get("outbox")?,
        followers: row.try_get("followers_url")?,
        public_keys: alias_keys(conn, uri).await?,
    };
    let Some(mut account) = accounts_by_ids(conn, &[id]).await?.remove(&id) else {
        return Ok(None);
    };
    account.origin = Origin::Remote(Box::new(facts));
    Ok(Some(account))
}

async fn alias_keys(conn: &mut AnyConnection, uri: &str) -> Result<Vec<PublicKey>, StoreError> {
    let rows = sqlx::query(
        "SELECT key_id, algorithm, material FROM account_alias_keys \
         WHERE alias_uri = $1 ORDER BY position",
    )
    .bind(uri)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PublicKey {
                key_id: row.try_get("key_id")?,
                algorithm: row.try_get("algorithm")?,
                material: row.try_get("material")?,
            })
        })
        .collect()
}

async fn alias_owner(conn: &mut AnyConnection, uri: &str) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT account_id FROM account_aliases WHERE uri = $1")
        .bind(uri)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.try_get("account_id")).transpose()?)
}

async fn is_primary_uri(conn: &mut AnyConnection, uri: &str) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT id FROM accounts WHERE uri = $1")
        .bind(uri)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// The stored account `incoming` is the other protocol's identity of: the same handle,
/// stored under another protocol, with no id in `incoming`'s protocol yet (a second id
/// in one protocol is another actor, not this person).
async fn twin(
    conn: &mut AnyConnection,
    incoming: &Account,
    facts: &FederationFacts,
) -> Result<Option<i64>, StoreError> {
    let Some(domain) = &incoming.domain else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT a.id FROM accounts a WHERE a.username_key = $1 AND a.domain = $2 \
         AND a.protocol IS NOT NULL AND a.protocol <> $3 AND NOT EXISTS \
         (SELECT 1 FROM account_aliases al WHERE al.account_id = a.id AND al.protocol = $3) \
         ORDER BY a.updated_at DESC, a.id LIMIT 1",
    )
    .bind(incoming.username.to_ascii_lowercase())
    .bind(domain.as_str().to_ascii_lowercase())
    .bind(facts.protocol.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// Makes `facts` the alias of `account_id` in its protocol, replacing any alias that
/// account had in that protocol.
async fn write_alias(
    conn: &mut AnyConnection,
    account_id: i64,
    facts: &FederationFacts,
    updated_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM account_aliases WHERE (account_id = $1 AND protocol = $2) OR uri = $3",
    )
    .bind(account_id)
    .bind(facts.protocol.as_str())
    .bind(facts.uri.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO account_aliases (uri, account_id, protocol, inbox, shared_inbox, url, \
         outbox, followers_url, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(facts.uri.as_str())
    .bind(account_id)
    .bind(facts.protocol.as_str())
    .bind(facts.inbox.as_str())
    .bind(facts.shared_inbox.as_deref())
    .bind(facts.url.as_deref())
    .bind(facts.outbox.as_deref())
    .bind(facts.followers.as_deref())
    .bind(updated_at)
    .execute(&mut *conn)
    .await?;
    for (position, key) in facts.public_keys.iter().enumerate() {
        sqlx::query(
            "INSERT INTO account_alias_keys (alias_uri, position, key_id, algorithm, material) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(facts.uri.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(key.key_id.as_str())
        .bind(key.algorithm.as_str())
        .bind(key.material.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Makes `facts` the account's own federation facts and keys.
async fn write_primary(
    conn: &mut AnyConnection,
    account_id: i64,
    facts: &FederationFacts,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET protocol = $1, uri = $2, inbox = $3, shared_inbox = $4, url = $5, \
         outbox = $6, followers_url = $7 WHERE id = $8",
    )
    .bind(facts.protocol.as_str())
    .bind(facts.uri.as_str())
    .bind(facts.inbox.as_str())
    .bind(facts.shared_inbox.as_deref())
    .bind(facts.url.as_deref())
    .bind(facts.outbox.as_deref())
    .bind(facts.followers.as_deref())
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    replace_keys(conn, account_id, &facts.public_keys).await
}

/// The profile is the person's, whichever protocol told us last.
async fn write_profile(
    conn: &mut AnyConnection,
    account_id: i64,
    account: &Account,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET username = $1, display_name = $2, note = $3, locked = $4, \
         bot = $5, discoverable = $6, updated_at = $7, avatar_url = $8, header_url = $9, \
         profile_fields = $10, profile_emojis = $11, profile_vanity = $12 WHERE id = $13",
    )
    .bind(account.username.as_str())
    .bind(account.display_name.as_str())
    .bind(account.note.as_str())
    .bind(account.locked)
    .bind(account.bot)
    .bind(account.discoverable)
    .bind(account.updated_at.as_millis())
    .bind(account.profile.avatar.as_deref())
    .bind(account.profile.header.as_deref())
    .bind(crate::profile_json::encode(&account.profile.fields))
    .bind(crate::emojis::encode_profile_emojis(
        &account.profile.emojis,
    ))
    .bind(crate::vanity_json::encode(&account.profile.vanity))
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl StoreTx {
    /// Stores `incoming` (remote) as the other protocol's identity of an account we
    /// have: the account its uri is an alias of, or the one with its handle reached by
    /// the other protocol. The account keeps its id; its own facts become those of the
    /// protocol `primary_protocol` picks, the other protocol's become the alias.
    /// `None` when `incoming` is no such identity (the caller upserts it by uri).
    pub(crate) async fn merge_other_protocol(
        &mut self,
        incoming: &Account,
        facts: &FederationFacts,
    ) -> Result<Option<AccountId>, StoreError> {
        let owner = match alias_owner(self.conn(), &facts.uri).await? {
            Some(id) => Some(id),
            None if is_primary_uri(self.conn(), &facts.uri).await? => None,
            None => twin(self.conn(), incoming, facts).await?,
        };
        let Some(id) = owner else {
            return Ok(None);
        };
        let Some(stored) = accounts_by_ids(self.conn(), &[id]).await?.remove(&id) else {
            return Ok(None);
        };
        let Some(stored_facts) = stored.federation() else {
            return Err(StoreError::Conflict(
                "a local account has no federation aliases".into(),
            ));
        };
        let kept = primary_protocol(self.preference(), stored_facts.protocol, facts.protocol);
        let updated_at = incoming.updated_at.as_millis();
        if kept == stored_facts.protocol {
            write_alias(self.conn(), id, facts, updated_at).await?;
        } else {
            sqlx::query("DELETE FROM account_aliases WHERE uri = $1")
                .bind(facts.uri.as_str())
                .execute(self.conn())
                .await?;
            write_alias(self.conn(), id, stored_facts, updated_at).await?;
            write_primary(self.conn(), id, facts).await?;
        }
        write_profile(self.conn(), id, incoming).await?;
        Ok(Some(AccountId::from_i64(id)))
    }
}
