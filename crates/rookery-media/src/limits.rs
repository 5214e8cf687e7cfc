//! Upload limits: what the server refuses before spending memory on decoding.

/// Mastodon's defaults: 16 MiB per image file and 33,177,600 pixels (7680x4320).
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
pub const DEFAULT_MAX_PIXELS: u64 = 33_177_600;

/// How large an upload may be, in bytes on the wire and in decoded pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaLimits {
    pub max_bytes: u64,
    pub max_pixels: u64,
}

impl Default for MediaLimits {
    fn default() -> Self {
        MediaLimits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}
