//! Local media uploads: files a local user uploaded through the client API, processed
//! and stored on this server, waiting to be attached to one of their notes. Once
//! attached, an upload becomes one of the note's [`Attachment`]s and federates by
//! reference like any other (activitypub.md §5.5, versia.md §8.2 `attachments`).

use std::fmt;
use std::str::FromStr;

use crate::attachment::{Attachment, MediaKind};
use crate::error::CoreError;
use crate::id::{AccountId, Id, InvalidId, NoteId};
use crate::time::Timestamp;

/// A local note may carry at most this many uploads (Mastodon's limit, which clients
/// assume; remote notes may carry up to [`crate::MAX_ATTACHMENTS`]).
pub const MAX_UPLOADS_PER_NOTE: usize = 4;

/// Longest alt text accepted, in characters (Mastodon's limit).
pub const MAX_DESCRIPTION_CHARS: usize = 1500;

/// An upload's id. Uploads live in their own table, so their ids are their own type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MediaId(pub Id);

impl MediaId {
    pub const fn from_i64(value: i64) -> Self {
        MediaId(Id::from_i64(value))
    }

    pub const fn as_i64(self) -> i64 {
        self.0.as_i64()
    }
}

impl fmt::Display for MediaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for MediaId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(MediaId)
    }
}

/// One stored file of an upload (the original or its thumbnail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Absolute URL the file is served at (`https://DOMAIN/media/NAME`).
    pub url: String,
    /// The MIME type it was encoded as (`image/png`).
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// Bytes on disk.
    pub size: u64,
}

/// The point of interest clients keep visible when they crop a preview: `x` from -1
/// (left) to 1 (right), `y` from -1 (bottom) to 1 (top), as Mastodon's `meta.focus`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Focus {
    pub x: f64,
    pub y: f64,
}

impl Focus {
    pub const CENTER: Focus = Focus { x: 0.0, y: 0.0 };

    /// Parses Mastodon's `focus` parameter, `"x,y"` with both in [-1, 1].
    pub fn parse(text: &str) -> Result<Focus, CoreError> {
        let invalid = || CoreError::invalid("focus", "must be two numbers from -1 to 1: x,y");
        let (x, y) = text.split_once(',').ok_or_else(invalid)?;
        let coordinate = |part: &str| -> Result<f64, CoreError> {
            let value: f64 = part.trim().parse().map_err(|_| invalid())?;
            if value.is_finite() && (-1.0..=1.0).contains(&value) {
                Ok(value)
            } else {
                Err(invalid())
            }
        };
        Ok(Focus {
            x: coordinate(x)?,
            y: coordinate(y)?,
        })
    }
}

/// A processed upload about to be recorded (what the media library produced plus what
/// the user said about it).
#[derive(Debug, Clone, PartialEq)]
pub struct NewUpload {
    pub kind: MediaKind,
    pub original: MediaFile,
    /// The preview clients show in timelines; never federated as the main URL.
    pub small: MediaFile,
    pub blurhash: Option<String>,
    pub description: Option<String>,
    pub focus: Focus,
}

/// An upload as stored: owned by one local account, attached to at most one note.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalMedia {
    pub id: MediaId,
    pub owner: AccountId,
    pub kind: MediaKind,
    pub original: MediaFile,
    pub small: MediaFile,
    pub blurhash: Option<String>,
    /// Alt text.
    pub description: Option<String>,
    pub focus: Focus,
    /// The note it was attached to; `None` while it waits for one.
    pub note: Option<NoteId>,
    pub created_at: Timestamp,
}

impl LocalMedia {
    /// The attachment a note carrying this upload federates: the original file (never
    /// the thumbnail) with its type, size, blurhash and alt text.
    pub fn attachment(&self) -> Attachment {
        Attachment {
            url: self.original.url.clone(),
            media_type: Some(self.original.media_type.clone()),
            description: self.description.clone(),
            blurhash: self.blurhash.clone(),
            width: Some(self.original.width),
            height: Some(self.original.height),
            kind: self.kind,
        }
    }
}

/// Checks alt text: trimmed, empty means none, at most [`MAX_DESCRIPTION_CHARS`].
pub fn clean_description(text: Option<&str>) -> Result<Option<String>, CoreError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(CoreError::invalid(
            "description",
            format!("is longer than {MAX_DESCRIPTION_CHARS}"),
        ));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_parsing() {
        let ok = [
            ("0,0", (0.0, 0.0)),
            ("-1,1", (-1.0, 1.0)),
            (" 0.5 , -0.25 ", (0.5, -0.25)),
        ];
        for (text, (x, y)) in ok {
            assert_eq!(Focus::parse(text), Ok(Focus { x, y }), "{text}");
        }
        for bad in [
            "", "0", "1.5,0", "0,-1.01", "a,b", "NaN,0", "inf,0", "0,0,0",
        ] {
            assert!(Focus::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn descriptions_are_trimmed_and_bounded() {
        assert_eq!(clean_description(None), Ok(None));
        assert_eq!(clean_description(Some("  ")), Ok(None));
        assert_eq!(
            clean_description(Some(" a cat ")),
            Ok(Some("a cat".to_owned()))
        );
        let long = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert!(clean_description(Some(&long)).is_err());
        let limit = "é".repeat(MAX_DESCRIPTION_CHARS);
        assert!(clean_description(Some(&limit)).is_ok());
    }

    #[test]
    fn the_attachment_is_the_original_file() {
        let file = |url: &str, width| MediaFile {
            url: url.into(),
            media_type: "image/png".into(),
            width,
            height: 10,
            size: 99,
        };
        let media = LocalMedia {
            id: MediaId::from_i64(1),
            owner: AccountId::from_i64(2),
            kind: MediaKind::Image,
            original: file("https://a.test/media/o.png", 20),
            small: file("https://a.test/media/o.small.png", 10),
            blurhash: Some("LKO2?U%2Tw=w]~RBVZRi};RPxuwH".into()),
            description: Some("alt".into()),
            focus: Focus::CENTER,
            note: None,
            created_at: Timestamp::from_millis(0),
        };
        let attachment = media.attachment();
        assert_eq!(attachment.url, "https://a.test/media/o.png");
        assert_eq!(attachment.media_type.as_deref(), Some("image/png"));
        assert_eq!((attachment.width, attachment.height), (Some(20), Some(10)));
        assert_eq!(attachment.description.as_deref(), Some("alt"));
        assert_eq!(attachment.blurhash, media.blurhash);
        assert_eq!(attachment.kind, MediaKind::Image);
    }
}
