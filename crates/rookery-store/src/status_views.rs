//! Core's `StatusViews` port: what a page of statuses shows beyond the notes, read in a
//! few grouped `IN (...)` queries per page (counts, the viewer's state, emoji, polls)
//! rather than a dozen queries per status (issue 7, B5).

use std::collections::HashMap;

use async_trait::async_trait;
use rookery_core::emoji::CustomEmoji;
use rookery_core::poll::{Poll, PollOption};
use rookery_core::ports::{
    AccountCounts, NoteCounts, PortResult, StatusBatch, StatusViews, ViewerTies,
};
use rookery_core::{AccountId, NoteId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::accounts::accounts_by_ids;
use crate::error::StoreError;
use crate::sql::{get_bool, get_count, placeholders};
use crate::store::Store;

/// Runs `sql` with `lead` bound first and `ids` after; `{ids}` in `sql` becomes their
/// placeholder list.
async fn by_ids(
    conn: &mut AnyConnection,
    sql: &str,
    lead: &[i64],
    ids: &[i64],
) -> Result<Vec<AnyRow>, StoreError> {
    let sql = sql.replace("{ids}", &placeholders(lead.len() + 1, ids.len()));
    let mut query = sqlx::query(&sql);
    for value in lead.iter().chain(ids) {
        query = query.bind(*value);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Rows of `(k, id, n)`: which count, of what, how many.
fn counts(rows: &[AnyRow]) -> Result<Vec<(String, i64, u64)>, StoreError> {
    rows.iter()
        .map(|r| Ok((r.try_get("k")?, r.try_get("id")?, get_count(r, "n")?)))
        .collect()
}

async fn account_counts(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<AccountId, AccountCounts>, StoreError> {
    let rows = by_ids(
        conn,
        "SELECT 'r' AS k, followee_id AS id, COUNT(*) AS n FROM follows \
         WHERE followee_id IN ({ids}) AND state = 'accepted' GROUP BY followee_id \
         UNION ALL SELECT 'g' AS k, follower_id AS id, COUNT(*) AS n FROM follows \
         WHERE follower_id IN ({ids}) AND state = 'accepted' GROUP BY follower_id \
         UNION ALL SELECT 's' AS k, author_id AS id, COUNT(*) AS n FROM notes \
         WHERE author_id IN ({ids}) GROUP BY author_id",
        &[],
        ids,
    )
    .await?;
    let mut out: HashMap<AccountId, AccountCounts> = HashMap::new();
    for (k, id, n) in counts(&rows)? {
        let entry = out.entry(AccountId::from_i64(id)).or_default();
        match k.as_str() {
            "r" => entry.followers = n,
            "g" => entry.following = n,
            _ => entry.statuses = n,
        }
    }
    Ok(out)
}

async fn note_counts(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<NoteId, NoteCounts>, StoreError> {
    let rows = by_ids(
        conn,
        "SELECT 'l' AS k, note_id AS id, COUNT(*) AS n FROM likes \
         WHERE note_id IN ({ids}) GROUP BY note_id \
         UNION ALL SELECT 's' AS k, note_id AS id, COUNT(*) AS n FROM shares \
         WHERE note_id IN ({ids}) GROUP BY note_id \
         UNION ALL SELECT 'r' AS k, in_reply_to_id AS id, COUNT(*) AS n FROM notes \
         WHERE in_reply_to_id IN ({ids}) GROUP BY in_reply_to_id",
        &[],
        ids,
    )
    .await?;
    let mut out: HashMap<NoteId, NoteCounts> = HashMap::new();
    for (k, id, n) in counts(&rows)? {
        let entry = out.entry(NoteId::from_i64(id)).or_default();
        match k.as_str() {
            "l" => entry.likes = n,
            "s" => entry.shares = n,
            _ => entry.replies = n,
        }
    }
    Ok(out)
}

/// The viewer's likes, shares, bookmarks and pins among the notes.
async fn viewer_state(
    conn: &mut AnyConnection,
    viewer: AccountId,
    ids: &[i64],
    batch: &mut StatusBatch,
) -> Result<(), StoreError> {
    let rows = by_ids(
        conn,
        "SELECT 'l' AS k, note_id AS id FROM likes WHERE account_id = $1 AND note_id IN ({ids}) \
         UNION ALL SELECT 's' AS k, note_id AS id FROM shares \
         WHERE account_id = $1 AND note_id IN ({ids}) \
         UNION ALL SELECT 'b' AS k, note_id AS id FROM bookmarks \
         WHERE account_id = $1 AND note_id IN ({ids}) \
         UNION ALL SELECT 'p' AS k, note_id AS id FROM pins \
         WHERE account_id = $1 AND note_id IN ({ids})",
        &[viewer.as_i64()],
        ids,
    )
    .await?;
    for row in &rows {
        let k: String = row.try_get("k")?;
        let id = NoteId::from_i64(row.try_get("id")?);
        let set = match k.as_str() {
            "l" => &mut batch.liked,
            "s" => &mut batch.shared,
            "b" => &mut batch.bookmarked,
            _ => &mut batch.pinned,
        };
        set.insert(id);
    }
    Ok(())
}

async fn emojis(
    conn: &mut AnyConnection,
    ids: &[i64],
    batch: &mut StatusBatch,
) -> Result<(), StoreError> {
    let rows = by_ids(
        conn,
        "SELECT n.note_id, e.shortcode, e.url FROM note_emojis n \
         JOIN custom_emojis e ON e.domain = n.domain AND e.shortcode = n.shortcode \
         WHERE n.note_id IN ({ids}) ORDER BY n.note_id, e.shortcode",
        &[],
        ids,
    )
    .await?;
    for row in &rows {
        let note = NoteId::from_i64(row.try_get("note_id")?);
        batch.emojis.entry(note).or_default().push(CustomEmoji {
            shortcode: row.try_get("shortcode")?,
            url: row.try_get("url")?,
        });
    }
    Ok(())
}

async fn polls(
    conn: &mut AnyConnection,
    viewer: Option<AccountId>,
    ids: &[i64],
    batch: &mut StatusBatch,
) -> Result<(), StoreError> {
    let rows = by_ids(
        conn,
        "SELECT note_id, multiple, hide_totals, expires_at, voters_count, updated_at \
         FROM polls WHERE note_id IN ({ids})",
        &[],
        ids,
    )
    .await?;
    if rows.is_empty() {
        return Ok(());
    }
    for row in &rows {
        let note = NoteId::from_i64(row.try_get("note_id")?);
        let poll = Poll {
            note,
            options: Vec::new(),
            multiple: get_bool(row, "multiple")?,
            hide_totals: get_bool(row, "hide_totals")?,
            expires_at: row
                .try_get::<Option<i64>, _>("expires_at")?
                .map(Timestamp::from_millis),
            voters_count: get_count(row, "voters_count")?,
            updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
        };
        batch.polls.insert(note, poll);
    }
    let with_polls: Vec<i64> = batch.polls.keys().map(|n| n.as_i64()).collect();
    let options = by_ids(
        conn,
        "SELECT note_id, title, votes FROM poll_options WHERE note_id IN ({ids}) \
         ORDER BY note_id, position",
        &[],
        &with_polls,
    )
    .await?;
    for row in &options {
        let note = NoteId::from_i64(row.try_get("note_id")?);
        if let Some(poll) = batch.polls.get_mut(&note) {
            poll.options.push(PollOption {
                title: row.try_get("title")?,
                votes: get_count(row, "votes")?,
            });
        }
    }
    if let Some(viewer) = viewer {
        let choices = by_ids(
            conn,
            "SELECT note_id, choice FROM poll_votes WHERE account_id = $1 \
             AND note_id IN ({ids}) ORDER BY note_id, choice",
            &[viewer.as_i64()],
            &with_polls,
        )
        .await?;
        for row in &choices {
            let note = NoteId::from_i64(row.try_get("note_id")?);
            let choice = u32::try_from(row.try_get::<i64, _>("choice")?).unwrap_or(u32::MAX);
            batch.poll_choices.entry(note).or_default().push(choice);
        }
    }
    Ok(())
}

impl Store {
    /// See [`StatusViews::status_batch`].
    pub async fn status_batch(
        &self,
        notes: &[NoteId],
        accounts: &[AccountId],
        viewer: Option<AccountId>,
    ) -> Result<StatusBatch, StoreError> {
        let mut batch = StatusBatch::default();
        let mut conn = self.read.acquire().await?;
        let account_ids: Vec<i64> = unique(accounts.iter().map(|a| a.as_i64()));
        if !account_ids.is_empty() {
            batch.accounts = accounts_by_ids(&mut conn, &account_ids)
                .await?
                .into_iter()
                .map(|(id, account)| (AccountId::from_i64(id), account))
                .collect();
            batch.account_counts = account_counts(&mut conn, &account_ids).await?;
        }
        let note_ids: Vec<i64> = unique(notes.iter().map(|n| n.as_i64()));
        if note_ids.is_empty() {
            return Ok(batch);
        }
        batch.note_counts = note_counts(&mut conn, &note_ids).await?;
        if let Some(viewer) = viewer {
            viewer_state(&mut conn, viewer, &note_ids, &mut batch).await?;
        }
        emojis(&mut conn, &note_ids, &mut batch).await?;
        polls(&mut conn, viewer, &note_ids, &mut batch).await?;
        Ok(batch)
    }
}

impl Store {
    /// See `Repository::viewer_ties`: the accounts, then one query for the viewer's
    /// follows, blocks (both ways), mutes and domain blocks among them.
    pub async fn viewer_ties(
        &self,
        viewer: AccountId,
        accounts: &[AccountId],
    ) -> Result<ViewerTies, StoreError> {
        let mut ties = ViewerTies::default();
        let ids: Vec<i64> = unique(accounts.iter().map(|a| a.as_i64()));
        if ids.is_empty() {
            return Ok(ties);
        }
        let mut conn = self.read.acquire().await?;
        ties.accounts = accounts_by_ids(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|(id, account)| (AccountId::from_i64(id), account))
            .collect();
        let rows = by_ids(
            &mut conn,
            "SELECT 'f' AS k, followee_id AS id, CAST(0 AS BIGINT) AS x FROM follows \
             WHERE follower_id = $1 AND state = 'accepted' AND followee_id IN ({ids}) \
             UNION ALL SELECT 'b' AS k, blocked_id AS id, CAST(0 AS BIGINT) AS x FROM blocks \
             WHERE blocker_id = $1 AND blocked_id IN ({ids}) \
             UNION ALL SELECT 'B' AS k, blocker_id AS id, CAST(0 AS BIGINT) AS x FROM blocks \
             WHERE blocked_id = $1 AND blocker_id IN ({ids}) \
             UNION ALL SELECT 'm' AS k, muted_id AS id, \
             CAST(CASE WHEN notifications THEN 1 ELSE 0 END AS BIGINT) AS x FROM mutes \
             WHERE muter_id = $1 AND muted_id IN ({ids}) \
             UNION ALL SELECT 'd' AS k, a.id AS id, CAST(0 AS BIGINT) AS x FROM accounts a \
             JOIN domain_blocks d ON d.domain = a.domain AND d.account_id = $1 \
             WHERE a.id IN ({ids})",
            &[viewer.as_i64()],
            &ids,
        )
        .await?;
        for row in &rows {
            let k: String = row.try_get("k")?;
            let id = AccountId::from_i64(row.try_get("id")?);
            if k == "f" {
                ties.follows.insert(id);
                continue;
            }
            if id == viewer {
                continue;
            }
            let relations = ties.relations.entry(id).or_default();
            match k.as_str() {
                "b" => relations.viewer_blocks_author = true,
                "B" => relations.author_blocks_viewer = true,
                "m" => {
                    relations.viewer_mutes_author = true;
                    relations.viewer_mutes_author_notifications = row.try_get::<i64, _>("x")? != 0;
                }
                _ => relations.viewer_domain_blocks_author = true,
            }
        }
        Ok(ties)
    }
}

fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[async_trait]
impl StatusViews for Store {
    async fn status_batch(
        &self,
        notes: &[NoteId],
        accounts: &[AccountId],
        viewer: Option<AccountId>,
    ) -> PortResult<StatusBatch> {
        Ok(Store::status_batch(self, notes, accounts, viewer).await?)
    }
}
