//! The store as core's `Personal` port: bookmarks, pins, favourites, the account's own
//! block, mute and domain-block lists, and read markers (migration 0010). The
//! notifications inbox is in `notification_inbox.rs`.

use async_trait::async_trait;
use rookery_core::notification::Notification;
use rookery_core::ports::{
    Entry, Marker, MarkerTimeline, NotificationFilter, Personal, PinOutcome, PortResult,
};
use rookery_core::{AccountId, Domain, Id, NoteId, NotificationId, Timestamp};
use sqlx::Row;

use crate::error::{corrupt, StoreError};
use crate::page::{paging, Page};
use crate::store::Store;

impl Store {
    /// Runs `select` (returning `id` and `target` for account `$1`) with the paging tail
    /// on `column`, newest first.
    async fn paged_pairs(
        &self,
        select: &str,
        column: &str,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let tail = paging(page, column, 2);
        let sql = format!("{select}{}", tail.sql);
        let mut query = sqlx::query(&sql).bind(account.as_i64());
        for value in &tail.binds {
            query = query.bind(*value);
        }
        let mut found = query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("target")?)))
            .collect::<Result<Vec<(i64, i64)>, StoreError>>()?;
        if tail.reverse {
            found.reverse();
        }
        Ok(found)
    }

    async fn exists(&self, sql: &str, a: i64, b: i64) -> Result<bool, StoreError> {
        let row = sqlx::query(sql)
            .bind(a)
            .bind(b)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.is_some())
    }

    async fn delete_pair(&self, sql: &str, a: i64, b: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(sql)
            .bind(a)
            .bind(b)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn marker(
        &self,
        account: AccountId,
        timeline: MarkerTimeline,
    ) -> Result<Option<Marker>, StoreError> {
        let row = sqlx::query(
            "SELECT last_read_id, version, updated_at FROM markers \
             WHERE account_id = $1 AND timeline = $2",
        )
        .bind(account.as_i64())
        .bind(timeline.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.map(|row| {
            let version: i64 = row.try_get("version")?;
            Ok(Marker {
                timeline,
                last_read_id: Id::from_i64(row.try_get("last_read_id")?),
                version: u64::try_from(version).map_err(|e| corrupt("marker version", e))?,
                updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
            })
        })
        .transpose()
    }
}

fn entries<T>(pairs: Vec<(i64, i64)>, target: impl Fn(i64) -> T) -> Vec<Entry<T>> {
    pairs
        .into_iter()
        .map(|(id, t)| Entry {
            id: Id::from_i64(id),
            target: target(t),
        })
        .collect()
}

#[async_trait]
impl Personal for Store {
    async fn add_bookmark(
        &self,
        id: Id,
        account: AccountId,
        note: NoteId,
        now: Timestamp,
    ) -> PortResult<bool> {
        let done = sqlx::query(
            "INSERT INTO bookmarks (id, account_id, note_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, note_id) DO NOTHING",
        )
        .bind(id.as_i64())
        .bind(account.as_i64())
        .bind(note.as_i64())
        .bind(now.as_millis())
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_bookmark(&self, account: AccountId, note: NoteId) -> PortResult<bool> {
        Ok(self
            .delete_pair(
                "DELETE FROM bookmarks WHERE account_id = $1 AND note_id = $2",
                account.as_i64(),
                note.as_i64(),
            )
            .await?)
    }

    async fn is_bookmarked(&self, account: AccountId, note: NoteId) -> PortResult<bool> {
        Ok(self
            .exists(
                "SELECT 1 AS hit FROM bookmarks WHERE account_id = $1 AND note_id = $2",
                account.as_i64(),
                note.as_i64(),
            )
            .await?)
    }

    async fn bookmarks(&self, account: AccountId, page: &Page) -> PortResult<Vec<Entry<NoteId>>> {
        let pairs = self
            .paged_pairs(
                "SELECT b.id AS id, b.note_id AS target FROM bookmarks b WHERE b.account_id = $1",
                "b.id",
                account,
                page,
            )
            .await?;
        Ok(entries(pairs, NoteId::from_i64))
    }

    async fn favourites(&self, account: AccountId, page: &Page) -> PortResult<Vec<Entry<NoteId>>> {
        let pairs = self
            .paged_pairs(
                "SELECT l.id AS id, l.note_id AS target FROM likes l WHERE l.account_id = $1",
                "l.id",
                account,
                page,
            )
            .await?;
        Ok(entries(pairs, NoteId::from_i64))
    }

    async fn pin(
        &self,
        id: Id,
        account: AccountId,
        note: NoteId,
        now: Timestamp,
        max: u32,
    ) -> PortResult<PinOutcome> {
        // The count and the insert are one statement, so two pins at once cannot both
        // slip under the limit. SQLite needs the WHERE to read `ON CONFLICT` as an upsert.
        let done = sqlx::query(
            "INSERT INTO pins (id, account_id, note_id, created_at) SELECT $1, $2, $3, $4 \
             WHERE (SELECT COUNT(*) FROM pins WHERE account_id = $2) < $5 \
             ON CONFLICT (account_id, note_id) DO NOTHING",
        )
        .bind(id.as_i64())
        .bind(account.as_i64())
        .bind(note.as_i64())
        .bind(now.as_millis())
        .bind(i64::from(max))
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        if done.rows_affected() > 0 {
            Ok(PinOutcome::Pinned)
        } else if self.is_pinned(account, note).await? {
            Ok(PinOutcome::AlreadyPinned)
        } else {
            Ok(PinOutcome::LimitReached)
        }
    }

    async fn unpin(&self, account: AccountId, note: NoteId) -> PortResult<bool> {
        Ok(self
            .delete_pair(
                "DELETE FROM pins WHERE account_id = $1 AND note_id = $2",
                account.as_i64(),
                note.as_i64(),
            )
            .await?)
    }

    async fn is_pinned(&self, account: AccountId, note: NoteId) -> PortResult<bool> {
        Ok(self
            .exists(
                "SELECT 1 AS hit FROM pins WHERE account_id = $1 AND note_id = $2",
                account.as_i64(),
                note.as_i64(),
            )
            .await?)
    }

    async fn pinned(&self, account: AccountId) -> PortResult<Vec<NoteId>> {
        let rows = sqlx::query("SELECT note_id FROM pins WHERE account_id = $1 ORDER BY id DESC")
            .bind(account.as_i64())
            .fetch_all(&self.read)
            .await
            .map_err(StoreError::from)?;
        rows.iter()
            .map(|row| {
                Ok(NoteId::from_i64(
                    row.try_get("note_id").map_err(StoreError::from)?,
                ))
            })
            .collect()
    }

    async fn blocked_accounts(
        &self,
        account: AccountId,
        page: &Page,
    ) -> PortResult<Vec<AccountId>> {
        let pairs = self
            .paged_pairs(
                "SELECT b.blocked_id AS id, b.blocked_id AS target FROM blocks b \
                 WHERE b.blocker_id = $1",
                "b.blocked_id",
                account,
                page,
            )
            .await?;
        Ok(pairs
            .into_iter()
            .map(|(_, t)| AccountId::from_i64(t))
            .collect())
    }

    async fn muted_accounts(&self, account: AccountId, page: &Page) -> PortResult<Vec<AccountId>> {
        let pairs = self
            .paged_pairs(
                "SELECT m.muted_id AS id, m.muted_id AS target FROM mutes m WHERE m.muter_id = $1",
                "m.muted_id",
                account,
                page,
            )
            .await?;
        Ok(pairs
            .into_iter()
            .map(|(_, t)| AccountId::from_i64(t))
            .collect())
    }

    async fn blocked_domains(
        &self,
        account: AccountId,
        after: Option<&str>,
        limit: u32,
    ) -> PortResult<Vec<Domain>> {
        let rows = sqlx::query(
            "SELECT domain FROM domain_blocks WHERE account_id = $1 AND domain > $2 \
             ORDER BY domain LIMIT $3",
        )
        .bind(account.as_i64())
        .bind(after.unwrap_or(""))
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await
        .map_err(StoreError::from)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let domain: String = row.try_get("domain").map_err(StoreError::from)?;
            out.push(Domain::parse(&domain).map_err(|e| corrupt("blocked domain", e))?);
        }
        Ok(out)
    }

    async fn block_domain(
        &self,
        account: AccountId,
        domain: &Domain,
        now: Timestamp,
    ) -> PortResult<bool> {
        let done = sqlx::query(
            "INSERT INTO domain_blocks (account_id, domain, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, domain) DO NOTHING",
        )
        .bind(account.as_i64())
        .bind(domain.as_str())
        .bind(now.as_millis())
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        Ok(done.rows_affected() > 0)
    }

    async fn unblock_domain(&self, account: AccountId, domain: &Domain) -> PortResult<bool> {
        let done = sqlx::query("DELETE FROM domain_blocks WHERE account_id = $1 AND domain = $2")
            .bind(account.as_i64())
            .bind(domain.as_str())
            .execute(&self.write)
            .await
            .map_err(StoreError::from)?;
        Ok(done.rows_affected() > 0)
    }

    async fn markers(&self, account: AccountId) -> PortResult<Vec<Marker>> {
        let mut out = Vec::new();
        for timeline in MarkerTimeline::ALL {
            if let Some(marker) = self.marker(account, timeline).await? {
                out.push(marker);
            }
        }
        Ok(out)
    }

    async fn save_marker(
        &self,
        account: AccountId,
        timeline: MarkerTimeline,
        last_read_id: Id,
        now: Timestamp,
    ) -> PortResult<Marker> {
        sqlx::query(
            "INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at) \
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (account_id, timeline) DO UPDATE SET \
             last_read_id = excluded.last_read_id, version = markers.version + 1, \
             updated_at = excluded.updated_at",
        )
        .bind(account.as_i64())
        .bind(timeline.as_str())
        .bind(last_read_id.as_i64())
        .bind(now.as_millis())
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        // Read from the writer: on SQLite the read pool may not see the write yet.
        let row = sqlx::query(
            "SELECT last_read_id, version, updated_at FROM markers \
             WHERE account_id = $1 AND timeline = $2",
        )
        .bind(account.as_i64())
        .bind(timeline.as_str())
        .fetch_one(&self.write)
        .await
        .map_err(StoreError::from)?;
        let version: i64 = row.try_get("version").map_err(StoreError::from)?;
        Ok(Marker {
            timeline,
            last_read_id: Id::from_i64(row.try_get("last_read_id").map_err(StoreError::from)?),
            version: u64::try_from(version).map_err(|e| corrupt("marker version", e))?,
            updated_at: Timestamp::from_millis(
                row.try_get("updated_at").map_err(StoreError::from)?,
            ),
        })
    }

    async fn filtered_notifications(
        &self,
        recipient: AccountId,
        filter: &NotificationFilter,
        page: &Page,
    ) -> PortResult<Vec<Notification>> {
        Ok(self.notifications_filtered(recipient, filter, page).await?)
    }

    async fn notification(
        &self,
        recipient: AccountId,
        id: NotificationId,
    ) -> PortResult<Option<Notification>> {
        Ok(Store::notification(self, id)
            .await?
            .filter(|n| n.recipient == recipient))
    }

    async fn dismiss_notification(
        &self,
        recipient: AccountId,
        id: NotificationId,
    ) -> PortResult<bool> {
        Ok(self
            .delete_pair(
                "DELETE FROM notifications WHERE recipient_id = $1 AND id = $2",
                recipient.as_i64(),
                id.as_i64(),
            )
            .await?)
    }

    async fn clear_notifications(&self, recipient: AccountId) -> PortResult<u64> {
        let done = sqlx::query("DELETE FROM notifications WHERE recipient_id = $1")
            .bind(recipient.as_i64())
            .execute(&self.write)
            .await
            .map_err(StoreError::from)?;
        Ok(done.rows_affected())
    }

    async fn count_notifications_after(
        &self,
        recipient: AccountId,
        after: Option<Id>,
        cap: u32,
    ) -> PortResult<u64> {
        Ok(self
            .count_unread_notifications(recipient, after, cap)
            .await?)
    }
}
