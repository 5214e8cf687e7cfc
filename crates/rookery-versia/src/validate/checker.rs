//! The rule primitives (versia.md §6, §7.1, §9.6), collecting problems with their JSON
//! paths instead of stopping at the first.

use rookery_core::Timestamp;

use super::{check_domain, Problem, ValidationError, ValidationMode};
use crate::entities::{is_valid_id, ContentFormat, Reference};

/// Dates before this are implausible for anything on a Versia server (§6.4: "year 1337"
/// may be rejected). 1990-01-01T00:00:00Z, in milliseconds.
const EARLIEST_PLAUSIBLE_MS: i64 = 631_152_000_000;
/// Tolerated clock difference for "not in the future": one day.
const FUTURE_TOLERANCE_MS: i64 = 86_400_000;
/// "Reasonable" username length (§8.1); not a UI limit.
const MAX_USERNAME_LEN: usize = 512;

/// What a ContentFormat may hold, by field (§7.1, §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `text/*`, inline (bio, fields, Note.content, poll options).
    Text,
    /// `image/*`, remote (avatar, header, emoji, logo).
    Image,
    /// `audio/*`, remote (vanity audio).
    Audio,
    /// Any type, remote (attachments).
    Attachment,
}

pub struct Checker {
    now: Timestamp,
    pub(super) mode: ValidationMode,
    prefix: String,
    problems: Vec<Problem>,
}

impl Checker {
    pub fn new(now: Timestamp, mode: ValidationMode) -> Self {
        Checker {
            now,
            mode,
            prefix: String::new(),
            problems: Vec::new(),
        }
    }

