//! Note attachments both ways (versia.md §8.2 `attachments`: ContentFormats, each one
//! piece of media in several MIME representations, §7.1). Remote media are kept by
//! reference, never downloaded; ours go out as `remote: true` entries.

use rookery_core::{Attachment, MediaKind, MAX_ATTACHMENTS};

use crate::entities::{ContentEntry, ContentFormat};

/// The attachments of a remote Note: for each ContentFormat its first remote http(s)
/// representation (the sender's order, §7.1), with alt text from any representation.
/// At most [`MAX_ATTACHMENTS`].
pub fn attachments_in(formats: &[ContentFormat]) -> Vec<Attachment> {
    formats
        .iter()
        .filter_map(attachment_in)
        .take(MAX_ATTACHMENTS)
        .collect()
}

fn attachment_in(format: &ContentFormat) -> Option<Attachment> {
    let (mime, entry) = format.iter().find(|(_, e)| {
        e.remote && (e.content.starts_with("https://") || e.content.starts_with("http://"))
    })?;
    let description = entry
        .description
        .clone()
        .or_else(|| format.iter().find_map(|(_, e)| e.description.clone()))
        .filter(|d| !d.trim().is_empty());
    let dimension = |v: Option<u64>| v.and_then(|v| u32::try_from(v).ok());
    Some(Attachment {
        url: entry.content.clone(),
        media_type: Some(mime.to_owned()),
        description,
        // Versia has ThumbHash, not BlurHash (§7.1).
        blurhash: None,
        width: dimension(entry.width),
        height: dimension(entry.height),
        kind: MediaKind::from_media_type(mime),
    })
}

/// One of our attachments as a ContentFormat with a single `remote: true` entry, keyed
/// by its MIME type (`application/octet-stream` when unknown, §7.1 [REF] mime-db keys).
pub fn attachment_out(attachment: &Attachment) -> ContentFormat {
    let mut entry = ContentEntry::remote(attachment.url.clone());
    entry.description = attachment.description.clone();
    entry.width = attachment.width.map(u64::from);
    entry.height = attachment.height.map(u64::from);
    let mime = attachment
        .media_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let mut format = ContentFormat::new();
    format.insert(mime, entry);
    format
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_representations_become_attachments() {
        let mut image = ContentFormat::new();
        let mut png = ContentEntry::remote("https://b.test/m/1.png");
        png.width = Some(640);
        png.height = Some(480);
        image.insert("image/png", png);
        let mut webp = ContentEntry::remote("https://b.test/m/1.webp");
        webp.description = Some("A cat".into());
        image.insert("image/webp", webp);
        let mut inline = ContentFormat::new();
        inline.insert("text/plain", ContentEntry::inline("not media"));

        let found = attachments_in(&[inline, image]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url, "https://b.test/m/1.png");
        assert_eq!(found[0].media_type.as_deref(), Some("image/png"));
        assert_eq!(found[0].description.as_deref(), Some("A cat"));
        assert_eq!((found[0].width, found[0].height), (Some(640), Some(480)));
        assert_eq!(found[0].kind, MediaKind::Image);

        let out = attachment_out(&found[0]);
        let entry = out.get("image/png").unwrap();
        assert!(entry.remote);
        assert_eq!(entry.content, "https://b.test/m/1.png");
        assert_eq!(entry.description.as_deref(), Some("A cat"));
    }
}
