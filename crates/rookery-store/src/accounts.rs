//! Accounts: local ones with their credentials, remote ones keyed by federation URI
//! (one per handle across both protocols: see `aliases`).

use std::collections::HashMap;

use rookery_core::ports::AccountCounts;
use rookery_core::{Account, AccountId, LocalCredentials, Origin, PublicKey};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::AnyConnection;
use sqlx::{Any, Row};

use crate::aliases::account_by_alias;
use crate::backend::Backend;
use crate::error::StoreError;
use crate::rows::{self, ACCOUNT_COLUMNS};
use crate::sql::{get_bool, get_count, placeholders};
use crate::store::Store;
use crate::tx::StoreTx;

const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, username, username_key, domain, \
    display_name, note, locked, bot, discoverable, protocol, uri, inbox, shared_inbox, url, \
    outbox, followers_url, created_at, updated_at, avatar_url, header_url, profile_fields, \
    profile_emojis, profile_vanity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
    $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)";

/// Binds an account's columns in the order of [`INSERT_ACCOUNT`].
fn bind_account<'q>(sql: &'q str, account: &'q Account) -> Query<'q, Any, AnyArguments<'q>> {
    let facts = account.federation();
    sqlx::query(sql)
        .bind(account.id.as_i64())
        .bind(account.username.as_str())
        .bind(account.username.to_ascii_lowercase())
        .bind(account.domain.as_ref().map(|d| d.as_str().to_owned()))
        .bind(account.display_name.as_str())
        .bind(account.note.as_str())
        .bind(account.locked)
        .bind(account.bot)
        .bind(account.discoverable)
        .bind(facts.map(|f| f.protocol.as_str()))
        .bind(facts.map(|f| f.uri.as_str()))
        .bind(facts.map(|f| f.inbox.as_str()))
        .bind(facts.and_then(|f| f.shared_inbox.as_deref()))
        .bind(facts.and_then(|f| f.url.as_deref()))
        .bind(facts.and_then(|f| f.outbox.as_deref()))
        .bind(facts.and_then(|f| f.followers.as_deref()))
        .bind(account.created_at.as_millis())
        .bind(account.updated_at.as_millis())
        .bind(account.profile.avatar.as_deref())
        .bind(account.profile.header.as_deref())
        .bind(crate::profile_json::encode(&account.profile.fields))
        .bind(crate::emojis::encode_profile_emojis(
            &account.profile.emojis,
        ))
        .bind(crate::vanity_json::encode(&account.profile.vanity))
}

/// Local accounts are exactly those without a domain (the unique username index covers
/// `domain IS NULL`); remote ones must have one.
fn check_shape(account: &Account) -> Result<(), StoreError> {
    match (&account.origin, &account.domain) {
        (Origin::Local, None) | (Origin::Remote(_), Some(_)) => Ok(()),
        (Origin::Local, Some(_)) => Err(StoreError::Conflict(
            "a local account must not have a domain".into(),
        )),
        (Origin::Remote(_), None) => Err(StoreError::Conflict(
            "a remote account needs a domain".into(),
        )),
    }
}

fn is_username_clash(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                && (db.constraint().is_some_and(|c| c.contains("username"))
                    || db.message().contains("username"))
        }
        _ => false,
    }
}

async fn fetch_accounts(
    conn: &mut AnyConnection,
    where_clause: &str,
    binds: &[&str],
    ids: &[i64],
) -> Result<Vec<Account>, StoreError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE {where_clause}");
    let mut query = sqlx::query(&sql);
    for b in binds {
        query = query.bind(*b);
    }
    for id in ids {
        query = query.bind(*id);
    }
    let mut accounts = query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rows::account)
        .collect::<Result<Vec<_>, _>>()?;
    rows::load_keys(conn, &mut accounts).await?;
    Ok(accounts)
}

