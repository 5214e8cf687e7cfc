//! A note's attachments and hashtags (`note_attachments`, `note_tags`): written with the
//! note, replaced on edits, loaded for many notes with one query each.

use std::collections::HashMap;

use rookery_core::{AccountId, Attachment, MediaKind, Note};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::placeholders;

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

/// Fills in the mentions, attachments and hashtags of `notes` with one query (a page of
/// a timeline: one round trip instead of three, issue 7 B5). `ids` is the notes' JSON
/// id array, unnested by `list` (see `status_views::id_list`). Mentions come ordered by
/// account, attachments by position, hashtags by name, as the separate loaders order them.
pub(crate) async fn load_all(
    conn: &mut AnyConnection,
    notes: &mut [Note],
    ids: &str,
    list: &str,
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT 'a' AS k, note_id, position AS o, url, media_type, description, blurhash, \
         width, height, kind FROM note_attachments WHERE note_id{list} \
         UNION ALL SELECT 'm', note_id, account_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL \
         FROM note_mentions WHERE note_id{list} \
         UNION ALL SELECT 't', note_id, CAST(0 AS BIGINT), tag, NULL, NULL, NULL, NULL, NULL, \
         NULL FROM note_tags WHERE note_id{list} \
         ORDER BY note_id, k, o, url"
    );
    let mut attachments: HashMap<i64, Vec<Attachment>> = HashMap::new();
    let mut mentions: HashMap<i64, Vec<AccountId>> = HashMap::new();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in sqlx::query(&sql).bind(ids).fetch_all(&mut *conn).await? {
        let note: i64 = row.try_get("note_id")?;
        let k: String = row.try_get("k")?;
        match k.as_str() {
            "a" => attachments.entry(note).or_default().push(attachment(&row)?),
            "m" => mentions
                .entry(note)
                .or_default()
                .push(AccountId::from_i64(row.try_get("o")?)),
            _ => tags.entry(note).or_default().push(row.try_get("url")?),
        }
    }
    for n in notes.iter_mut() {
        let id = n.id.as_i64();
        n.attachments = attachments.remove(&id).unwrap_or_default();
        n.mentions = mentions.remove(&id).unwrap_or_default();
        n.tags = tags.remove(&id).unwrap_or_default();
    }
    Ok(())
}
