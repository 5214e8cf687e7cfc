//! Core's `StatusViews` port: what a page of statuses shows beyond the notes, read in
//! two queries per page (the accounts with their counts; counts, the viewer's state,
//! emoji and polls of the notes), whatever the page's size, rather than a dozen queries
//! per status (issue 7, B5). Also `viewer_ties`, the timelines' filter input.

use async_trait::async_trait;
use rookery_core::emoji::CustomEmoji;
use rookery_core::poll::{Poll, PollOption};
use rookery_core::ports::{PortResult, StatusBatch, StatusViews, ViewerTies};
use rookery_core::{AccountId, NoteId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::accounts::accounts_shown;
use crate::backend::Backend;
use crate::error::StoreError;
use crate::sql::{get_bool, get_count, placeholders};
use crate::store::Store;

/// A list of ids as one JSON array text, bound as a single parameter: the statement
/// text then never depends on how many ids a page has, so each connection prepares it
/// once and reuses it (an `IN ($1, ..., $n)` list is a new statement for every `n`).
pub(crate) fn id_array(ids: impl IntoIterator<Item = i64>) -> String {
    let mut out = String::from("[");
    for (n, id) in ids.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

/// ` IN (...)` or ` = ANY(...)` matching the JSON id array bound at `$param`: follows
/// the column it tests (`format!("a.id{list}")`). PostgreSQL gets `= ANY` of an array
/// because with `IN (SELECT ... json_array_elements_text ...)` its planner guesses 100
/// ids and may hash-join a sequential scan of `notes` (seen on the B5 data); `= ANY`
/// keeps it on the index.
pub(crate) fn id_list(backend: Backend, param: usize) -> String {
    match backend {
        Backend::Sqlite => format!(" IN (SELECT value FROM json_each(${param}))"),
        Backend::Postgres => {
            format!(" = ANY(ARRAY(SELECT json_array_elements_text(${param}::json)::bigint))")
        }
    }
}

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

/// Everything a page shows per note, in one query: counts (`l` likes, `s` shares, `r`
/// replies), the viewer's likes, shares, bookmarks and pins (`L`, `S`, `B`, `P`), emoji
/// (`e`, shortcode and URL) and which notes have a poll (`p`). One row shape for all:
/// kind, note, count, two texts.
fn per_note_sql(backend: Backend, viewer: bool) -> String {
    let ids = id_list(backend, 1);
    let mut sql = format!(
        "SELECT 'l' AS k, note_id AS id, COUNT(*) AS n, CAST(NULL AS TEXT) AS s1, \
         CAST(NULL AS TEXT) AS s2 FROM likes WHERE note_id{ids} GROUP BY note_id \
         UNION ALL SELECT 's', note_id, COUNT(*), NULL, NULL FROM shares \
         WHERE note_id{ids} GROUP BY note_id \
         UNION ALL SELECT 'r', in_reply_to_id, COUNT(*), NULL, NULL FROM notes \
         WHERE in_reply_to_id{ids} GROUP BY in_reply_to_id \
         UNION ALL SELECT 'e', m.note_id, CAST(0 AS BIGINT), e.shortcode, e.url \
         FROM note_emojis m JOIN custom_emojis e \
         ON e.domain = m.domain AND e.shortcode = m.shortcode WHERE m.note_id{ids} \
         UNION ALL SELECT 'p', note_id, CAST(0 AS BIGINT), NULL, NULL FROM polls \
         WHERE note_id{ids}"
    );
    if viewer {
        for (kind, table) in [
            ("L", "likes"),
            ("S", "shares"),
            ("B", "bookmarks"),
            ("P", "pins"),
        ] {
            sql.push_str(&format!(
                " UNION ALL SELECT '{kind}', note_id, CAST(0 AS BIGINT), NULL, NULL \
                 FROM {table} WHERE account_id = $2 AND note_id{ids}"
            ));
        }
    }
    sql
}

/// Reads [`per_note_sql`] into `batch`; returns the notes that have a poll.
async fn per_note(
    conn: &mut AnyConnection,
    backend: Backend,
    viewer: Option<AccountId>,
    ids: &str,
    batch: &mut StatusBatch,
) -> Result<Vec<i64>, StoreError> {
    let sql = per_note_sql(backend, viewer.is_some());
    let mut query = sqlx::query(&sql).bind(ids);
    if let Some(viewer) = viewer {
        query = query.bind(viewer.as_i64());
    }
    let mut with_polls = Vec::new();
    for row in &query.fetch_all(&mut *conn).await? {
        let k: String = row.try_get("k")?;
        let raw: i64 = row.try_get("id")?;
        let id = NoteId::from_i64(raw);
        match k.as_str() {
            "l" | "s" | "r" => {
                let n = get_count(row, "n")?;
                let counts = batch.note_counts.entry(id).or_default();
                match k.as_str() {
                    "l" => counts.likes = n,
                    "s" => counts.shares = n,
                    _ => counts.replies = n,
                }
            }
            "e" => batch.emojis.entry(id).or_default().push(CustomEmoji {
                shortcode: row.try_get("s1")?,
                url: row.try_get("s2")?,
            }),
            "p" => with_polls.push(raw),
            "L" => {
                batch.liked.insert(id);
            }
            "S" => {
                batch.shared.insert(id);
            }
            "B" => {
                batch.bookmarked.insert(id);
            }
            _ => {
                batch.pinned.insert(id);
            }
        }
    }
    // A note's emoji by shortcode, as before the rows came in one union.
    for list in batch.emojis.values_mut() {
        list.sort_by(|a, b| a.shortcode.cmp(&b.shortcode));
    }
    Ok(with_polls)
}

async fn polls(
    conn: &mut AnyConnection,
    viewer: Option<AccountId>,
    ids: &[i64],
    batch: &mut StatusBatch,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
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
    /// See [`StatusViews::status_batch`]. Two queries for a page (its accounts with
    /// their counts; everything per note), three more only when some note has a poll.
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
            let shown =
                accounts_shown(&mut conn, self.backend(), &id_array(account_ids), true).await?;
            for (account, counts) in shown {
                batch.account_counts.insert(account.id, counts);
                batch.accounts.insert(account.id, account);
            }
        }
        let note_ids: Vec<i64> = unique(notes.iter().map(|n| n.as_i64()));
        if note_ids.is_empty() {
            return Ok(batch);
        }
        let ids = id_array(note_ids);
        let with_polls = per_note(&mut conn, self.backend(), viewer, &ids, &mut batch).await?;
        polls(&mut conn, viewer, &with_polls, &mut batch).await?;
        Ok(batch)
    }
}

