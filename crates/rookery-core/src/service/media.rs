//! Local uploads: recording a processed upload, reading and describing one's own
//! uploads, and checking the uploads a new note names. The files themselves are made
//! by the media library before these run; core only keeps the records.

use crate::error::CoreError;
use crate::id::{AccountId, NoteId};
use crate::media::{
    clean_description, Focus, LocalMedia, MediaId, NewUpload, MAX_UPLOADS_PER_NOTE,
};
use crate::ports::WriteTx;

use super::error::{not_found, ServiceResult};
use super::Services;

impl Services {
    /// Records `upload` for local account `owner`; it waits unattached until a note of
    /// theirs names it.
    pub async fn add_media(
        &self,
        owner: AccountId,
        upload: NewUpload,
    ) -> ServiceResult<LocalMedia> {
        let owner = self.local_account(owner).await?;
        let media = LocalMedia {
            id: MediaId(self.new_id()),
            owner: owner.id,
            kind: upload.kind,
            original: upload.original,
            small: upload.small,
            blurhash: upload.blurhash,
            description: clean_description(upload.description.as_deref())?,
            focus: upload.focus,
            note: None,
            created_at: self.now(),
        };
        self.repo.insert_media(&media).await?;
        Ok(media)
    }

    /// `owner`'s upload `id` while it is still unattached. Someone else's upload, or
    /// one already posted, is "not found", as in Mastodon: it can no longer be changed
    /// through the media API.
    pub async fn own_media(&self, owner: AccountId, id: MediaId) -> ServiceResult<LocalMedia> {
        match self.repo.media(id).await? {
            Some(media) if media.owner == owner && media.note.is_none() => Ok(media),
            _ => Err(not_found("media")),
        }
    }

    /// Changes the alt text and/or focus of `owner`'s unattached upload `id`; a `None`
    /// keeps the current value, an empty description removes it.
    pub async fn describe_media(
        &self,
        owner: AccountId,
        id: MediaId,
        description: Option<&str>,
        focus: Option<Focus>,
    ) -> ServiceResult<LocalMedia> {
        let mut media = self.own_media(owner, id).await?;
        if let Some(text) = description {
            media.description = clean_description(Some(text))?;
        }
        if let Some(focus) = focus {
            media.focus = focus;
        }
        if !self
            .repo
            .update_media(id, media.description.as_deref(), media.focus)
            .await?
        {
            // Attached by a post that raced this request.
            return Err(not_found("media"));
        }
        Ok(media)
    }

    /// The uploads a new note of `owner` names, in the order named (each once). Unknown
    /// ids, someone else's uploads and uploads already attached are refused as invalid
    /// input (422), before anything is stored.
    pub(super) async fn uploads_for_note(
        &self,
        owner: AccountId,
        ids: &[MediaId],
    ) -> ServiceResult<Vec<LocalMedia>> {
        let mut unique: Vec<MediaId> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        if unique.len() > MAX_UPLOADS_PER_NOTE {
            return Err(CoreError::invalid(
                "media_ids",
                format!("at most {MAX_UPLOADS_PER_NOTE} attachments"),
            )
            .into());
        }
        let mut uploads = Vec::with_capacity(unique.len());
        for id in unique {
            match self.repo.media(id).await? {
                Some(media) if media.owner == owner && media.note.is_none() => uploads.push(media),
                _ => {
                    return Err(CoreError::invalid(
                        "media_ids",
                        format!("{id} is not an unattached upload of yours"),
                    )
                    .into())
                }
            }
        }
        Ok(uploads)
    }

    /// Marks `uploads` as attached to `note` inside its transaction. When another post
    /// took one of them meanwhile, fails so that the caller's transaction rolls back.
    pub(super) async fn attach_uploads(
        &self,
        tx: &mut dyn WriteTx,
        note: NoteId,
        owner: AccountId,
        uploads: &[LocalMedia],
    ) -> ServiceResult<()> {
        if uploads.is_empty() {
            return Ok(());
        }
        let ids: Vec<MediaId> = uploads.iter().map(|m| m.id).collect();
        let attached = tx.attach_media(note, owner, &ids).await?;
        if attached != ids.len() as u64 {
            return Err(
                CoreError::invalid("media_ids", "an upload was attached to another post").into(),
            );
        }
        Ok(())
    }
}
