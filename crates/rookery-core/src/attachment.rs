//! Media attached to notes, kept as references to the files on their origin server: we
//! never download remote media, clients load it from there (activitypub.md §5.5,
//! versia.md §8.2 `attachments`).

/// At most this many attachments are kept per note (activitypub.md §5.5: Mastodon keeps
/// 4, its open PR #29562 raises that to 16; we keep 16 and drop the rest).
pub const MAX_ATTACHMENTS: usize = 16;

/// What kind of media an attachment is, for clients choosing how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    /// Anything else: shown as a link.
    Unknown,
}

impl MediaKind {
    /// Mastodon's `MediaAttachment.type` names (`gifv` is never inferred).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Unknown => "unknown",
        }
    }

    /// The stored name back; anything unexpected is `Unknown`.
    pub fn parse(name: &str) -> MediaKind {
        match name {
            "image" => MediaKind::Image,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            _ => MediaKind::Unknown,
        }
    }

    /// The kind a MIME type (`image/png`) names.
    pub fn from_media_type(media_type: &str) -> MediaKind {
        let top = media_type
            .split('/')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        MediaKind::parse(&top)
    }
}

/// One remote file attached to a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Where the file is (on its origin server).
    pub url: String,
    /// MIME type, when the sender gave one.
    pub media_type: Option<String>,
    /// Alt text.
    pub description: Option<String>,
    pub blurhash: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub kind: MediaKind,
}

impl Attachment {
    /// An attachment at `url` with nothing else known; the kind comes from `media_type`.
    pub fn remote(url: impl Into<String>, media_type: Option<String>) -> Attachment {
        let kind = media_type
            .as_deref()
            .map_or(MediaKind::Unknown, MediaKind::from_media_type);
        Attachment {
            url: url.into(),
            media_type,
            description: None,
            blurhash: None,
            width: None,
            height: None,
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_media_types() {
        let cases = [
            ("image/png", MediaKind::Image),
            ("Video/MP4", MediaKind::Video),
            ("audio/ogg", MediaKind::Audio),
            ("application/pdf", MediaKind::Unknown),
            ("", MediaKind::Unknown),
        ];
        for (mime, kind) in cases {
            assert_eq!(MediaKind::from_media_type(mime), kind, "{mime}");
            assert_eq!(MediaKind::parse(kind.as_str()), kind);
        }
    }
}
