//! Reports to the moderators (activitypub.md §5.10, versia.md §10.10): stored once per
//! federation id, read newest first.

use rookery_core::{AccountId, NoteId, Report, ReportId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

fn join_ids(ids: impl Iterator<Item = i64>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(" ")
}

fn split_ids(text: &str) -> Result<Vec<i64>, StoreError> {
    text.split_whitespace()
        .map(|id| {
            id.parse()
                .map_err(|_| StoreError::Corrupt(format!("report id list {text:?}")))
        })
        .collect()
}

fn report_from_row(row: &AnyRow) -> Result<Report, StoreError> {
    let tags: String = row.try_get("tags")?;
    Ok(Report {
        id: ReportId::from_i64(row.try_get("id")?),
        reporter: row
            .try_get::<Option<i64>, _>("reporter_id")?
            .map(AccountId::from_i64),
        accounts: split_ids(&row.try_get::<String, _>("account_ids")?)?
            .into_iter()
            .map(AccountId::from_i64)
            .collect(),
        notes: split_ids(&row.try_get::<String, _>("note_ids")?)?
            .into_iter()
            .map(NoteId::from_i64)
            .collect(),
        comment: row.try_get("comment")?,
        tags: tags.lines().map(str::to_owned).collect(),
        uri: row.try_get("uri")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

impl StoreTx {
    /// Stores `report`; false when a report with its `uri` exists already.
    pub async fn insert_report(&mut self, report: &Report) -> Result<bool, StoreError> {
        let tags: Vec<&str> = report
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty() && !t.contains('\n'))
            .collect();
        let done = sqlx::query(
            "INSERT INTO reports (id, reporter_id, account_ids, note_ids, comment, tags, uri, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (uri) DO NOTHING",
        )
        .bind(report.id.as_i64())
        .bind(report.reporter.map(AccountId::as_i64))
        .bind(join_ids(report.accounts.iter().map(|a| a.as_i64())))
        .bind(join_ids(report.notes.iter().map(|n| n.as_i64())))
        .bind(report.comment.as_str())
        .bind(tags.join("\n"))
        .bind(report.uri.as_deref())
        .bind(report.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

impl Store {
    /// The newest reports, at most `limit`.
    pub async fn recent_reports(&self, limit: u32) -> Result<Vec<Report>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, reporter_id, account_ids, note_ids, comment, tags, uri, created_at \
             FROM reports ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(report_from_row).collect()
    }
}