/// Replaces a remote account's public keys.
pub(crate) async fn replace_keys(
    conn: &mut AnyConnection,
    account_id: i64,
    keys: &[PublicKey],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM account_keys WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for (position, key) in keys.iter().enumerate() {
        sqlx::query(
            "INSERT INTO account_keys (account_id, position, key_id, algorithm, material) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(account_id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(key.key_id.as_str())
        .bind(key.algorithm.as_str())
        .bind(key.material.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The accounts among `ids`, by id, read on `conn`.
pub(crate) async fn accounts_by_ids(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Account>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let clause = format!("a.id IN ({})", placeholders(1, ids.len()));
    let accounts = fetch_accounts(conn, &clause, &[], ids).await?;
    Ok(accounts.into_iter().map(|a| (a.id.as_i64(), a)).collect())
}

/// The accounts among `ids` (a JSON array, see `status_views::id_array`) as a page of
/// statuses shows and filters them: without public keys, which neither needs (one query
/// instead of two), and with their counts when `counts` is set. SQLite reads the
/// counters its triggers keep (migration 0023); PostgreSQL counts, in the same query.
pub(crate) async fn accounts_shown(
    conn: &mut AnyConnection,
    backend: Backend,
    ids: &str,
    counts: bool,
) -> Result<Vec<(Account, AccountCounts)>, StoreError> {
    let list = crate::status_views::id_list(backend, 1);
    let sql = match (counts, backend) {
        (false, _) => format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id{list}"),
        (true, Backend::Sqlite) => format!(
            "SELECT {ACCOUNT_COLUMNS}, COALESCE(s.statuses_count, 0) AS statuses_count, \
             COALESCE(s.followers_count, 0) AS followers_count, \
             COALESCE(s.following_count, 0) AS following_count \
             FROM accounts a LEFT JOIN account_stats s ON s.account_id = a.id \
             WHERE a.id{list}"
        ),
        (true, Backend::Postgres) => format!(
            "SELECT {ACCOUNT_COLUMNS}, \
             (SELECT COUNT(*) FROM notes n WHERE n.author_id = a.id) AS statuses_count, \
             (SELECT COUNT(*) FROM follows f WHERE f.followee_id = a.id \
              AND f.state = 'accepted') AS followers_count, \
             (SELECT COUNT(*) FROM follows f WHERE f.follower_id = a.id \
              AND f.state = 'accepted') AS following_count \
             FROM accounts a WHERE a.id{list}"
        ),
    };
    let rows = sqlx::query(&sql).bind(ids).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            let shown = if counts {
                AccountCounts {
                    statuses: get_count(row, "statuses_count")?,
                    followers: get_count(row, "followers_count")?,
                    following: get_count(row, "following_count")?,
                }
            } else {
                AccountCounts::default()
            };
            Ok((rows::account(row)?, shown))
        })
        .collect()
}

impl Store {
    /// Creates a local account and its credentials together. Fails with
    /// [`StoreError::UsernameTaken`] if another local account has the same username in
    /// any letter case; then nothing is written.
    pub async fn create_local_account(
        &self,
        account: &Account,
        credentials: &LocalCredentials,
    ) -> Result<(), StoreError> {
        if !account.is_local() {
            return Err(StoreError::Conflict("not a local account".into()));
        }
        check_shape(account)?;
        if credentials.account_id != account.id {
            return Err(StoreError::Conflict(
                "credentials belong to another account".into(),
            ));
        }
        let mut tx = self.write.begin().await?;
        bind_account(INSERT_ACCOUNT, account)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_username_clash(&e) {
                    StoreError::UsernameTaken
                } else {
                    StoreError::from(e)
                }
            })?;
        sqlx::query(
            "INSERT INTO local_credentials (account_id, password_hash, admin) VALUES ($1, $2, $3)",
        )
        .bind(credentials.account_id.as_i64())
        .bind(credentials.password_hash.as_str())
        .bind(credentials.admin)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        let mut conn = self.read.acquire().await?;
        let found = fetch_accounts(&mut conn, "a.id = $1", &[], &[id.as_i64()]).await?;
        Ok(found.into_iter().next())
    }

    /// The accounts among `ids` that exist, in no particular order.
    pub async fn accounts(&self, ids: &[AccountId]) -> Result<Vec<Account>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raw: Vec<i64> = ids.iter().map(|id| id.as_i64()).collect();
        let mut conn = self.read.acquire().await?;
        Ok(accounts_by_ids(&mut conn, &raw)
            .await?
            .into_values()
            .collect())
    }

    /// Case-insensitive.
    pub async fn local_account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<Account>, StoreError> {
        let key = username.to_ascii_lowercase();
        let mut conn = self.read.acquire().await?;
        let found = fetch_accounts(
            &mut conn,
            "a.username_key = $1 AND a.domain IS NULL",
            &[&key],
            &[],
        )
        .await?;
        Ok(found.into_iter().next())
    }

    /// A remote account by `user@domain` (username case-insensitive).
    pub async fn remote_account_by_handle(
        &self,
        username: &str,
        domain: &str,
    ) -> Result<Option<Account>, StoreError> {
        let key = username.to_ascii_lowercase();
        let domain = domain.to_ascii_lowercase();
        let mut conn = self.read.acquire().await?;
        let found = fetch_accounts(
            &mut conn,
            "a.username_key = $1 AND a.domain = $2 ORDER BY a.updated_at DESC",
            &[&key, &domain],
            &[],
        )
        .await?;
        Ok(found.into_iter().next())
    }

    /// Every local account with its credentials, oldest first.
    pub async fn local_accounts(&self) -> Result<Vec<(Account, LocalCredentials)>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, c.password_hash, c.admin FROM accounts a \
             JOIN local_credentials c ON c.account_id = a.id ORDER BY a.id"
        );
        let rows = sqlx::query(&sql).fetch_all(&self.read).await?;
        rows.iter()
            .map(|row| {
                let account = rows::account(row)?;
                let credentials = LocalCredentials {
                    account_id: account.id,
                    password_hash: row.try_get("password_hash")?,
                    admin: get_bool(row, "admin")?,
                };
                Ok((account, credentials))
            })
            .collect()
    }

    pub async fn count_local_accounts(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM accounts WHERE domain IS NULL")
            .fetch_one(&self.read)
            .await?;
        get_count(&row, "n")
    }

    pub async fn local_credentials(
        &self,
        id: AccountId,
    ) -> Result<Option<LocalCredentials>, StoreError> {
        let row =
            sqlx::query("SELECT password_hash, admin FROM local_credentials WHERE account_id = $1")
                .bind(id.as_i64())
                .fetch_optional(&self.read)
                .await?;
        row.map(|row| {
            Ok(LocalCredentials {
                account_id: id,
                password_hash: row.try_get("password_hash")?,
                admin: get_bool(&row, "admin")?,
            })
        })
        .transpose()
    }

    /// Replaces the password hash and admin flag. Returns whether the account exists.
    pub async fn update_local_credentials(
        &self,
        credentials: &LocalCredentials,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE local_credentials SET password_hash = $1, admin = $2 WHERE account_id = $3",
        )
        .bind(credentials.password_hash.as_str())
        .bind(credentials.admin)
        .bind(credentials.account_id.as_i64())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// See [`StoreTx::upsert_remote_account`].
    pub async fn upsert_remote_account(&self, account: &Account) -> Result<AccountId, StoreError> {
        let mut tx = self.begin().await?;
        let id = tx.upsert_remote_account(account).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The remote account whose personal inbox is `inbox` (not a shared inbox), if any:
    /// what a 410 from that inbox is about (activitypub.md §6.2).
    pub async fn account_by_personal_inbox(
        &self,
        inbox: &str,
    ) -> Result<Option<Account>, StoreError> {
        let mut conn = self.read.acquire().await?;
        let found = fetch_accounts(
            &mut conn,
            "a.inbox = $1 AND a.domain IS NOT NULL \
             AND (a.shared_inbox IS NULL OR a.shared_inbox <> a.inbox)",
            &[inbox],
            &[],
        )
        .await?;
        Ok(found.into_iter().next())
    }

    /// A remote account by either protocol's id, with the facts of that protocol (its
    /// own, or its alias's; see `aliases`).
    pub async fn account_by_uri(&self, uri: &str) -> Result<Option<Account>, StoreError> {
        let mut conn = self.read.acquire().await?;
        let found = fetch_accounts(&mut conn, "a.uri = $1", &[uri], &[]).await?;
        match found.into_iter().next() {
            Some(account) => Ok(Some(account)),
            None => account_by_alias(&mut conn, uri).await,
        }
    }
}

