//! The `MediaAttachment` and `Tag` entities. Remote media are shown by reference:
//! `url`, `preview_url` and `remote_url` are all the file on its origin server (nothing
//! is downloaded or resized here), except that a file a rookery media library stored
//! has its thumbnail as `preview_url`. Local uploads, as the media API returns them,
//! carry both files' sizes and the focus.

use rookery_core::media::{LocalMedia, MediaFile};
use rookery_core::{Attachment, NoteId};
use serde::Serialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Serialize)]
pub struct MediaAttachmentJson {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: String,
    pub preview_url: String,
    /// The file on its origin server; `null` for this server's own uploads.
    pub remote_url: Option<String>,
    pub preview_remote_url: Option<String>,
    pub text_url: Option<String>,
    /// `{original: {width, height, size, aspect}}` when the dimensions are known.
    pub meta: Value,
    pub description: Option<String>,
    pub blurhash: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TagJson {
    pub name: String,
    pub url: String,
}

/// Attachment ids are the note id followed by the two-digit position: stable, unique,
/// and numeric like Mastodon's.
pub fn render_media(note: NoteId, position: usize, attachment: &Attachment) -> MediaAttachmentJson {
    MediaAttachmentJson {
        id: format!("{note}{position:02}"),
        kind: attachment.kind.as_str(),
        url: attachment.url.clone(),
        preview_url: rookery_media::small_url_of(&attachment.url)
            .unwrap_or_else(|| attachment.url.clone()),
        remote_url: Some(attachment.url.clone()),
        preview_remote_url: None,
        text_url: None,
        meta: meta(attachment),
        description: attachment.description.clone(),
        blurhash: attachment.blurhash.clone(),
    }
}

/// A local upload as `POST /api/v2/media` and `GET/PUT /api/v1/media/:id` answer it:
/// its own id, the thumbnail as `preview_url`, `meta.original`, `meta.small` and
/// `meta.focus`.
pub fn render_upload(media: &LocalMedia) -> MediaAttachmentJson {
    MediaAttachmentJson {
        id: media.id.to_string(),
        kind: media.kind.as_str(),
        url: media.original.url.clone(),
        preview_url: media.small.url.clone(),
        remote_url: None,
        preview_remote_url: None,
        text_url: None,
        meta: json!({
            "original": file_meta(&media.original),
            "small": file_meta(&media.small),
            "focus": { "x": media.focus.x, "y": media.focus.y },
        }),
        description: media.description.clone(),
        blurhash: media.blurhash.clone(),
    }
}

fn file_meta(file: &MediaFile) -> Value {
    json!({
        "width": file.width,
        "height": file.height,
        "size": format!("{}x{}", file.width, file.height),
        "aspect": f64::from(file.width) / f64::from(file.height.max(1)),
    })
}

fn meta(attachment: &Attachment) -> Value {
    let mut original = Map::new();
    if let Some(width) = attachment.width {
        original.insert("width".into(), json!(width));
    }
    if let Some(height) = attachment.height {
        original.insert("height".into(), json!(height));
    }
    if let (Some(width), Some(height)) = (attachment.width, attachment.height) {
        original.insert("size".into(), json!(format!("{width}x{height}")));
        if height > 0 {
            original.insert("aspect".into(), json!(f64::from(width) / f64::from(height)));
        }
    }
    if original.is_empty() {
        return json!({});
    }
    json!({ "original": original })
}

/// A hashtag with its page on this server (`{public_url}/tags/{name}`).
pub fn render_tag(public_url: &str, name: &str) -> TagJson {
    TagJson {
        name: name.to_owned(),
        url: format!("{public_url}/tags/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rookery_core::media::{Focus, MediaId};
    use rookery_core::{AccountId, MediaKind, Timestamp};

    #[test]
    fn renders_a_remote_image_by_reference() {
        let mut image = Attachment::remote("https://b.test/1.png", Some("image/png".into()));
        image.width = Some(4);
        image.height = Some(2);
        let json = serde_json::to_value(render_media(NoteId::from_i64(7), 1, &image)).unwrap();
        assert_eq!(json["id"], "701");
        assert_eq!(json["type"], "image");
        assert_eq!(json["preview_url"], "https://b.test/1.png");
        assert_eq!(json["remote_url"], "https://b.test/1.png");
        assert_eq!(json["meta"]["original"]["width"], 4);
        assert_eq!(json["meta"]["original"]["aspect"], 2.0);

        let key = "0123456789abcdef0123456789abcdef";
        let stored = Attachment::remote(format!("https://a.test/media/{key}.jpg"), None);
        let json = serde_json::to_value(render_media(NoteId::from_i64(7), 3, &stored)).unwrap();
        assert_eq!(
            json["preview_url"],
            format!("https://a.test/media/{key}.small.jpg")
        );
        assert_eq!(json["url"], format!("https://a.test/media/{key}.jpg"));

        let bare = Attachment::remote("https://b.test/f", None);
        assert_eq!(bare.kind, MediaKind::Unknown);
        let json = serde_json::to_value(render_media(NoteId::from_i64(7), 2, &bare)).unwrap();
        assert_eq!(json["meta"], json!({}));
        assert_eq!(json["description"], Value::Null);
    }

    #[test]
    fn renders_an_upload_with_its_thumbnail_and_focus() {
        let file = |url: &str, width, height| MediaFile {
            url: url.into(),
            media_type: "image/png".into(),
            width,
            height,
            size: 10,
        };
        let media = LocalMedia {
            id: MediaId::from_i64(42),
            owner: AccountId::from_i64(1),
            kind: MediaKind::Image,
            original: file("https://a.test/media/k.png", 1280, 640),
            small: file("https://a.test/media/k.small.png", 640, 320),
            blurhash: Some("LEHV6nWB2yk8pyo0adR*.7kCMdnj".into()),
            description: Some("a gradient".into()),
            focus: Focus { x: 0.5, y: -0.25 },
            note: None,
            created_at: Timestamp::from_millis(0),
        };
        let json = serde_json::to_value(render_upload(&media)).unwrap();
        assert_eq!(json["id"], "42");
        assert_eq!(json["type"], "image");
        assert_eq!(json["url"], "https://a.test/media/k.png");
        assert_eq!(json["preview_url"], "https://a.test/media/k.small.png");
        assert_eq!(json["remote_url"], Value::Null);
        assert_eq!(json["meta"]["original"]["size"], "1280x640");
        assert_eq!(json["meta"]["original"]["aspect"], 2.0);
        assert_eq!(json["meta"]["small"]["width"], 640);
        assert_eq!(json["meta"]["focus"], json!({"x": 0.5, "y": -0.25}));
        assert_eq!(json["description"], "a gradient");
        assert_eq!(json["blurhash"], "LEHV6nWB2yk8pyo0adR*.7kCMdnj");
    }
}
