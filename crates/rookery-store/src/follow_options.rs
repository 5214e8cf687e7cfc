//! The store as core's `FollowSettings` port: a follow's `show_reblogs`, `notify` and
//! `languages` (the last added by migration 0015, space-separated, NULL for all).

use async_trait::async_trait;
use rookery_core::ports::{FollowOptions, FollowSettings, PortResult};
use rookery_core::FollowId;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;

#[async_trait]
impl FollowSettings for Store {
    async fn set_follow_options(&self, id: FollowId, options: &FollowOptions) -> PortResult<bool> {
        let languages = options.languages.as_ref().map(|l| l.join(" "));
        let done = sqlx::query(
            "UPDATE follows SET show_reblogs = $1, notify = $2, languages = $3 WHERE id = $4",
        )
        .bind(options.show_reblogs)
        .bind(options.notify)
        .bind(languages)
        .bind(id.as_i64())
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        Ok(done.rows_affected() > 0)
    }

    async fn follow_languages(&self, id: FollowId) -> PortResult<Option<Vec<String>>> {
        let row = sqlx::query("SELECT languages FROM follows WHERE id = $1")
            .bind(id.as_i64())
            .fetch_optional(&self.read)
            .await
            .map_err(StoreError::from)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let languages: Option<String> = row.try_get("languages").map_err(StoreError::from)?;
        Ok(languages.map(|l| l.split_whitespace().map(str::to_owned).collect()))
    }
}
