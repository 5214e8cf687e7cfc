//! Notes with their mentions, attachments and hashtags.

use std::collections::BTreeSet;

use rookery_core::{AccountId, Note, NoteId};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

use crate::backend::Backend;
use crate::error::StoreError;
use crate::note_parts;
use crate::rows::{self, NOTE_COLUMNS};
use crate::sql::{get_count, placeholders, value_rows};
use crate::store::Store;
use crate::tx::StoreTx;

/// Notes matching `where_clause` (which uses `$1` for `bind`), with their mentions.
async fn fetch_notes(
    conn: &mut AnyConnection,
    where_clause: &str,
    bind: NoteKey<'_>,
) -> Result<Vec<Note>, StoreError> {
    let sql = format!("SELECT {NOTE_COLUMNS} FROM notes n WHERE {where_clause}");
    let query = sqlx::query(&sql);
    let query = match bind {
        NoteKey::Id(id) => query.bind(id),
        NoteKey::Uri(uri) => query.bind(uri),
    };
    let mut notes = query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rows::note)
        .collect::<Result<Vec<_>, _>>()?;
    rows::load_mentions(conn, &mut notes).await?;
    note_parts::load_parts(conn, &mut notes).await?;
    Ok(notes)
}

enum NoteKey<'a> {
    Id(i64),
    Uri(&'a str),
}

/// Mention rows per INSERT (2 bound values each).
const MENTIONS_PER_INSERT: usize = 200;

/// Stores the mentions of `notes` in a few multi-row statements. A note may name the
/// same account twice; each mention is stored once.
pub(crate) async fn insert_mentions(
    conn: &mut AnyConnection,
    backend: Backend,
    notes: &[&Note],
) -> Result<(), StoreError> {
    let rows: Vec<(i64, i64)> = notes
        .iter()
        .flat_map(|note| {
            let unique: BTreeSet<AccountId> = note.mentions.iter().copied().collect();
            unique
                .into_iter()
                .map(|account| (note.id.as_i64(), account.as_i64()))
        })
        .collect();
    for chunk in rows.chunks(MENTIONS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO note_mentions (note_id, account_id) VALUES {}",
            value_rows(backend, chunk.len(), 2)
        );
        let mut query = sqlx::query(&sql);
        for (note, account) in chunk {
            query = query.bind(*note).bind(*account);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    pub async fn note(&self, id: NoteId) -> Result<Option<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        let found = fetch_notes(&mut conn, "n.id = $1", NoteKey::Id(id.as_i64())).await?;
        Ok(found.into_iter().next())
    }

    pub async fn note_by_uri(&self, uri: &str) -> Result<Option<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        let found = fetch_notes(&mut conn, "n.uri = $1", NoteKey::Uri(uri)).await?;
        Ok(found.into_iter().next())
    }

    /// Direct replies to a note, oldest first.
    pub async fn replies_to(&self, id: NoteId) -> Result<Vec<Note>, StoreError> {
        let mut conn = self.read.acquire().await?;
        fetch_notes(
            &mut conn,
            "n.in_reply_to_id = $1 ORDER BY n.id",
            NoteKey::Id(id.as_i64()),
        )
        .await
    }

    /// How many notes an account has authored (Mastodon's `statuses_count`).
    pub async fn count_notes_by(&self, author: AccountId) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM notes WHERE author_id = $1")
            .bind(author.as_i64())
            .fetch_one(&self.read)
            .await?;
        get_count(&row, "n")
    }

    /// How many notes local accounts have authored (NodeInfo's `localPosts`).
    pub async fn count_local_notes(&self) -> Result<u64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM notes JOIN accounts ON accounts.id = notes.author_id \
             WHERE accounts.domain IS NULL",
        )
        .fetch_one(&self.read)
        .await?;
        get_count(&row, "n")
    }
}

/// The columns a new note is inserted with, in [`bind_note`]'s order.
pub(crate) const NOTE_INSERT_COLUMNS: &str = "id, author_id, uri, url, content_html, source, \
     content_warning, sensitive, language, in_reply_to_id, in_reply_to_account_id, \
     visibility, created_at, edited_at";
pub(crate) const NOTE_INSERT_VALUES: usize = 14;

/// Binds `note`'s values for [`NOTE_INSERT_COLUMNS`] (one row of an insert).
pub(crate) fn bind_note<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    note: &'q Note,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(note.id.as_i64())
        .bind(note.author.as_i64())
        .bind(note.uri.as_deref())
        .bind(note.url.as_deref())
        .bind(note.content_html.as_str())
        .bind(note.source.as_str())
        .bind(note.content_warning.as_str())
        .bind(note.sensitive)
        .bind(note.language.as_deref())
        .bind(note.in_reply_to.map(|id| id.as_i64()))
        .bind(note.in_reply_to_account.map(|id| id.as_i64()))
        .bind(note.visibility.as_str())
        .bind(note.created_at.as_millis())
        .bind(note.edited_at.map(|t| t.as_millis()))
}

impl StoreTx {
    /// Inserts a note with its mentions, attachments and hashtags. A note whose id or URI is already stored is a
    /// [`StoreError::Conflict`].
    pub async fn insert_note(&mut self, note: &Note) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO notes ({NOTE_INSERT_COLUMNS}) VALUES ({})",
            placeholders(1, NOTE_INSERT_VALUES)
        );
        bind_note(sqlx::query(&sql), note)
            .execute(self.conn())
            .await?;
        let backend = self.backend();
        insert_mentions(self.conn(), backend, &[note]).await?;
        note_parts::insert_parts(self.conn(), note).await
    }

    /// Rewrites an edited note's content, flags, visibility, `edited_at`, mentions,
    /// attachments and hashtags.
    /// Author, URI, reply target and `created_at` never change. Returns whether it exists.
    pub async fn update_note(&mut self, note: &Note) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notes SET url = $1, content_html = $2, source = $3, content_warning = $4, \
             sensitive = $5, language = $6, visibility = $7, edited_at = $8 WHERE id = $9",
        )
        .bind(note.url.as_deref())
        .bind(note.content_html.as_str())
        .bind(note.source.as_str())
        .bind(note.content_warning.as_str())
        .bind(note.sensitive)
        .bind(note.language.as_deref())
        .bind(note.visibility.as_str())
        .bind(note.edited_at.map(|t| t.as_millis()))
        .bind(note.id.as_i64())
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM note_mentions WHERE note_id = $1")
            .bind(note.id.as_i64())
            .execute(self.conn())
            .await?;
        let backend = self.backend();
        insert_mentions(self.conn(), backend, &[note]).await?;
        note_parts::replace_parts(self.conn(), note).await?;
        Ok(true)
    }

    /// Deletes a note; its mentions, likes, shares and notifications go with it
    /// (foreign keys cascade). Returns whether it existed.
    pub async fn delete_note(&mut self, id: NoteId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM notes WHERE id = $1")
            .bind(id.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
