//! The social graph: follows (and follow requests), blocks, mutes and domain blocks.

use rookery_core::social::{Block, DomainBlock, Follow, FollowState, Mute};
use rookery_core::visibility::Relations;
use rookery_core::{Account, AccountId, Domain, FollowId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::accounts::accounts_by_ids;
use crate::error::{corrupt, StoreError};
use crate::page::{paging, Page};
use crate::rows::{self, FOLLOW_COLUMNS};
use crate::sql::{get_bool, get_count};
use crate::store::Store;
use crate::tx::StoreTx;

/// Follower and following counts (accepted follows only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FollowCounts {
    pub followers: u64,
    pub following: u64,
}

/// Which side of a follow a listing is about.
#[derive(Clone, Copy)]
enum Side {
    /// Accounts following the given one; the listed account is the follower.
    Followers(FollowState),
    /// Accounts the given one follows; the listed account is the followee.
    Following,
}

fn mute(row: &AnyRow) -> Result<Mute, StoreError> {
    Ok(Mute {
        muter: AccountId::from_i64(row.try_get("muter_id")?),
        muted: AccountId::from_i64(row.try_get("muted_id")?),
        notifications: get_bool(row, "notifications")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

fn block(row: &AnyRow) -> Result<Block, StoreError> {
    Ok(Block {
        blocker: AccountId::from_i64(row.try_get("blocker_id")?),
        blocked: AccountId::from_i64(row.try_get("blocked_id")?),
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

impl Store {
    async fn one_follow(
        &self,
        filter: &str,
        binds: &[FollowKey<'_>],
    ) -> Result<Option<Follow>, StoreError> {
        let sql = format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE {filter}");
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = match b {
                FollowKey::Id(id) => query.bind(*id),
                FollowKey::Text(t) => query.bind(*t),
            };
        }
        let row = query.fetch_optional(&self.read).await?;
        row.as_ref().map(rows::follow).transpose()
    }

    pub async fn follow(&self, id: FollowId) -> Result<Option<Follow>, StoreError> {
        self.one_follow("f.id = $1", &[FollowKey::Id(id.as_i64())])
            .await
    }

    /// The follow (in any state) of `follower` towards `followee`.
    pub async fn follow_between(
        &self,
        follower: AccountId,
        followee: AccountId,
    ) -> Result<Option<Follow>, StoreError> {
        self.one_follow(
            "f.follower_id = $1 AND f.followee_id = $2",
            &[
                FollowKey::Id(follower.as_i64()),
                FollowKey::Id(followee.as_i64()),
            ],
        )
        .await
    }

    /// The follow whose Follow activity has this federation id.
    pub async fn follow_by_uri(&self, uri: &str) -> Result<Option<Follow>, StoreError> {
        self.one_follow("f.uri = $1", &[FollowKey::Text(uri)]).await
    }

    async fn follow_listing(
        &self,
        account: AccountId,
        side: Side,
        page: &Page,
    ) -> Result<Vec<(Follow, Account)>, StoreError> {
        let (filter, state) = match side {
            Side::Followers(state) => ("f.followee_id = $1 AND f.state = $2", state),
            Side::Following => ("f.follower_id = $1 AND f.state = $2", FollowState::Accepted),
        };
        let tail = paging(page, "f.id", 3);
        let sql = format!(
            "SELECT {FOLLOW_COLUMNS} FROM follows f WHERE {filter}{}",
            tail.sql
        );
        let mut query = sqlx::query(&sql)
            .bind(account.as_i64())
            .bind(state.as_str());
        for value in &tail.binds {
            query = query.bind(*value);
        }
        let mut conn = self.read.acquire().await?;
        let mut follows = query
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(rows::follow)
            .collect::<Result<Vec<_>, _>>()?;
        if tail.reverse {
            follows.reverse();
        }
        let other = |f: &Follow| match side {
            Side::Followers(_) => f.follower,
            Side::Following => f.followee,
        };
        let ids: Vec<i64> = follows.iter().map(|f| other(f).as_i64()).collect();
        let mut accounts = accounts_by_ids(&mut conn, &ids).await?;
        follows
            .into_iter()
            .map(|f| {
                let account = accounts
                    .remove(&other(&f).as_i64())
                    .ok_or_else(|| corrupt("follow", "account missing"))?;
                Ok((f, account))
            })
            .collect()
    }

    /// Accepted followers of `account` with their accounts, paged by follow id.
    pub async fn followers(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<(Follow, Account)>, StoreError> {
        self.follow_listing(account, Side::Followers(FollowState::Accepted), page)
            .await
    }

    /// Accounts `account` follows (accepted), paged by follow id.
    pub async fn following(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<(Follow, Account)>, StoreError> {
        self.follow_listing(account, Side::Following, page).await
    }

    /// Pending follow requests to `account`, paged by follow id.
    pub async fn follow_requests(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<(Follow, Account)>, StoreError> {
        self.follow_listing(account, Side::Followers(FollowState::Pending), page)
            .await
    }

    /// Every accepted follower of `account`: the audience a note fans out to.
    pub async fn all_followers(&self, account: AccountId) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(
            "SELECT follower_id FROM follows WHERE followee_id = $1 AND state = 'accepted'",
        )
        .bind(account.as_i64())
        .fetch_all(&self.read)
        .await?;
        let ids = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("follower_id"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut conn = self.read.acquire().await?;
        let mut accounts: Vec<Account> = Vec::with_capacity(ids.len());
        // Bounded IN lists: SQLite allows at most 32766 parameters per statement.
        for chunk in ids.chunks(1000) {
            accounts.extend(accounts_by_ids(&mut conn, chunk).await?.into_values());
        }
        accounts.sort_by_key(|a| a.id);
        Ok(accounts)
    }

    pub async fn follow_counts(&self, account: AccountId) -> Result<FollowCounts, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = $1 AND state = 'accepted') AS followers, \
                    (SELECT COUNT(*) FROM follows WHERE follower_id = $1 AND state = 'accepted') AS following",
        )
        .bind(account.as_i64())
        .fetch_one(&self.read)
        .await?;
        Ok(FollowCounts {
            followers: get_count(&row, "followers")?,
            following: get_count(&row, "following")?,
        })
    }

    pub async fn block_between(
        &self,
        blocker: AccountId,
        blocked: AccountId,
    ) -> Result<Option<Block>, StoreError> {
        let row = sqlx::query(
            "SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = $1 AND blocked_id = $2",
        )
        .bind(blocker.as_i64())
        .bind(blocked.as_i64())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(block).transpose()
    }

    /// Whether either account blocks the other.
    pub async fn blocked_either_way(&self, a: AccountId, b: AccountId) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT 1 AS hit FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
             OR (blocker_id = $2 AND blocked_id = $1) LIMIT 1",
        )
        .bind(a.as_i64())
        .bind(b.as_i64())
        .fetch_optional(&self.read)
        .await?;
        Ok(row.is_some())
    }

    /// Everyone `blocker` blocks, newest first.
    pub async fn blocks_of(&self, blocker: AccountId) -> Result<Vec<Block>, StoreError> {
        let rows = sqlx::query(
            "SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = $1 \
             ORDER BY created_at DESC",
        )
        .bind(blocker.as_i64())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(block).collect()
    }

    pub async fn mute_between(
        &self,
        muter: AccountId,
        muted: AccountId,
    ) -> Result<Option<Mute>, StoreError> {
        let row = sqlx::query(
            "SELECT muter_id, muted_id, notifications, created_at FROM mutes \
             WHERE muter_id = $1 AND muted_id = $2",
        )
        .bind(muter.as_i64())
        .bind(muted.as_i64())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(mute).transpose()
    }

    /// Everyone `muter` mutes, newest first.
    pub async fn mutes_of(&self, muter: AccountId) -> Result<Vec<Mute>, StoreError> {
        let rows = sqlx::query(
            "SELECT muter_id, muted_id, notifications, created_at FROM mutes WHERE muter_id = $1 \
             ORDER BY created_at DESC",
        )
        .bind(muter.as_i64())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(mute).collect()
    }

    /// The domains `account` blocks, alphabetically.
    pub async fn domain_blocks_of(
        &self,
        account: AccountId,
    ) -> Result<Vec<DomainBlock>, StoreError> {
        let rows = sqlx::query(
            "SELECT account_id, domain, created_at FROM domain_blocks WHERE account_id = $1 ORDER BY domain",
        )
        .bind(account.as_i64())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let domain: String = row.try_get("domain")?;
                Ok(DomainBlock {
                    account: AccountId::from_i64(row.try_get("account_id")?),
                    domain: Domain::parse(&domain).map_err(|e| corrupt("blocked domain", e))?,
                    created_at: Timestamp::from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    pub async fn is_domain_blocked(
        &self,
        account: AccountId,
        domain: &Domain,
    ) -> Result<bool, StoreError> {
        let row =
            sqlx::query("SELECT 1 AS hit FROM domain_blocks WHERE account_id = $1 AND domain = $2")
                .bind(account.as_i64())
                .bind(domain.as_str())
                .fetch_optional(&self.read)
                .await?;
        Ok(row.is_some())
    }

    /// Blocks both ways, the viewer's mute and domain block of the author, in one
    /// statement: a note notifying a local user asks all of it, and each read was a
    /// round trip of its own (issue 7, B1).
    pub async fn relations_between(
        &self,
        viewer: AccountId,
        author: AccountId,
        author_domain: Option<&Domain>,
    ) -> Result<Relations, StoreError> {
        let row = sqlx::query(
            "SELECT \
             (SELECT COUNT(*) FROM blocks WHERE blocker_id = $1 AND blocked_id = $2) AS viewer_blocks, \
             (SELECT COUNT(*) FROM blocks WHERE blocker_id = $2 AND blocked_id = $1) AS author_blocks, \
             (SELECT COUNT(*) FROM mutes WHERE muter_id = $1 AND muted_id = $2) AS mutes, \
             (SELECT COUNT(*) FROM mutes WHERE muter_id = $1 AND muted_id = $2 AND notifications) \
               AS mutes_notifications, \
             (SELECT COUNT(*) FROM domain_blocks WHERE account_id = $1 AND domain = $3) AS domain_blocked",
        )
        .bind(viewer.as_i64())
        .bind(author.as_i64())
        // No domain (a local author) matches no domain block.
        .bind(author_domain.map_or("", |d| d.as_str()))
        .fetch_one(&self.read)
        .await?;
        let yes = |column: &str| get_count(&row, column).map(|n| n > 0);
        let viewer_mutes_author = yes("mutes")?;
        Ok(Relations {
            viewer_blocks_author: yes("viewer_blocks")?,
            author_blocks_viewer: yes("author_blocks")?,
            viewer_mutes_author,
            viewer_mutes_author_notifications: viewer_mutes_author && yes("mutes_notifications")?,
            viewer_domain_blocks_author: author_domain.is_some() && yes("domain_blocked")?,
        })
    }
}

enum FollowKey<'a> {
    Id(i64),
    Text(&'a str),
}

impl StoreTx {
    /// Records a follow or follow request. Returns `false` (and changes nothing) when
    /// the follower already has a follow towards the followee.
    pub async fn insert_follow(&mut self, follow: &Follow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO follows (id, follower_id, followee_id, state, uri, show_reblogs, notify, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (follower_id, followee_id) DO NOTHING",
        )
        .bind(follow.id.as_i64())
        .bind(follow.follower.as_i64())
        .bind(follow.followee.as_i64())
        .bind(follow.state.as_str())
        .bind(follow.uri.as_deref())
        .bind(follow.show_reblogs)
        .bind(follow.notify)
        .bind(follow.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Accepts or rejects a follow. Returns whether it exists.
    pub async fn set_follow_state(
        &mut self,
        id: FollowId,
        state: FollowState,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE follows SET state = $1 WHERE id = $2")
            .bind(state.as_str())
            .bind(id.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Returns whether it existed.
    pub async fn delete_follow(&mut self, id: FollowId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM follows WHERE id = $1")
            .bind(id.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Returns `false` if the block already existed.
    pub async fn insert_block(&mut self, block: &Block) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
        )
        .bind(block.blocker.as_i64())
        .bind(block.blocked.as_i64())
        .bind(block.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_block(
        &mut self,
        blocker: AccountId,
        blocked: AccountId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker.as_i64())
            .bind(blocked.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Mutes, or updates the `notifications` flag of an existing mute.
    pub async fn insert_mute(&mut self, mute: &Mute) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO mutes (muter_id, muted_id, notifications, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (muter_id, muted_id) DO UPDATE SET notifications = excluded.notifications",
        )
        .bind(mute.muter.as_i64())
        .bind(mute.muted.as_i64())
        .bind(mute.notifications)
        .bind(mute.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn delete_mute(
        &mut self,
        muter: AccountId,
        muted: AccountId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM mutes WHERE muter_id = $1 AND muted_id = $2")
            .bind(muter.as_i64())
            .bind(muted.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Returns `false` if the domain was already blocked.
    pub async fn insert_domain_block(&mut self, block: &DomainBlock) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO domain_blocks (account_id, domain, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, domain) DO NOTHING",
        )
        .bind(block.account.as_i64())
        .bind(block.domain.as_str())
        .bind(block.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_domain_block(
        &mut self,
        account: AccountId,
        domain: &Domain,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM domain_blocks WHERE account_id = $1 AND domain = $2")
            .bind(account.as_i64())
            .bind(domain.as_str())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
