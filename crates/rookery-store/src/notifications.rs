//! Notifications of local accounts.

use rookery_core::notification::Notification;
use rookery_core::{AccountId, NotificationId};

use crate::error::StoreError;
use crate::page::{paging, Page};
use crate::rows::{self, NOTIFICATION_COLUMNS};
use crate::sql::value_rows;
use crate::store::Store;
use crate::tx::StoreTx;

/// Rows per multi-row INSERT (6 bound values each).
const ROWS_PER_INSERT: usize = 200;

impl Store {
    /// `recipient`'s notifications, newest first, paged by notification id.
    pub async fn notifications(
        &self,
        recipient: AccountId,
        page: &Page,
    ) -> Result<Vec<Notification>, StoreError> {
        let tail = paging(page, "x.id", 2);
        let sql = format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications x WHERE x.recipient_id = $1{}",
            tail.sql
        );
        let mut query = sqlx::query(&sql).bind(recipient.as_i64());
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

    pub async fn notification(
        &self,
        id: NotificationId,
    ) -> Result<Option<Notification>, StoreError> {
        let sql = format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications x WHERE x.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.as_i64())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(rows::notification).transpose()
    }
}

impl StoreTx {
    pub async fn insert_notification(&mut self, n: &Notification) -> Result<(), StoreError> {
        self.insert_notifications(&[n]).await
    }

    /// Inserts notifications in a few multi-row statements (new notes applied together).
    pub(crate) async fn insert_notifications(
        &mut self,
        notifications: &[&Notification],
    ) -> Result<(), StoreError> {
        const COLUMNS: usize = 6;
        for chunk in notifications.chunks(ROWS_PER_INSERT) {
            let rows = value_rows(self.backend(), chunk.len(), COLUMNS);
            let sql = format!(
                "INSERT INTO notifications (id, recipient_id, from_id, kind, note_id, \
                 created_at) VALUES {rows}"
            );
            let mut query = sqlx::query(&sql);
            for n in chunk {
                query = query
                    .bind(n.id.as_i64())
                    .bind(n.recipient.as_i64())
                    .bind(n.from.as_i64())
                    .bind(n.kind.as_str())
                    .bind(n.note.map(|id| id.as_i64()))
                    .bind(n.created_at.as_millis());
            }
            query.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Dismisses one notification of `recipient`. Returns whether it existed.
    pub async fn delete_notification(
        &mut self,
        recipient: AccountId,
        id: NotificationId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM notifications WHERE id = $1 AND recipient_id = $2")
            .bind(id.as_i64())
            .bind(recipient.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Dismisses all of `recipient`'s notifications; returns how many.
    pub async fn clear_notifications(&mut self, recipient: AccountId) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM notifications WHERE recipient_id = $1")
            .bind(recipient.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }
}
