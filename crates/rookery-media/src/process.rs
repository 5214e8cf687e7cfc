//! Turning uploaded bytes into files that are safe to serve: the type is sniffed from
//! the bytes (never the file name or Content-Type), limits are checked from the header
//! before any pixel is decoded, EXIF orientation is applied, and the image is encoded
//! afresh, so no metadata (EXIF with its GPS position, XMP, comments) survives. A
//! thumbnail and a blurhash are made from the result.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::MediaError;
use crate::limits::MediaLimits;

/// The longest side of a thumbnail (Mastodon's `small` is about this size).
pub const SMALL_SIDE: u32 = 640;
/// JPEG quality of re-encoded photos: visually lossless, much smaller than the camera's.
const JPEG_QUALITY: u8 = 85;
/// Blurhash components across and down (Mastodon uses 4 by 4).
const BLURHASH_COMPONENTS: u32 = 4;
/// The blurhash is computed from a copy this small: it only keeps a few colours anyway.
const BLURHASH_SOURCE_SIDE: u32 = 64;

/// The formats stored files are encoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Png,
    Jpeg,
}

impl Encoding {
    pub fn media_type(self) -> &'static str {
        match self {
            Encoding::Png => "image/png",
            Encoding::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Png => "png",
            Encoding::Jpeg => "jpg",
        }
    }

    /// The encoding a file extension of ours stands for.
    pub fn from_extension(extension: &str) -> Option<Encoding> {
        match extension {
            "png" => Some(Encoding::Png),
            "jpg" => Some(Encoding::Jpeg),
            _ => None,
        }
    }
}

/// One encoded image.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub width: u32,
    pub height: u32,
}

/// What an upload became: the cleaned original, its thumbnail and its blurhash.
#[derive(Debug)]
pub struct Processed {
    pub original: Encoded,
    pub small: Encoded,
    pub blurhash: Option<String>,
}

/// Sniffs, checks, decodes and re-encodes `bytes`. CPU-bound: run it off the async
/// runtime's threads.
pub fn process(bytes: &[u8], limits: &MediaLimits) -> Result<Processed, MediaError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(MediaError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let format = sniff(bytes)?;
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| MediaError::Corrupt)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 || pixels > limits.max_pixels {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    let image = decode(bytes, format, width, height)?;
    let encoding = match format {
        ImageFormat::Jpeg => Encoding::Jpeg,
        // WebP photos become JPEG; anything with transparency, drawings (PNG) and GIF's
        // first frame stay lossless.
        ImageFormat::WebP if !image.color().has_alpha() => Encoding::Jpeg,
        _ => Encoding::Png,
    };
    let original = encode(&image, encoding)?;
    let small_image = if image.width().max(image.height()) > SMALL_SIDE {
        image.resize(SMALL_SIDE, SMALL_SIDE, FilterType::Triangle)
    } else {
        image.clone()
    };
    let small = encode(&small_image, encoding)?;
    Ok(Processed {
        original,
        small,
        blurhash: blurhash_of(&small_image),
    })
}

/// The image format the bytes really are, among those accepted.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
    match image::guess_format(bytes) {
        Ok(
            format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP),
        ) => Ok(format),
        _ => Err(MediaError::Unsupported),
    }
}

/// Decodes (the first frame of an animation), holding the decoder to the dimensions
/// its header announced, and turns the picture upright per its EXIF orientation.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    width: u32,
    height: u32,
) -> Result<DynamicImage, MediaError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    // A missing or unreadable orientation tag leaves the picture as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn decode_error(error: ImageError) -> MediaError {
    tracing::debug!(%error, "an uploaded image failed to decode");
    MediaError::Corrupt
}

/// Encodes `image` with no metadata at all (the encoders write none unless asked).
fn encode(image: &DynamicImage, encoding: Encoding) -> Result<Encoded, MediaError> {
    let mut bytes = Vec::new();
    let written = match encoding {
        Encoding::Jpeg => {
            JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&image.to_rgb8())
        }
        Encoding::Png if image.color().has_alpha() => image
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png),
        Encoding::Png => image
            .to_rgb8()
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png),
    };
    written.map_err(|e| MediaError::Storage(format!("encoding an image: {e}")))?;
    Ok(Encoded {
        bytes,
        encoding,
        width: image.width(),
        height: image.height(),
    })
}

/// The blurhash clients show while the image loads; none if it cannot be computed.
fn blurhash_of(image: &DynamicImage) -> Option<String> {
    let tiny = image
        .thumbnail(BLURHASH_SOURCE_SIDE, BLURHASH_SOURCE_SIDE)
        .to_rgba8();
    match blurhash::encode(
        BLURHASH_COMPONENTS,
        BLURHASH_COMPONENTS,
        tiny.width(),
        tiny.height(),
        tiny.as_raw(),
    ) {
        Ok(hash) => Some(hash),
        Err(error) => {
            tracing::warn!(%error, "computing a blurhash failed");
            None
        }
    }
}
