//! Timeline candidates. The store picks the notes a timeline may show; the caller
//! applies the visibility, block, mute and reply rules of core before rendering.
//! All results are newest first (see [`Page`]).

use rookery_core::{AccountId, Note};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::note_parts::{load_attachments, parts_columns, read_parts};
use crate::page::{paging, Page};
use crate::rows::{self, NOTE_COLUMNS};
use crate::status_views::{id_array, id_list};
use crate::store::Store;

/// Runs `SELECT notes ... FROM {from} WHERE {filter}` with paging on `n.id`. `filter`
/// may use `$1 .. $lead.len()` for `lead`.
async fn paged_notes(
    conn: &mut AnyConnection,
    backend: Backend,
    from: &str,
    filter: &str,
    lead: &[i64],
    page: &Page,
) -> Result<Vec<Note>, StoreError> {
    let tail = paging(page, "n.id", lead.len() + 1);
    let sql = format!(
        "SELECT {NOTE_COLUMNS}{} FROM {from} WHERE {filter}{}",
        parts_columns(backend),
        tail.sql
    );
    let mut query = sqlx::query(&sql);
    for value in lead.iter().chain(tail.binds.iter()) {
        query = query.bind(*value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    notes_with_parts(conn, backend, &rows, tail.reverse).await
}

/// The notes of a page's rows, selected with `note_parts::parts_columns`: mentions and
/// hashtags come in the rows; attachments take one more query, only when some note of
/// the page has any.
async fn notes_with_parts(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[AnyRow],
    reverse: bool,
) -> Result<Vec<Note>, StoreError> {
    let mut notes = Vec::with_capacity(rows.len());
    let mut with_media = Vec::new();
    for row in rows {
        let mut note = rows::note(row)?;
        if read_parts(row, &mut note)? {
            with_media.push(note.id.as_i64());
        }
        notes.push(note);
    }
    if reverse {
        notes.reverse();
    }
    if !with_media.is_empty() {
        let ids = id_array(with_media);
        load_attachments(conn, &mut notes, &ids, &id_list(backend, 1)).await?;
    }
    Ok(notes)
}

impl Store {
    /// Home timeline candidates of `owner`: their own notes and those of accounts they
    /// follow (accepted follows), any visibility.
    pub async fn home_timeline(
        &self,
        owner: AccountId,
        page: &Page,
    ) -> Result<Vec<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        paged_notes(
            &mut conn,
            self.backend(),
            "notes n",
            // Unary `+` keeps the planners off `notes_author`: through it they read every
            // note of every followed account and sort them (13 ms p50 on 1M notes, B5);
            // walking the primary key newest first and checking membership stops after
            // the page is full, which for an owner following ~100 of 2,000 accounts
            // means a few hundred rows. On SQLite those are entries of `notes_id_author`
            // (migration 0023): only the ~40 kept notes' rows are read.
            "(+n.author_id = $1 OR +n.author_id IN (SELECT f.followee_id FROM follows f \
             WHERE f.follower_id = $1 AND f.state = 'accepted'))",
            &[owner.as_i64()],
            page,
        )
        .await
    }

    /// Public timeline: notes with public visibility, only those of local authors when
    /// `local_only`.
    pub async fn public_timeline(
        &self,
        local_only: bool,
        page: &Page,
    ) -> Result<Vec<Note>, StoreError> {
        let filter = if local_only {
            "n.visibility = 'public' AND a.domain IS NULL"
        } else {
            "n.visibility = 'public'"
        };
        let mut conn = self.read.acquire().await?;
        paged_notes(
            &mut conn,
            self.backend(),
            "notes n JOIN accounts a ON a.id = n.author_id",
            filter,
            &[],
            page,
        )
        .await
    }

    /// Every note authored by `account`, any visibility.
    pub async fn account_timeline(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        paged_notes(
            &mut conn,
            self.backend(),
            "notes n",
            "n.author_id = $1",
            &[account.as_i64()],
            page,
        )
        .await
    }

    /// Notes that mention `account`, any visibility (for conversations and mentions).
    pub async fn mentions_of(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<Vec<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        paged_notes(
            &mut conn,
            self.backend(),
            "notes n JOIN note_mentions m ON m.note_id = n.id",
            "m.account_id = $1",
            &[account.as_i64()],
            page,
        )
        .await
    }
}

impl Store {
    /// Public notes carrying hashtag `tag` (normalized: lowercased, no `#`), newest first
    /// (Mastodon's tag timeline; activitypub.md §5.4). Local and remote alike.
    pub async fn tag_timeline(&self, tag: &str, page: &Page) -> Result<Vec<Note>, StoreError> {
        let backend = self.backend();
        let tail = paging(page, "n.id", 2);
        let sql = format!(
            "SELECT {NOTE_COLUMNS}{} FROM notes n JOIN note_tags t ON t.note_id = n.id \
             WHERE t.tag = $1 AND n.visibility = 'public'{}",
            parts_columns(backend),
            tail.sql
        );
        let mut query = sqlx::query(&sql).bind(tag);
        for value in &tail.binds {
            query = query.bind(*value);
        }
        let mut conn = self.read.acquire().await?;
        let rows = query.fetch_all(&mut *conn).await?;
        notes_with_parts(&mut conn, backend, &rows, tail.reverse).await
    }
}
