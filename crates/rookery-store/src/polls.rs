//! Polls and votes (core's `PollReads`/`PollWrites` ports), on both backends.

use async_trait::async_trait;
use rookery_core::poll::{Poll, PollOption, PollVote};
use rookery_core::ports::{PollReads, PollWrites, PortResult};
use rookery_core::{AccountId, NoteId, Timestamp};
use sqlx::{AnyConnection, Row};

use crate::error::StoreError;
use crate::sql::{get_bool, get_count};
use crate::store::Store;
use crate::tx::StoreTx;

fn count_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

async fn load_poll(conn: &mut AnyConnection, note: NoteId) -> Result<Option<Poll>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT multiple, hide_totals, expires_at, voters_count, updated_at \
         FROM polls WHERE note_id = $1",
    )
    .bind(note.as_i64())
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let options =
        sqlx::query("SELECT title, votes FROM poll_options WHERE note_id = $1 ORDER BY position")
            .bind(note.as_i64())
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(PollOption {
                    title: r.try_get("title")?,
                    votes: get_count(r, "votes")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(Poll {
        note,
        options,
        multiple: get_bool(&row, "multiple")?,
        hide_totals: get_bool(&row, "hide_totals")?,
        expires_at: row
            .try_get::<Option<i64>, _>("expires_at")?
            .map(Timestamp::from_millis),
        voters_count: get_count(&row, "voters_count")?,
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    }))
}

impl StoreTx {
    /// Stores `poll`, or replaces its options, counts and end; votes stay.
    pub async fn upsert_poll(&mut self, poll: &Poll) -> Result<(), StoreError> {
        let note = poll.note.as_i64();
        sqlx::query(
            "INSERT INTO polls (note_id, multiple, hide_totals, expires_at, voters_count, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (note_id) DO UPDATE SET \
             multiple = $2, hide_totals = $3, expires_at = $4, voters_count = $5, \
             updated_at = $6",
        )
        .bind(note)
        .bind(poll.multiple)
        .bind(poll.hide_totals)
        .bind(poll.expires_at.map(|t| t.as_millis()))
        .bind(count_i64(poll.voters_count))
        .bind(poll.updated_at.as_millis())
        .execute(self.conn())
        .await?;
        sqlx::query("DELETE FROM poll_options WHERE note_id = $1")
            .bind(note)
            .execute(self.conn())
            .await?;
        for (position, option) in poll.options.iter().enumerate() {
            sqlx::query(
                "INSERT INTO poll_options (note_id, position, title, votes) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(note)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(option.title.as_str())
            .bind(count_i64(option.votes))
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    /// Records one choice; false when it was recorded already.
    pub async fn insert_poll_vote(&mut self, vote: &PollVote) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO poll_votes (note_id, account_id, choice, uri, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (note_id, account_id, choice) DO NOTHING",
        )
        .bind(vote.note.as_i64())
        .bind(vote.account.as_i64())
        .bind(i64::from(vote.choice))
        .bind(vote.uri.as_deref())
        .bind(vote.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sets the counts of `note`'s poll from its stored votes.
    pub async fn recount_poll(
        &mut self,
        note: NoteId,
        now: Timestamp,
    ) -> Result<Option<Poll>, StoreError> {
        let id = note.as_i64();
        // Strictly later than the last change: each recount is a distinct update.
        sqlx::query(
            "UPDATE polls SET voters_count = \
             (SELECT COUNT(DISTINCT account_id) FROM poll_votes WHERE note_id = $1), \
             updated_at = CASE WHEN updated_at >= $2 THEN updated_at + 1 ELSE $2 END \
             WHERE note_id = $1",
        )
        .bind(id)
        .bind(now.as_millis())
        .execute(self.conn())
        .await?;
        sqlx::query(
            "UPDATE poll_options SET votes = (SELECT COUNT(*) FROM poll_votes v \
             WHERE v.note_id = poll_options.note_id AND v.choice = poll_options.position) \
             WHERE note_id = $1",
        )
        .bind(id)
        .execute(self.conn())
        .await?;
        load_poll(self.conn(), note).await
    }
}

impl Store {
    pub async fn poll(&self, note: NoteId) -> Result<Option<Poll>, StoreError> {
        let mut conn = self.read.acquire().await?;
        load_poll(&mut conn, note).await
    }

    /// The options `account` chose, ascending.
    pub async fn poll_choices(
        &self,
        note: NoteId,
        account: AccountId,
    ) -> Result<Vec<u32>, StoreError> {
        sqlx::query(
            "SELECT choice FROM poll_votes WHERE note_id = $1 AND account_id = $2 \
             ORDER BY choice",
        )
        .bind(note.as_i64())
        .bind(account.as_i64())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok(u32::try_from(r.try_get::<i64, _>("choice")?).unwrap_or(u32::MAX)))
        .collect()
    }

    pub async fn poll_voters(&self, note: NoteId) -> Result<Vec<AccountId>, StoreError> {
        sqlx::query(
            "SELECT DISTINCT account_id FROM poll_votes WHERE note_id = $1 ORDER BY account_id",
        )
        .bind(note.as_i64())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok(AccountId::from_i64(r.try_get("account_id")?)))
        .collect()
    }
}

#[async_trait]
impl PollReads for Store {
    async fn poll(&self, note: NoteId) -> PortResult<Option<Poll>> {
        Ok(Store::poll(self, note).await?)
    }
    async fn poll_choices(&self, note: NoteId, account: AccountId) -> PortResult<Vec<u32>> {
        Ok(Store::poll_choices(self, note, account).await?)
    }
    async fn poll_voters(&self, note: NoteId) -> PortResult<Vec<AccountId>> {
        Ok(Store::poll_voters(self, note).await?)
    }
}

#[async_trait]
impl PollWrites for StoreTx {
    async fn upsert_poll(&mut self, poll: &Poll) -> PortResult<()> {
        Ok(StoreTx::upsert_poll(self, poll).await?)
    }
    async fn insert_poll_vote(&mut self, vote: &PollVote) -> PortResult<bool> {
        Ok(StoreTx::insert_poll_vote(self, vote).await?)
    }
    async fn recount_poll(&mut self, note: NoteId, now: Timestamp) -> PortResult<Option<Poll>> {
        Ok(StoreTx::recount_poll(self, note, now).await?)
    }
}
