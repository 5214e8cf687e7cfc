//! A note's attachments and hashtags (`note_attachments`, `note_tags`): written with the
//! note, replaced on edits, loaded for many notes with one query each, or for a page of
//! notes within the page's own statement (`parts_columns`).

use std::collections::HashMap;

use rookery_core::{AccountId, Attachment, MediaKind, Note};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use sqlx::Row;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::sql::{get_bool, placeholders};

/// Stores `note`'s attachments (in order) and hashtags (each once).
pub(crate) async fn insert_parts(conn: &mut AnyConnection, note: &Note) -> Result<(), StoreError> {
    for (position, attachment) in note.attachments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO note_attachments (note_id, position, url, media_type, description, \
             blurhash, width, height, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(note.id.as_i64())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(attachment.url.as_str())
        .bind(attachment.media_type.as_deref())
        .bind(attachment.description.as_deref())
        .bind(attachment.blurhash.as_deref())
        .bind(attachment.width.map(i64::from))
        .bind(attachment.height.map(i64::from))
        .bind(attachment.kind.as_str())
        .execute(&mut *conn)
        .await?;
    }
    let mut seen: Vec<&str> = Vec::new();
    for tag in &note.tags {
        if seen.contains(&tag.as_str()) {
            continue;
        }
        seen.push(tag);
        sqlx::query("INSERT INTO note_tags (note_id, tag) VALUES ($1, $2)")
            .bind(note.id.as_i64())
            .bind(tag.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces the stored attachments and hashtags of an edited note.
pub(crate) async fn replace_parts(conn: &mut AnyConnection, note: &Note) -> Result<(), StoreError> {
    for table in ["note_attachments", "note_tags"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE note_id = $1"))
            .bind(note.id.as_i64())
            .execute(&mut *conn)
            .await?;
    }
    insert_parts(conn, note).await
}

/// Fills in the attachments and hashtags of `notes`.
pub(crate) async fn load_parts(
    conn: &mut AnyConnection,
    notes: &mut [Note],
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let ids = placeholders(1, notes.len());
    let sql = format!(
        "SELECT note_id, url, media_type, description, blurhash, width, height, kind \
         FROM note_attachments WHERE note_id IN ({ids}) ORDER BY note_id, position"
    );
    let mut query = sqlx::query(&sql);
    for n in notes.iter() {
        query = query.bind(n.id.as_i64());
    }
    let mut attachments: HashMap<i64, Vec<Attachment>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        let attachment = attachment(&row)?;
        attachments
            .entry(row.try_get("note_id")?)
            .or_default()
            .push(attachment);
    }
    let sql = format!(
        "SELECT note_id, tag FROM note_tags WHERE note_id IN ({ids}) ORDER BY note_id, tag"
    );
    let mut query = sqlx::query(&sql);
    for n in notes.iter() {
        query = query.bind(n.id.as_i64());
    }
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        tags.entry(row.try_get("note_id")?)
            .or_default()
            .push(row.try_get("tag")?);
    }
    for n in notes.iter_mut() {
        n.attachments = attachments.remove(&n.id.as_i64()).unwrap_or_default();
        n.tags = tags.remove(&n.id.as_i64()).unwrap_or_default();
    }
    Ok(())
}

/// One `note_attachments` row (its columns by name).
fn attachment(row: &AnyRow) -> Result<Attachment, StoreError> {
    let kind: String = row.try_get("kind")?;
    let dimension = |column: &str| -> Result<Option<u32>, StoreError> {
        Ok(row
            .try_get::<Option<i64>, _>(column)?
            .and_then(|v| u32::try_from(v).ok()))
    };
    Ok(Attachment {
        url: row.try_get("url")?,
        media_type: row.try_get("media_type")?,
        description: row.try_get("description")?,
        blurhash: row.try_get("blurhash")?,
        width: dimension("width")?,
        height: dimension("height")?,
        kind: MediaKind::parse(&kind),
    })
}

/// Columns to add after `NOTE_COLUMNS` (notes aliased `n`) so that a page of notes
/// comes with its mentions and hashtags in the same statement, one round trip instead of
/// two (issue 7, B5): per note, its mentioned account ids (comma-separated, by id), its
/// hashtags (a JSON array, by name) and whether it has attachments, which [`read_parts`]
/// reads and [`load_attachments`] completes. Each is an index probe per returned row;
/// both backends take `ORDER BY` inside an aggregate (SQLite since 3.44).
pub(crate) fn parts_columns(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            ", (SELECT string_agg(CAST(pm.account_id AS TEXT), ',' ORDER BY pm.account_id) \
             FROM note_mentions pm WHERE pm.note_id = n.id) AS p_mentions, \
             (SELECT json_group_array(pt.tag ORDER BY pt.tag) FROM note_tags pt \
             WHERE pt.note_id = n.id) AS p_tags, \
             EXISTS (SELECT 1 FROM note_attachments pa WHERE pa.note_id = n.id) AS p_media"
        }
        Backend::Postgres => {
            ", (SELECT string_agg(CAST(pm.account_id AS TEXT), ',' ORDER BY pm.account_id) \
             FROM note_mentions pm WHERE pm.note_id = n.id) AS p_mentions, \
             (SELECT CAST(json_agg(pt.tag ORDER BY pt.tag) AS TEXT) FROM note_tags pt \
             WHERE pt.note_id = n.id) AS p_tags, \
             EXISTS (SELECT 1 FROM note_attachments pa WHERE pa.note_id = n.id) AS p_media"
        }
    }
}

/// Fills `note`'s mentions and hashtags from the [`parts_columns`] of its row; returns
/// whether it has attachments to load.
pub(crate) fn read_parts(row: &AnyRow, note: &mut Note) -> Result<bool, StoreError> {
    note.mentions = match row.try_get::<Option<String>, _>("p_mentions")? {
        Some(list) => list
            .split(',')
            .filter(|id| !id.is_empty())
            .map(|id| {
                id.parse::<i64>()
                    .map(AccountId::from_i64)
                    .map_err(|e| StoreError::Corrupt(format!("mention id {id:?}: {e}")))
            })
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    note.tags = match row.try_get::<Option<String>, _>("p_tags")? {
        // SQLite aggregates no rows to `[]`, PostgreSQL to NULL.
        Some(json) if json != "[]" => serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("note tags {json:?}: {e}")))?,
        _ => Vec::new(),
    };
    note.attachments = Vec::new();
    get_bool(row, "p_media")
}

/// Loads the attachments of those `notes` whose id is in `ids` (a JSON id array, unnested
/// by `list`, see `status_views::id_list`), in position order.
pub(crate) async fn load_attachments(
    conn: &mut AnyConnection,
    notes: &mut [Note],
    ids: &str,
    list: &str,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT note_id, url, media_type, description, blurhash, width, height, kind \
         FROM note_attachments WHERE note_id{list} ORDER BY note_id, position"
    );
    let mut attachments: HashMap<i64, Vec<Attachment>> = HashMap::new();
    for row in sqlx::query(&sql).bind(ids).fetch_all(&mut *conn).await? {
        let attachment = attachment(&row)?;
        attachments
            .entry(row.try_get("note_id")?)
            .or_default()
            .push(attachment);
    }
    for n in notes.iter_mut() {
        if let Some(list) = attachments.remove(&n.id.as_i64()) {
            n.attachments = list;
        }
    }
    Ok(())
}
