//! `MediaLibrary`: processes uploads and keeps their files under `DATA_DIR/media/`,
//! served at `PUBLIC_URL/media/NAME`.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rookery_core::media::{Focus, MediaFile, NewUpload};
use rookery_core::MediaKind;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

use crate::error::MediaError;
use crate::limits::MediaLimits;
use crate::names::{new_key, original_name, parse_file_name, small_name};
use crate::process::{process, Encoded};

/// The files of one stored image, ready to be recorded as an upload or used as an
/// avatar or header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    /// The cleaned full-size image (metadata stripped, turned upright).
    pub original: MediaFile,
    /// Its thumbnail, at most 640 pixels on its longest side (the original again when
    /// that is smaller, in a file of its own).
    pub small: MediaFile,
    /// A blurhash of the picture, when it could be computed.
    pub blurhash: Option<String>,
}

impl StoredImage {
    /// The upload record core keeps for this image, with the user's alt text and focus.
    pub fn into_upload(self, description: Option<String>, focus: Focus) -> NewUpload {
        NewUpload {
            kind: MediaKind::Image,
            original: self.original,
            small: self.small,
            blurhash: self.blurhash,
            description,
            focus,
        }
    }
}

/// A file read back for serving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedFile {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// Processes and stores uploaded images. Cheap to share behind an `Arc`; every method
/// takes `&self`.
#[derive(Debug, Clone)]
pub struct MediaLibrary {
    dir: PathBuf,
    base_url: String,
    limits: MediaLimits,
    /// One decode per core at a time: a full-size image takes over 100 MB while it is
    /// processed, so a burst of uploads waits instead of exhausting memory.
    processing: Arc<Semaphore>,
}

impl MediaLibrary {
    /// A library keeping files in `dir` (created on first use), which the server
    /// serves at `{public_url}/media/`.
    pub fn new(dir: impl Into<PathBuf>, public_url: &str, limits: MediaLimits) -> MediaLibrary {
        MediaLibrary {
            dir: dir.into(),
            base_url: format!("{}/media", public_url.trim_end_matches('/')),
            limits,
            processing: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        }
    }

    pub fn limits(&self) -> MediaLimits {
        self.limits
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks and processes an uploaded image and writes its files.
    ///
    /// The type comes from the bytes alone: PNG, JPEG, GIF (its first frame) and WebP
    /// are accepted, anything else is [`MediaError::Unsupported`]. Files above the
    /// byte limit are [`MediaError::TooLarge`], images above the pixel limit
    /// [`MediaError::TooManyPixels`] (checked from the header, before decoding). The
    /// stored image is encoded afresh (JPEG for photos, PNG otherwise), so EXIF and
    /// other metadata are gone; an EXIF orientation is applied first. The work runs on
    /// a blocking thread.
    pub async fn store_image(&self, bytes: Vec<u8>) -> Result<StoredImage, MediaError> {
        let limits = self.limits;
        let _turn = self
            .processing
            .acquire()
            .await
            .map_err(|e| MediaError::Storage(format!("image processing closed: {e}")))?;
        let processed = tokio::task::spawn_blocking(move || process(&bytes, &limits))
            .await
            .map_err(|e| MediaError::Storage(format!("image processing stopped: {e}")))??;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| storage("creating the media directory", &e))?;
        let key = new_key();
        let encoding = processed.original.encoding;
        let original_name = original_name(&key, encoding);
        let original = self.write(&original_name, &processed.original).await?;
        let small = match self
            .write(&small_name(&key, encoding), &processed.small)
            .await
        {
            Ok(small) => small,
            Err(error) => {
                self.remove_file(&original_name).await;
                return Err(error);
            }
        };
        Ok(StoredImage {
            original,
            small,
            blurhash: processed.blurhash,
        })
    }

    /// Reads a stored file for serving. Only names this library gives out are
    /// accepted, so no request can reach outside the media directory.
    pub async fn read(&self, name: &str) -> Result<ServedFile, MediaError> {
        let (encoding, _) = parse_file_name(name).ok_or(MediaError::NotFound)?;
        match tokio::fs::read(self.dir.join(name)).await {
            Ok(bytes) => Ok(ServedFile {
                bytes,
                media_type: encoding.media_type(),
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(MediaError::NotFound),
            Err(e) => Err(storage("reading a media file", &e)),
        }
    }

    /// Deletes the files of `image` (when recording it failed); errors are logged only.
    pub async fn remove(&self, image: &StoredImage) {
        for file in [&image.original, &image.small] {
            if let Some(name) = file.url.rsplit('/').next() {
                self.remove_file(name).await;
            }
        }
    }

    async fn remove_file(&self, name: &str) {
        if parse_file_name(name).is_none() {
            return;
        }
        if let Err(error) = tokio::fs::remove_file(self.dir.join(name)).await {
            tracing::warn!(%error, name, "removing a media file failed");
        }
    }

    /// Writes a new file (never replacing one) and describes it.
    async fn write(&self, name: &str, image: &Encoded) -> Result<MediaFile, MediaError> {
        let path = self.dir.join(name);
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(|e| storage("creating a media file", &e))?;
        file.write_all(&image.bytes)
            .await
            .map_err(|e| storage("writing a media file", &e))?;
        file.flush()
            .await
            .map_err(|e| storage("writing a media file", &e))?;
        Ok(MediaFile {
            url: format!("{}/{name}", self.base_url),
            media_type: image.encoding.media_type().to_owned(),
            width: image.width,
            height: image.height,
            size: image.bytes.len() as u64,
        })
    }
}

fn storage(doing: &str, error: &std::io::Error) -> MediaError {
    MediaError::Storage(format!("{doing}: {error}"))
}
