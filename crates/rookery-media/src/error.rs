//! What processing or storing an upload can fail with. The client API answers the
//! refusals with 422 and [`MediaError::Storage`] with 503.

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The bytes are not an image of a supported type (PNG, JPEG, GIF, WebP), whatever
    /// the file name or Content-Type claimed.
    #[error("the file is not a supported image (PNG, JPEG, GIF or WebP)")]
    Unsupported,
    /// The file is larger than the configured byte limit.
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// The image has more pixels than the configured limit (or a zero dimension).
    #[error("the image is {width}x{height}; at most {limit} pixels are accepted")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// The file claims to be an image but cannot be decoded.
    #[error("the image cannot be decoded")]
    Corrupt,
    /// Writing or reading the file on disk failed; the message is for logs.
    #[error("media storage failed: {0}")]
    Storage(String),
    /// No stored file has this name.
    #[error("no such media file")]
    NotFound,
}

impl MediaError {
    /// True when the upload itself was refused (as opposed to the server failing).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, MediaError::Storage(_) | MediaError::NotFound)
    }
}
