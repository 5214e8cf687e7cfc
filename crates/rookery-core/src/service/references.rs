//! Finding a note by a federation id in either protocol's spelling. A server that speaks
//! both protocols may answer our note by its other id (a reply over ActivityPub naming
//! it `DOMAIN:ID`, as Versia does, versia.md §6.3); it is still ours and still threads
//! (FEDERATION.md, "Both protocols").

use crate::note::Note;

use super::error::ServiceResult;
use super::Services;

impl Services {
    /// The note `uri` names: one of ours under any protocol's id, or a stored remote
    /// note by the id it arrived with. `None` when we have neither.
    pub async fn note_by_uri(&self, uri: &str) -> ServiceResult<Option<Note>> {
        if let Some(id) = self.federation.local_note_id(uri) {
            let Some(note) = self.repo.note(id).await? else {
                return Ok(None);
            };
            // Our id layout names only our own notes; a stored remote note is found by
            // its own id below.
            let author = self.repo.account(note.author).await?;
            if author.is_some_and(|a| a.is_local()) {
                return Ok(Some(note));
            }
            return Ok(None);
        }
        Ok(self.repo.note_by_uri(uri).await?)
    }
}
