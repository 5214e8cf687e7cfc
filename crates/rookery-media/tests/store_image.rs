//! `MediaLibrary::store_image` on real images built in the test: accepted formats,
//! metadata stripping and EXIF orientation, thumbnails and blurhash, and refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use rookery_media::{MediaError, MediaLibrary, MediaLimits, SMALL_SIDE};
use tempfile::TempDir;

const MARKER: &[u8] = b"SECRET-GPS-51.5N-0.12W";

fn library(limits: MediaLimits) -> (TempDir, MediaLibrary) {
    let dir = tempfile::tempdir().unwrap();
    let library = MediaLibrary::new(dir.path().join("media"), "https://a.test", limits);
    (dir, library)
}

/// A photo-like gradient, so encoders have something to compress.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&gradient(width, height))
        .unwrap();
    bytes
}

/// `jpeg` with an APP1 EXIF segment right after SOI: a little-endian TIFF whose IFD0
/// holds Orientation = 6 (rotate 90° clockwise), followed by a marker standing in for
/// the GPS position a phone writes.
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes()); // IFD0 right after the header
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes()); // count
    tiff.extend_from_slice(&6u16.to_le_bytes());
    tiff.extend_from_slice(&0u16.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    tiff.extend_from_slice(MARKER);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend_from_slice(&tiff);
    let plain = jpeg(width, height);
    let mut bytes = plain[..2].to_vec(); // SOI
    bytes.extend_from_slice(&[0xFF, 0xE1]);
    bytes.extend_from_slice(&((segment.len() + 2) as u16).to_be_bytes());
    bytes.extend_from_slice(&segment);
    bytes.extend_from_slice(&plain[2..]);
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn file(library: &MediaLibrary, url: &str) -> Vec<u8> {
    let name = url.rsplit('/').next().unwrap();
    library.read(name).await.unwrap().bytes
}

#[tokio::test]
async fn a_png_is_stored_with_a_thumbnail_and_blurhash() {
    let (_dir, library) = library(MediaLimits::default());
    let png = encode(
        DynamicImage::ImageRgb8(gradient(1280, 640)),
        ImageFormat::Png,
    );
    let stored = library.store_image(png).await.unwrap();

    assert_eq!(stored.original.media_type, "image/png");
    assert_eq!((stored.original.width, stored.original.height), (1280, 640));
    assert!(stored.original.url.starts_with("https://a.test/media/"));
    assert!(stored.original.url.ends_with(".png"));
    assert_eq!((stored.small.width, stored.small.height), (SMALL_SIDE, 320));
    assert_ne!(stored.small.url, stored.original.url);
    assert_eq!(
        rookery_media::small_url_of(&stored.original.url),
        Some(stored.small.url.clone())
    );
    let hash = stored.blurhash.clone().expect("a blurhash");
    assert!(hash.len() >= 6, "{hash}");

    let original = file(&library, &stored.original.url).await;
    assert_eq!(original.len() as u64, stored.original.size);
    let decoded = image::load_from_memory(&original).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1280, 640));
    let small = image::load_from_memory(&file(&library, &stored.small.url).await).unwrap();
    assert_eq!((small.width(), small.height()), (SMALL_SIDE, 320));

    // Names are unguessable and never reused.
    let again = library
        .store_image(encode(
            DynamicImage::ImageRgb8(gradient(8, 8)),
            ImageFormat::Png,
        ))
        .await
        .unwrap();
    assert_ne!(again.original.url, stored.original.url);
}

#[tokio::test]
async fn exif_is_stripped_and_its_orientation_applied() {
    let (_dir, library) = library(MediaLimits::default());
    let upload = jpeg_with_exif(40, 20);
    assert!(contains(&upload, MARKER) && contains(&upload, b"Exif"));
    let stored = library.store_image(upload).await.unwrap();

    assert_eq!(stored.original.media_type, "image/jpeg");
    // Orientation 6 turns the 40x20 landscape into a 20x40 portrait.
    assert_eq!((stored.original.width, stored.original.height), (20, 40));
    for url in [&stored.original.url, &stored.small.url] {
        let bytes = file(&library, url).await;
        assert!(!contains(&bytes, MARKER), "{url} keeps the EXIF data");
        assert!(!contains(&bytes, b"Exif"), "{url} keeps an EXIF segment");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (20, 40));
    }
}

