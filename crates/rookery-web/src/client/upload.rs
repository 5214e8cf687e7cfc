//! Image uploads from the compose form: the media library checks the bytes (type sniffed
//! from them, size and pixel limits), strips metadata and makes a thumbnail; core records
//! the upload for the viewer, and the note's transaction attaches it.

use rookery_core::media::{Focus, MediaId};

use super::error::{ClientError, ClientResult};
use super::session::Viewer;
use super::state::ClientState;

/// Stores an uploaded image for `viewer` with its alt text; returns the upload's id.
/// A file that is not an acceptable image is refused with the library's reason.
pub(crate) async fn store(
    state: &ClientState,
    viewer: &Viewer,
    bytes: Vec<u8>,
    alt: &str,
) -> ClientResult<MediaId> {
    let image = state.media.store_image(bytes).await.map_err(|e| {
        if e.is_refusal() {
            ClientError::Invalid(format!("The image was refused: {e}."))
        } else {
            ClientError::Unavailable(e.to_string())
        }
    })?;
    let alt = alt.trim();
    let description = (!alt.is_empty()).then(|| alt.to_owned());
    let upload = image.clone().into_upload(description, Focus::CENTER);
    match state.services.add_media(viewer.id(), upload).await {
        Ok(media) => Ok(media.id),
        Err(e) => {
            // Not recorded: its files would be orphans.
            state.media.remove(&image).await;
            Err(e.into())
        }
    }
}
