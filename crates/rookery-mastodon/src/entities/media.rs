//! The `MediaAttachment` and `Tag` entities of a status. Remote media are shown by
//! reference: `url`, `preview_url` and `remote_url` are all the file on its origin
//! server (nothing is downloaded or resized here).

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
    pub remote_url: String,
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
        preview_url: attachment.url.clone(),
        remote_url: attachment.url.clone(),
        preview_remote_url: None,
        text_url: None,
        meta: meta(attachment),
        description: attachment.description.clone(),
        blurhash: attachment.blurhash.clone(),
    }
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
    use rookery_core::MediaKind;

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

        let bare = Attachment::remote("https://b.test/f", None);
        assert_eq!(bare.kind, MediaKind::Unknown);
        let json = serde_json::to_value(render_media(NoteId::from_i64(7), 2, &bare)).unwrap();
        assert_eq!(json["meta"], json!({}));
        assert_eq!(json["description"], Value::Null);
    }
}