impl Store {
    /// See `Repository::viewer_ties`: the accounts (without keys), then one query for
    /// the viewer's follows, blocks (both ways), mutes and domain blocks among them.
    pub async fn viewer_ties(
        &self,
        viewer: AccountId,
        accounts: &[AccountId],
    ) -> Result<ViewerTies, StoreError> {
        let mut ties = ViewerTies::default();
        let ids = unique(accounts.iter().map(|a| a.as_i64()));
        if ids.is_empty() {
            return Ok(ties);
        }
        let ids = id_array(ids);
        let backend = self.backend();
        let mut conn = self.read.acquire().await?;
        ties.accounts = accounts_shown(&mut conn, backend, &ids, false)
            .await?
            .into_iter()
            .map(|(account, _)| (account.id, account))
            .collect();
        let list = id_list(backend, 2);
        let sql = format!(
            "SELECT 'f' AS k, followee_id AS id, CAST(0 AS BIGINT) AS x FROM follows \
             WHERE follower_id = $1 AND state = 'accepted' AND followee_id{list} \
             UNION ALL SELECT 'b' AS k, blocked_id AS id, CAST(0 AS BIGINT) AS x FROM blocks \
             WHERE blocker_id = $1 AND blocked_id{list} \
             UNION ALL SELECT 'B' AS k, blocker_id AS id, CAST(0 AS BIGINT) AS x FROM blocks \
             WHERE blocked_id = $1 AND blocker_id{list} \
             UNION ALL SELECT 'm' AS k, muted_id AS id, \
             CAST(CASE WHEN notifications THEN 1 ELSE 0 END AS BIGINT) AS x FROM mutes \
             WHERE muter_id = $1 AND muted_id{list} \
             UNION ALL SELECT 'd' AS k, a.id AS id, CAST(0 AS BIGINT) AS x FROM accounts a \
             JOIN domain_blocks d ON d.domain = a.domain AND d.account_id = $1 \
             WHERE a.id{list}"
        );
        let rows = sqlx::query(&sql)
            .bind(viewer.as_i64())
            .bind(ids.as_str())
            .fetch_all(&mut *conn)
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
