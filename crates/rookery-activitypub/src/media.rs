//! Media attachments both ways (activitypub.md §5.5): remote `attachment` entries as
//! core attachments kept by reference (nothing is downloaded), and ours as `Document`s.

use rookery_core::{Attachment, MediaKind, MAX_ATTACHMENTS};
use serde_json::{json, Value};

use crate::wire::{self, Object};

/// The media of `object`: `Document`, `Image`, `Video` and `Audio` entries with an
/// http(s) URL, in order, at most [`MAX_ATTACHMENTS`] (§5.5: the rest are dropped).
/// Other entries (links, property values) are not media and are skipped.
pub fn attachments_in(object: &Object) -> Vec<Attachment> {
    object
        .attachment
        .iter()
        .filter_map(attachment_in)
        .take(MAX_ATTACHMENTS)
        .collect()
}

fn attachment_in(entry: &wire::Attachment) -> Option<Attachment> {
    let by_type = match entry.kind.as_str() {
        "Image" => MediaKind::Image,
        "Video" => MediaKind::Video,
        "Audio" => MediaKind::Audio,
        "Document" => MediaKind::Unknown,
        _ => return None,
    };
    let url = entry.href()?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let media_type = entry.mime().map(str::to_owned);
    let kind = match media_type.as_deref().map(MediaKind::from_media_type) {
        Some(kind) if kind != MediaKind::Unknown => kind,
        _ => by_type,
    };
    Some(Attachment {
        url: url.to_owned(),
        media_type,
        description: entry.alt_text().map(str::to_owned),
        blurhash: entry.blurhash.clone().filter(|b| !b.is_empty()),
        width: entry.width,
        height: entry.height,
        kind,
    })
}

/// One of our attachments as a `Document` with `mediaType`, `url`, `name` (alt text),
/// `blurhash`, `width` and `height`, each only when known (§5.5).
pub fn attachment_out(attachment: &Attachment) -> Value {
    let mut document = json!({"type": "Document", "url": attachment.url});
    let fields = [
        (
            "mediaType",
            attachment.media_type.as_ref().map(|v| json!(v)),
        ),
        ("name", attachment.description.as_ref().map(|v| json!(v))),
        ("blurhash", attachment.blurhash.as_ref().map(|v| json!(v))),
        ("width", attachment.width.map(|v| json!(v))),
        ("height", attachment.height.map(|v| json!(v))),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            document[key] = value;
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_gotosocial_image() {
        let text = include_str!("../../../fixtures/peers/gotosocial/note-image.json");
        let object: Object = serde_json::from_str(text).unwrap();
        let found = attachments_in(&object);
        assert_eq!(found.len(), 1);
        let image = &found[0];
        assert_eq!(image.kind, MediaKind::Image);
        assert_eq!(image.media_type.as_deref(), Some("image/png"));
        assert_eq!(image.description.as_deref(), Some("A small red rectangle"));
        assert_eq!(
            image.blurhash.as_deref(),
            Some("L7M^z|]TfQ]T|wo1fQo1fQfQfQfQ")
        );
        assert!(image.url.ends_with("01M81F8ZM63X0J7DYD3XEWBK46.png"));
    }

    #[test]
    fn keeps_media_only_and_at_most_sixteen() {
        let mut entries = vec![
            json!({"type": "PropertyValue", "name": "x", "value": "y"}),
            json!({"type": "Video", "url": "https://b.test/v", "name": "", "summary": "clip"}),
            json!({"type": "Document", "url": "ftp://b.test/f"}),
            json!({"type": "Document", "mediaType": "audio/ogg",
                   "url": {"type": "Link", "href": "https://b.test/a.ogg"}}),
        ];
        for i in 0..20 {
            entries.push(
                json!({"type": "Image", "url": format!("https://b.test/{i}.png"),
                                "name": "fallback", "summary": "alt", "width": 4}),
            );
        }
        let object: Object = serde_json::from_value(json!({
            "id": "https://b.test/n/1", "type": "Note", "attachment": entries
        }))
        .unwrap();
        let found = attachments_in(&object);
        assert_eq!(found.len(), MAX_ATTACHMENTS);
        assert_eq!(found[0].kind, MediaKind::Video);
        assert_eq!(found[0].description.as_deref(), Some("clip"));
        assert_eq!(found[1].kind, MediaKind::Audio);
        assert_eq!(found[1].url, "https://b.test/a.ogg");
        assert_eq!(found[2].description.as_deref(), Some("alt"));
        assert_eq!(found[2].width, Some(4));

        let out = attachment_out(&found[2]);
        assert_eq!(out["type"], "Document");
        assert_eq!(out["name"], "alt");
        assert_eq!(out["width"], 4);
        assert!(out.get("height").is_none());
    }
}
