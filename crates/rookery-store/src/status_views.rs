//! Core's `StatusViews` port: what a page of statuses shows beyond the notes, read in
//! two queries per page (the accounts with their counts; counts, the viewer's state,
//! emoji and polls of the notes), whatever the page's size, rather than a dozen queries
//! per status (issue 7, B5). Also `viewer_ties`, the timelines' filter input, in one.

use async_trait::async_trait;
use rookery_core::emoji::CustomEmoji;
use rookery_core::poll::{Poll, PollOption};
use rookery_core::ports::{PortResult, StatusBatch, StatusViews, ViewerTies};
use rookery_core::visibility::Relations;
use rookery_core::{AccountId, NoteId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::accounts::accounts_shown;
use crate::backend::Backend;
use crate::error::StoreError;
use crate::rows::{self, ACCOUNT_COLUMNS};
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

/// `FROM` and `WHERE` parts selecting the rows of `table` (with its alias) whose
/// `column` is in the JSON id array bound at `$param`. SQLite walks the array and probes
/// the table's index for each id (`CROSS JOIN` keeps the array outside); its `IN (SELECT
/// ... json_each ...)` built a temporary table per list first, 3 to 5 times slower for
/// a page (issue 7, B5). PostgreSQL keeps `= ANY` (see [`id_list`]). The ids must be
/// distinct, or the join repeats rows.
pub(crate) fn from_ids(backend: Backend, param: usize, table: &str, column: &str) -> String {
    match backend {
        Backend::Sqlite => {
            format!("json_each(${param}) ids CROSS JOIN {table} WHERE {column} = ids.value")
        }
        Backend::Postgres => format!("{table} WHERE {column}{}", id_list(backend, param)),
    }
}

/// Everything a page shows per note, in one query: counts (`l` likes, `s` shares, `r`
/// replies), the viewer's likes, shares, bookmarks and pins (`L`, `S`, `B`, `P`), emoji
/// (`e`, shortcode and URL) and which notes have a poll (`p`). One row shape for all:
/// kind, note, count, two texts.
fn per_note_sql(backend: Backend, viewer: bool) -> String {
    let from = |table: &str, column: &str| from_ids(backend, 1, table, column);
    let mut sql = format!(
        "SELECT 'l' AS k, x.note_id AS id, COUNT(*) AS n, CAST(NULL AS TEXT) AS s1, \
         CAST(NULL AS TEXT) AS s2 FROM {} GROUP BY x.note_id \
         UNION ALL SELECT 's', x.note_id, COUNT(*), NULL, NULL FROM {} GROUP BY x.note_id \
         UNION ALL SELECT 'r', x.in_reply_to_id, COUNT(*), NULL, NULL FROM {} \
         GROUP BY x.in_reply_to_id \
         UNION ALL SELECT 'e', m.note_id, CAST(0 AS BIGINT), e.shortcode, e.url \
         FROM {} AND e.domain = m.domain AND e.shortcode = m.shortcode \
         UNION ALL SELECT 'p', x.note_id, CAST(0 AS BIGINT), NULL, NULL FROM {}",
        from("likes x", "x.note_id"),
        from("shares x", "x.note_id"),
        from("notes x", "x.in_reply_to_id"),
        from("note_emojis m CROSS JOIN custom_emojis e", "m.note_id"),
        from("polls x", "x.note_id"),
    );
    if viewer {
        for (kind, table) in [
            ("L", "likes"),
            ("S", "shares"),
            ("B", "bookmarks"),
            ("P", "pins"),
        ] {
            sql.push_str(&format!(
                " UNION ALL SELECT '{kind}', x.note_id, CAST(0 AS BIGINT), NULL, NULL \
                 FROM {} AND x.account_id = $2",
                from(&format!("{table} x"), "x.note_id")
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
    /// See `Repository::viewer_ties`: one query, the accounts (without keys) each with
    /// the viewer's follow, blocks (both ways), mute and domain block as columns beside
    /// it. A separate ties query cost a second round trip to a reader connection (a
    /// thread hop each way on SQLite), which under load waits for a core (issue 7, B5).
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
        let from = from_ids(self.backend(), 2, "accounts a", "a.id");
        // Each tie is an index probe on a primary or unique key of its table. `t_m` is
        // NULL without a mute, else 1, or 2 when the mute covers notifications too.
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, \
             EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 \
              AND f.followee_id = a.id AND f.state = 'accepted') AS t_f, \
             EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 \
              AND b.blocked_id = a.id) AS t_b, \
             EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = a.id \
              AND b.blocked_id = $1) AS t_bb, \
             (SELECT CAST(CASE WHEN m.notifications THEN 2 ELSE 1 END AS BIGINT) \
              FROM mutes m WHERE m.muter_id = $1 AND m.muted_id = a.id) AS t_m, \
             EXISTS (SELECT 1 FROM domain_blocks d WHERE d.account_id = $1 \
              AND d.domain = a.domain) AS t_d \
             FROM {from}"
        );
        let mut conn = self.read.acquire().await?;
        let rows = sqlx::query(&sql)
            .bind(viewer.as_i64())
            .bind(ids.as_str())
            .fetch_all(&mut *conn)
            .await?;
        drop(conn);
        for row in &rows {
            let account = rows::account(row)?;
            let id = account.id;
            ties.accounts.insert(id, account);
            if get_bool(row, "t_f")? {
                ties.follows.insert(id);
            }
            if id == viewer {
                continue;
            }
            let mute = row.try_get::<Option<i64>, _>("t_m")?;
            let relations = Relations {
                viewer_blocks_author: get_bool(row, "t_b")?,
                author_blocks_viewer: get_bool(row, "t_bb")?,
                viewer_mutes_author: mute.is_some(),
                viewer_mutes_author_notifications: mute == Some(2),
                viewer_domain_blocks_author: get_bool(row, "t_d")?,
            };
            if relations != Relations::default() {
                ties.relations.insert(id, relations);
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