    pub fn finish(self) -> Result<(), ValidationError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                problems: self.problems,
            })
        }
    }

    pub fn fail(&mut self, field: &str, reason: impl Into<String>) {
        let field = if self.prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", self.prefix)
        };
        self.problems.push(Problem {
            field,
            reason: reason.into(),
        });
    }

    pub fn check(&mut self, ok: bool, field: &str, reason: &str) {
        if !ok {
            self.fail(field, reason);
        }
    }

    /// Runs `f` with every reported field prefixed by `field.`.
    pub fn nested(&mut self, field: &str, f: impl FnOnce(&mut Checker)) {
        let saved = self.prefix.clone();
        self.prefix = if saved.is_empty() {
            field.to_owned()
        } else {
            format!("{saved}.{field}")
        };
        f(self);
        self.prefix = saved;
    }

    /// Entity ids: `[A-Za-z0-9_-]`, 1..=512 (§6.4).
    pub fn id(&mut self, field: &str, id: &str) {
        self.check(
            is_valid_id(id),
            field,
            "must be 1 to 512 characters of A-Z a-z 0-9 _ -",
        );
    }

    /// Transient entities must not carry an id (§6.4).
    pub fn no_id(&mut self, id: Option<&str>) {
        self.check(id.is_none(), "id", "must be absent on a transient entity");
    }

    pub fn username(&mut self, field: &str, name: &str) {
        let ok = !name.is_empty()
            && name.len() <= MAX_USERNAME_LEN
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        self.check(ok, field, "must be 1 or more of A-Z a-z 0-9 _ -");
    }

    /// An RFC 3339 date-time that is plausible: after 1990 and not in the future (one
    /// day of tolerance for clock differences) (§6.2, §9.6).
    pub fn past_timestamp(&mut self, field: &str, text: &str) {
        match Timestamp::parse_rfc3339(text) {
            None => self.fail(field, "must be an RFC 3339 date-time"),
            Some(t) if t.as_millis() < EARLIEST_PLAUSIBLE_MS => {
                self.fail(field, "is implausibly old")
            }
            Some(t) if t.as_millis() > self.now.as_millis().saturating_add(FUTURE_TOLERANCE_MS) => {
                self.fail(field, "is in the future")
            }
            Some(_) => {}
        }
    }

    /// An RFC 3339 date-time with no plausibility bound (poll expiry).
    pub fn timestamp(&mut self, field: &str, text: &str) {
        self.check(
            Timestamp::parse_rfc3339(text).is_some(),
            field,
            "must be an RFC 3339 date-time",
        );
    }

    /// A birthday: RFC 3339 full-date (year `0000` = unknown year) or date-time, not in
    /// the future (§10.12).
    pub fn birthday(&mut self, field: &str, text: &str) {
        let today = self.now.to_rfc3339();
        let today = today.get(..10).unwrap_or_default();
        let date = match text.get(..10) {
            Some(date) if text.len() == 10 || Timestamp::parse_rfc3339(text).is_some() => date,
            _ => return self.fail(field, "must be an RFC 3339 date"),
        };
        if !is_full_date(date) {
            return self.fail(field, "must be an RFC 3339 date");
        }
        if !date.starts_with("0000") && date > today {
            self.fail(field, "is in the future");
        }
    }

    /// A URL we would fetch: https, or http in test mode (§2, §7.1).
    pub fn fetchable_url(&mut self, field: &str, text: &str) {
        let allowed = if self.mode.allow_http {
            "must be an http(s) URL"
        } else {
            "must be an https URL"
        };
        match url::Url::parse(text) {
            Ok(u) if u.host().is_some() && is_fetchable_scheme(u.scheme(), self.mode) => {}
            _ => self.fail(field, allowed),
        }
    }

    /// A link for people (preview target, device homepage): http or https.
    pub fn web_url(&mut self, field: &str, text: &str) {
        match url::Url::parse(text) {
            Ok(u) if u.host().is_some() && matches!(u.scheme(), "https" | "http") => {}
            _ => self.fail(field, "must be an http(s) URL"),
        }
    }

    pub fn domain(&mut self, field: &str, text: &str) {
        if let Err(reason) = check_domain(text, self.mode) {
            self.fail(field, format!("domain {reason}"));
        }
    }

    /// The domain part of a qualified reference must be a Domain (§6.3); the id part is
    /// checked when parsing.
    pub fn reference(&mut self, field: &str, reference: &Reference) {
        if let Some(domain) = reference.domain() {
            self.domain(field, domain);
        }
    }

    pub fn non_empty(&mut self, field: &str, text: &str) {
        self.check(!text.trim().is_empty(), field, "must not be empty");
    }

    /// A ContentFormat for a field that holds `media` (§7.1).
    pub fn content_format(&mut self, field: &str, format: &ContentFormat, media: Media) {
        for (mime, entry) in format.iter() {
            let path = format!("{field}.{mime}");
            if !is_mime_type(mime) {
                self.fail(&path, "key must be a MIME type");
                continue;
            }
            let wanted = match media {
                Media::Text => Some("text/"),
                Media::Image => Some("image/"),
                Media::Audio => Some("audio/"),
                Media::Attachment => None,
            };
            if let Some(prefix) = wanted {
                let matches = mime
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
                if !matches {
                    self.fail(&path, format!("must be a {prefix}* type"));
                }
            }
            // Text fields are inline; everything else is fetched from a URL (§7.1).
            if media == Media::Text && entry.remote {
                self.fail(&format!("{path}.remote"), "text must be inline");
            } else if media != Media::Text && !entry.remote {
                self.fail(&format!("{path}.remote"), "media must be remote");
            }
            if entry.remote {
                self.fetchable_url(&format!("{path}.content"), &entry.content);
            }
            if let Some(hash) = &entry.hash {
                let ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
                self.check(
                    ok,
                    &format!("{path}.hash"),
                    "must be a hex SHA-256 (64 characters)",
                );
            }
            if let Some(duration) = entry.duration {
                self.check(
                    duration.is_finite() && duration >= 0.0,
                    &format!("{path}.duration"),
                    "must be a non-negative number of seconds",
                );
            }
        }
    }
}

fn is_fetchable_scheme(scheme: &str, mode: ValidationMode) -> bool {
    scheme == "https" || (mode.allow_http && scheme == "http")
}

/// `type/subtype` with RFC 6838 name characters; parameters are not expected in keys.
fn is_mime_type(text: &str) -> bool {
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 127
            && s.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'!' | b'#' | b'$' | b'&' | b'-' | b'^' | b'_' | b'.' | b'+'
                    )
            })
    };
    matches!(text.split_once('/'), Some((t, s)) if name_ok(t) && name_ok(s))
}

/// `YYYY-MM-DD` with a real day of month (year 0000 allowed: "year unknown").
fn is_full_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && text.bytes().filter(u8::is_ascii_digit).count() == 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_and_date_shapes() {
        for (mime, ok) in [
            ("text/html", true),
            ("image/svg+xml", true),
            ("text/x.misskeymarkdown", true),
            ("text", false),
            ("text/", false),
            ("text/html; charset=utf-8", false),
        ] {
            assert_eq!(is_mime_type(mime), ok, "{mime}");
        }
        for (date, ok) in [
            ("1998-04-12", true),
            ("0000-04-12", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("1998-13-01", false),
            ("1998-4-12", false),
            ("+998-04-12", false),
        ] {
            assert_eq!(is_full_date(date), ok, "{date}");
        }
    }
}
