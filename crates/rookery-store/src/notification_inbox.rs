//! The notifications inbox as the client API lists it: filtered by type and by who
//! caused them (Mastodon's `types[]`, `exclude_types[]`, `account_id`), and the count of
//! unread ones.

use rookery_core::notification::Notification;
use rookery_core::ports::NotificationFilter;
use rookery_core::{AccountId, Id};

use crate::error::StoreError;
use crate::page::{paging, Page};
use crate::rows::{self, NOTIFICATION_COLUMNS};
use crate::sql::{get_count, placeholders};
use crate::store::Store;

impl Store {
    /// `recipient`'s notifications passing `filter`, newest first, paged by id.
    pub async fn notifications_filtered(
        &self,
        recipient: AccountId,
        filter: &NotificationFilter,
        page: &Page,
    ) -> Result<Vec<Notification>, StoreError> {
        let mut sql =
            format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications x WHERE x.recipient_id = $1");
        let mut next = 2;
        let types: Vec<&str> = filter.types.iter().map(|k| k.as_str()).collect();
        let excluded: Vec<&str> = filter.exclude_types.iter().map(|k| k.as_str()).collect();
        if !types.is_empty() {
            sql.push_str(&format!(
                " AND x.kind IN ({})",
                placeholders(next, types.len())
            ));
            next += types.len();
        }
        if !excluded.is_empty() {
            sql.push_str(&format!(
                " AND x.kind NOT IN ({})",
                placeholders(next, excluded.len())
            ));
            next += excluded.len();
        }
        if filter.from.is_some() {
            sql.push_str(&format!(" AND x.from_id = ${next}"));
            next += 1;
        }
        let tail = paging(page, "x.id", next);
        sql.push_str(&tail.sql);
        let mut query = sqlx::query(&sql).bind(recipient.as_i64());
        for kind in types.iter().chain(&excluded) {
            query = query.bind(*kind);
        }
        if let Some(from) = filter.from {
            query = query.bind(from.as_i64());
        }
        for value in &tail.binds {
            query = query.bind(*value);
        }
        let mut found = query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(rows::notification)
            .collect::<Result<Vec<_>, _>>()?;
        if tail.reverse {
            found.reverse();
        }
        Ok(found)
    }

    /// How many of `recipient`'s notifications are newer than `after`, at most `cap`
    /// (counting stops there, as Mastodon's `unread_count` does).
    pub async fn count_unread_notifications(
        &self,
        recipient: AccountId,
        after: Option<Id>,
        cap: u32,
    ) -> Result<u64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM notifications \
             WHERE recipient_id = $1 AND id > $2 LIMIT $3) unread",
        )
        .bind(recipient.as_i64())
        .bind(after.map_or(0, Id::as_i64))
        .bind(i64::from(cap))
        .fetch_one(&self.read)
        .await?;
        get_count(&row, "n")
    }
}
