//! The displayable part of a remote user's Versia `pub.versia:vanity` extension
//! (versia.md §10.12): pronouns, location, birthday and time zone, kept with the
//! account's profile and shown on its web page and, as extra profile fields, to Mastodon
//! clients. Avatar overlays, masks, backgrounds, audio and aliases are not kept.

/// Most pronoun sets kept.
pub const MAX_PRONOUN_SETS: usize = 4;
/// Longest pronoun set as shown (`she/her`), in characters.
pub const MAX_PRONOUN_CHARS: usize = 64;
/// Longest location, in characters (it is free text, §10.12).
pub const MAX_LOCATION_CHARS: usize = 255;
/// Longest time zone name (IANA names are far shorter).
pub const MAX_TIMEZONE_CHARS: usize = 64;

/// Plain-text values, never HTML; empty by default (most profiles have none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vanity {
    /// Pronoun sets as shown, `subject/object` (`she/her`), in the sender's order.
    pub pronouns: Vec<String>,
    /// Free text or ISO 6709 (`+48.52+002.20/`), shown as given.
    pub location: Option<String>,
    /// RFC 3339 full-date, `YYYY-MM-DD`; the year `0000` means "not shown" (§10.12).
    pub birthday: Option<String>,
    /// IANA zone name (`Europe/Paris`).
    pub timezone: Option<String>,
}

impl Vanity {
    pub fn is_empty(&self) -> bool {
        self.pronouns.is_empty()
            && self.location.is_none()
            && self.birthday.is_none()
            && self.timezone.is_none()
    }

    /// Kept within the limits: values trimmed, blank ones and control characters
    /// dropped, long ones cut, pronoun sets deduplicated and capped, a birthday kept
    /// only as a valid full-date.
    pub fn capped(self) -> Vanity {
        let mut pronouns: Vec<String> = Vec::new();
        for set in self.pronouns {
            if let Some(set) = clean(&set, MAX_PRONOUN_CHARS) {
                if pronouns.len() < MAX_PRONOUN_SETS && !pronouns.contains(&set) {
                    pronouns.push(set);
                }
            }
        }
        Vanity {
            pronouns,
            location: self.location.and_then(|l| clean(&l, MAX_LOCATION_CHARS)),
            birthday: self
                .birthday
                .and_then(|b| full_date(&b).map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))),
            timezone: self.timezone.and_then(|t| clean(&t, MAX_TIMEZONE_CHARS)),
        }
    }

    /// The birthday as shown: `12 April 1998`, or `12 April` when the year is `0000`.
    pub fn birthday_shown(&self) -> Option<String> {
        let (year, month, day) = full_date(self.birthday.as_deref()?)?;
        let month = MONTHS[usize::from(month) - 1];
        Some(if year == "0000" {
            format!("{day} {month}")
        } else {
            format!("{day} {month} {year}")
        })
    }

    /// What a profile shows, as (label, plain-text value) pairs in a fixed order.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        let mut entries = Vec::new();
        if !self.pronouns.is_empty() {
            entries.push(("Pronouns", self.pronouns.join(", ")));
        }
        if let Some(location) = &self.location {
            entries.push(("Location", location.clone()));
        }
        if let Some(birthday) = self.birthday_shown() {
            entries.push(("Birthday", birthday));
        }
        if let Some(timezone) = &self.timezone {
            entries.push(("Time zone", timezone.clone()));
        }
        entries
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Trimmed, control characters removed, at most `max` characters; `None` when blank.
fn clean(text: &str, max: usize) -> Option<String> {
    let kept: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(max)
        .collect();
    let kept = kept.trim_end().to_owned();
    (!kept.is_empty()).then_some(kept)
}

/// (year as written, month, day) of a `YYYY-MM-DD` date, or of the date part of an
/// RFC 3339 date-time; `None` for anything else or an impossible month or day.
fn full_date(text: &str) -> Option<(&str, u8, u8)> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with('t')) {
        return None;
    }
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10)) {
        return None;
    }
    let month: u8 = date[5..7].parse().ok()?;
    let day: u8 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((&date[..4], month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_birthday(birthday: &str) -> Vanity {
        Vanity {
            birthday: Some(birthday.into()),
            ..Vanity::default()
        }
    }

    #[test]
    fn birthdays_hide_an_unknown_year() {
        for (given, shown) in [
            ("1998-04-12", Some("12 April 1998")),
            ("0000-12-01", Some("1 December")),
            ("1998-04-12T00:00:00Z", Some("12 April 1998")),
            ("1998-13-01", None),
            ("1998-04-00", None),
            ("12 April", None),
            ("1998-04-12x", None),
            ("", None),
        ] {
            assert_eq!(
                with_birthday(given).birthday_shown().as_deref(),
                shown,
                "{given}"
            );
        }
    }

    #[test]
    fn capped_trims_limits_and_drops_blanks() {
        let vanity = Vanity {
            pronouns: vec![
                " she/her ".into(),
                "she/her".into(),
                "".into(),
                "they/them".into(),
                "x".repeat(100),
                "it/its".into(),
                "ze/zir".into(),
            ],
            location: Some("  Paris\u{7}  ".into()),
            birthday: Some("1998-04-12T10:00:00Z".into()),
            timezone: Some("   ".into()),
        }
        .capped();
        assert_eq!(
            vanity.pronouns,
            ["she/her", "they/them", &"x".repeat(64), "it/its"]
        );
        assert_eq!(vanity.location.as_deref(), Some("Paris"));
        assert_eq!(vanity.birthday.as_deref(), Some("1998-04-12"));
        assert_eq!(vanity.timezone, None);
        assert_eq!(with_birthday("soon").capped().birthday, None);
        assert!(Vanity::default().capped().is_empty());
    }

    #[test]
    fn entries_are_labelled_in_order() {
        let vanity = Vanity {
            pronouns: vec!["she/her".into(), "they/them".into()],
            location: Some("Lyon".into()),
            birthday: Some("0000-04-12".into()),
            timezone: Some("Europe/Paris".into()),
        };
        assert_eq!(
            vanity.entries(),
            [
                ("Pronouns", "she/her, they/them".to_owned()),
                ("Location", "Lyon".to_owned()),
                ("Birthday", "12 April".to_owned()),
                ("Time zone", "Europe/Paris".to_owned()),
            ]
        );
        assert!(Vanity::default().entries().is_empty());
    }
}