impl StoreTx {
    /// Inserts or refreshes a remote account, keyed by its federation URI. An existing
    /// row keeps its id and `created_at` (whatever `account.id` says) and gets every
    /// other field and the key set replaced. An account with the same handle reached by
    /// the other protocol is the same person: it is kept, with the facts of the
    /// preferred protocol as its own and the other protocol's as an alias (see
    /// `aliases`). Returns the stored id.
    pub async fn upsert_remote_account(
        &mut self,
        account: &Account,
    ) -> Result<AccountId, StoreError> {
        let Some(facts) = account.federation() else {
            return Err(StoreError::Conflict("not a remote account".into()));
        };
        check_shape(account)?;
        if let Some(id) = self.merge_other_protocol(account, facts).await? {
            return Ok(id);
        }
        let sql = format!(
            "{INSERT_ACCOUNT} ON CONFLICT (uri) DO UPDATE SET username = excluded.username, \
             username_key = excluded.username_key, domain = excluded.domain, \
             display_name = excluded.display_name, note = excluded.note, \
             locked = excluded.locked, bot = excluded.bot, \
             discoverable = excluded.discoverable, protocol = excluded.protocol, \
             inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, url = excluded.url, \
             outbox = excluded.outbox, followers_url = excluded.followers_url, \
             updated_at = excluded.updated_at, avatar_url = excluded.avatar_url, \
             header_url = excluded.header_url, profile_fields = excluded.profile_fields, \
             profile_emojis = excluded.profile_emojis, \
             profile_vanity = excluded.profile_vanity RETURNING id"
        );
        let row = bind_account(&sql, account).fetch_one(self.conn()).await?;
        let id: i64 = row.try_get("id")?;
        replace_keys(self.conn(), id, &facts.public_keys).await?;
        Ok(AccountId::from_i64(id))
    }

    /// Deletes a remote account and, by the schema's cascades, its notes, follows, likes,
    /// shares, keys and aliases (activitypub.md §5.9, `Delete(actor)`). Local accounts
    /// are never touched here. Returns whether a row went; a second call changes nothing.
    pub async fn delete_remote_account(&mut self, id: AccountId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM accounts WHERE id = $1 AND domain IS NOT NULL")
            .bind(id.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Rewrites an account's profile fields (display name, bio, flags, `updated_at`):
    /// the write behind a local profile edit, whose Update activity is enqueued in the
    /// same transaction. Returns whether the account exists.
    pub async fn update_account_profile(&mut self, account: &Account) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE accounts SET display_name = $1, note = $2, locked = $3, bot = $4, \
             discoverable = $5, updated_at = $6, avatar_url = $7, header_url = $8, \
             profile_fields = $9, profile_emojis = $10, profile_vanity = $11 WHERE id = $12",
        )
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
        .bind(account.id.as_i64())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}