#[tokio::test]
async fn gif_and_webp_are_accepted() {
    let (_dir, library) = library(MediaLimits::default());
    let rgba = RgbaImage::from_fn(30, 10, |x, _| {
        Rgba([255, 0, 0, if x < 15 { 255 } else { 0 }])
    });
    let gif = encode(DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::Gif);
    let stored = library.store_image(gif).await.unwrap();
    assert_eq!(stored.original.media_type, "image/png");
    assert_eq!((stored.original.width, stored.original.height), (30, 10));

    let webp = encode(DynamicImage::ImageRgba8(rgba), ImageFormat::WebP);
    let stored = library.store_image(webp).await.unwrap();
    // Transparency keeps it lossless.
    assert_eq!(stored.original.media_type, "image/png");
    let decoded = image::load_from_memory(&file(&library, &stored.original.url).await).unwrap();
    assert_eq!(decoded.to_rgba8().get_pixel(29, 0)[3], 0);
}

#[tokio::test]
async fn what_is_not_an_image_is_refused_whatever_its_name() {
    let (dir, library) = library(MediaLimits::default());
    let text = b"GIF89a is how this text starts, but it is not an image at all".to_vec();
    let zip = {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 60]);
        zip
    };
    let mut truncated = jpeg(64, 64);
    truncated.truncate(40);
    for (what, bytes) in [
        ("plain text", b"hello, this is a text file\n".to_vec()),
        ("zip", zip),
        ("empty", Vec::new()),
    ] {
        let refused = library.store_image(bytes).await.unwrap_err();
        assert!(
            matches!(refused, MediaError::Unsupported),
            "{what}: {refused:?}"
        );
        assert!(refused.is_refusal());
    }
    // Text that starts like a GIF header announces absurd dimensions: refused either
    // way, before decoding.
    let refused = library.store_image(text).await.unwrap_err();
    assert!(refused.is_refusal(), "fake GIF: {refused:?}");
    let refused = library.store_image(truncated).await.unwrap_err();
    assert!(
        matches!(refused, MediaError::Corrupt),
        "truncated JPEG: {refused:?}"
    );
    // Nothing was written.
    let media = dir.path().join("media");
    assert!(!media.exists() || std::fs::read_dir(media).unwrap().next().is_none());
}

#[tokio::test]
async fn limits_are_enforced() {
    let (_dir, library) = library(MediaLimits {
        max_bytes: 1_000_000,
        max_pixels: 100 * 100,
    });
    let big = encode(
        DynamicImage::ImageRgb8(gradient(101, 100)),
        ImageFormat::Png,
    );
    let refused = library.store_image(big).await.unwrap_err();
    assert!(
        matches!(
            refused,
            MediaError::TooManyPixels {
                width: 101,
                height: 100,
                limit: 10_000
            }
        ),
        "{refused:?}"
    );
    let fits = encode(
        DynamicImage::ImageRgb8(gradient(100, 100)),
        ImageFormat::Png,
    );
    let fits_len = fits.len();
    library.store_image(fits.clone()).await.unwrap();

    // One byte over the byte limit is refused before anything is decoded.
    let (_dir, tight) = self::library(MediaLimits {
        max_bytes: fits_len as u64 - 1,
        max_pixels: 100 * 100,
    });
    let refused = tight.store_image(fits).await.unwrap_err();
    assert!(
        matches!(refused, MediaError::TooLarge { .. }),
        "{refused:?}"
    );
}

#[tokio::test]
async fn only_stored_names_can_be_read() {
    let (_dir, library) = library(MediaLimits::default());
    for name in [
        "../rookery.db",
        "x.png",
        "",
        "0123456789abcdef0123456789abcdef.png",
    ] {
        assert!(
            matches!(library.read(name).await, Err(MediaError::NotFound)),
            "{name}"
        );
    }
}
