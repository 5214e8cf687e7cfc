//! Polls on notes (Mastodon's poll, ActivityPub `Question` (activitypub.md §5.3), Versia
//! `pub.versia:polls` (versia.md §10.8)) and the rules for creating and voting on them.

use crate::error::CoreError;
use crate::id::{AccountId, NoteId};
use crate::time::Timestamp;

/// Fewest options a local poll may have (Mastodon's default).
pub const MIN_OPTIONS: usize = 2;
/// Most options a local poll may have (Mastodon's default).
pub const MAX_OPTIONS: usize = 4;
/// Longest option title of a local poll, in characters (Mastodon's default).
pub const MAX_OPTION_CHARS: usize = 50;
/// Shortest lifetime of a local poll: five minutes (Mastodon's default).
pub const MIN_EXPIRES_IN_SECS: u64 = 300;
/// Longest lifetime of a local poll: thirty days (Mastodon's default).
pub const MAX_EXPIRES_IN_SECS: u64 = 30 * 24 * 3600;
/// Most options kept of a remote poll: more are cut, so a peer cannot make us store an
/// unbounded list.
pub const MAX_REMOTE_OPTIONS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollOption {
    pub title: String,
    pub votes: u64,
}

/// A note's poll. The counts of a local poll are ours; a remote one's are what its
/// author's server last told us (plus our own users' votes since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poll {
    pub note: NoteId,
    pub options: Vec<PollOption>,
    pub multiple: bool,
    pub hide_totals: bool,
    /// `None`: never closes.
    pub expires_at: Option<Timestamp>,
    /// Accounts that voted (for a multiple-choice poll, fewer than the votes).
    pub voters_count: u64,
    /// When the counts last changed: makes each count update a distinct activity.
    pub updated_at: Timestamp,
}

impl Poll {
    pub fn expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|end| end <= now)
    }

    pub fn votes_count(&self) -> u64 {
        self.options.iter().map(|o| o.votes).sum()
    }

    /// The index of the option titled `title` (an ActivityPub vote names its option).
    pub fn option_index(&self, title: &str) -> Option<u32> {
        let index = self.options.iter().position(|o| o.title == title)?;
        u32::try_from(index).ok()
    }

    /// Checks that `choices` is a valid ballot for this poll at `now`: not closed, at
    /// least one choice, each an existing option, at most one unless multiple choice.
    pub fn check_ballot(&self, choices: &[u32], now: Timestamp) -> Result<(), CoreError> {
        if self.expired(now) {
            return Err(CoreError::invalid("poll", "has already ended"));
        }
        if choices.is_empty() {
            return Err(CoreError::invalid("choices", "must not be empty"));
        }
        if !self.multiple && choices.len() > 1 {
            return Err(CoreError::invalid("choices", "allow only one option"));
        }
        for (i, choice) in choices.iter().enumerate() {
            if *choice as usize >= self.options.len() {
                return Err(CoreError::invalid(
                    "choices",
                    "name an option that does not exist",
                ));
            }
            if choices[..i].contains(choice) {
                return Err(CoreError::invalid("choices", "name an option twice"));
            }
        }
        Ok(())
    }
}

/// A poll as a local user asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollDraft {
    pub options: Vec<String>,
    pub expires_in_secs: u64,
    pub multiple: bool,
    pub hide_totals: bool,
}

impl PollDraft {
    /// The poll of note `note` posted at `now`, when the draft keeps Mastodon's limits.
    pub fn into_poll(self, note: NoteId, now: Timestamp) -> Result<Poll, CoreError> {
        let count = self.options.len();
        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&count) {
            return Err(CoreError::invalid(
                "poll options",
                format!("must be {MIN_OPTIONS} to {MAX_OPTIONS}"),
            ));
        }
        let mut options = Vec::with_capacity(count);
        for title in self.options {
            let title = title.trim().to_owned();
            if title.is_empty() {
                return Err(CoreError::invalid("poll options", "must not be empty"));
            }
            if title.chars().count() > MAX_OPTION_CHARS {
                return Err(CoreError::invalid(
                    "poll options",
                    format!("must be at most {MAX_OPTION_CHARS} characters"),
                ));
            }
            if options.iter().any(|o: &PollOption| o.title == title) {
                return Err(CoreError::invalid("poll options", "must be different"));
            }
            options.push(PollOption { title, votes: 0 });
        }
        if !(MIN_EXPIRES_IN_SECS..=MAX_EXPIRES_IN_SECS).contains(&self.expires_in_secs) {
            return Err(CoreError::invalid(
                "poll expires_in",
                format!("must be {MIN_EXPIRES_IN_SECS} to {MAX_EXPIRES_IN_SECS} seconds"),
            ));
        }
        let end = now
            .as_millis()
            .saturating_add(i64::try_from(self.expires_in_secs * 1000).unwrap_or(i64::MAX));
        Ok(Poll {
            note,
            options,
            multiple: self.multiple,
            hide_totals: self.hide_totals,
            expires_at: Some(Timestamp::from_millis(end)),
            voters_count: 0,
            updated_at: now,
        })
    }
}

/// A remote poll as its protocol adapter read it (ActivityPub `Question`, Versia
/// `pub.versia:polls`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingPoll {
    pub options: Vec<PollOption>,
    pub multiple: bool,
    pub expires_at: Option<Timestamp>,
    /// `None` when the sender does not say (Versia): the votes of a single-choice poll.
    pub voters_count: Option<u64>,
}

impl IncomingPoll {
    /// The poll of the stored note `note`, received at `now`. Options beyond
    /// [`MAX_REMOTE_OPTIONS`] are cut.
    pub fn into_poll(self, note: NoteId, now: Timestamp) -> Poll {
        let mut options = self.options;
        options.truncate(MAX_REMOTE_OPTIONS);
        let votes: u64 = options.iter().map(|o| o.votes).sum();
        let voters_count = self
            .voters_count
            .unwrap_or(if self.multiple { 0 } else { votes });
        Poll {
            note,
            options,
            multiple: self.multiple,
            hide_totals: false,
            expires_at: self.expires_at,
            voters_count,
            updated_at: now,
        }
    }
}

/// One account's choice of one option (a multiple-choice ballot is several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollVote {
    /// The note carrying the poll.
    pub note: NoteId,
    pub account: AccountId,
    /// 0-based option index.
    pub choice: u32,
    /// A remote vote's federation id (its ActivityPub `Create` object, Versia Vote).
    pub uri: Option<String>,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(options: &[&str], expires_in_secs: u64) -> PollDraft {
        PollDraft {
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            expires_in_secs,
            multiple: false,
            hide_totals: false,
        }
    }

    const NOW: Timestamp = Timestamp::from_millis(1_000_000);

    #[test]
    fn drafts_keep_mastodons_limits() {
        let cases: &[(&[&str], u64, bool)] = &[
            (&["yes", "no"], 300, true),
            (&["a", "b", "c", "d"], MAX_EXPIRES_IN_SECS, true),
            (&["only"], 3600, false),
            (&["a", "b", "c", "d", "e"], 3600, false),
            (&["a", "b"], 299, false),
            (&["a", "b"], MAX_EXPIRES_IN_SECS + 1, false),
            (&["a", " "], 3600, false),
            (&["a", "a"], 3600, false),
            (&["a", &"x".repeat(51)], 3600, false),
            (&["a", &"é".repeat(50)], 3600, true),
        ];
        for (options, expires, ok) in cases {
            let result = draft(options, *expires).into_poll(NoteId::from_i64(1), NOW);
            assert_eq!(result.is_ok(), *ok, "{options:?} {expires}");
        }
        let poll = draft(&["yes", "no"], 300)
            .into_poll(NoteId::from_i64(1), NOW)
            .unwrap();
        assert_eq!(poll.expires_at, Some(Timestamp::from_millis(1_300_000)));
        assert_eq!(poll.option_index("no"), Some(1));
        assert_eq!(poll.option_index("maybe"), None);
    }

    #[test]
    fn ballots_are_checked() {
        let mut poll = draft(&["a", "b", "c"], 300)
            .into_poll(NoteId::from_i64(1), NOW)
            .unwrap();
        assert!(poll.check_ballot(&[2], NOW).is_ok());
        assert!(poll.check_ballot(&[], NOW).is_err());
        assert!(poll.check_ballot(&[3], NOW).is_err());
        assert!(poll.check_ballot(&[0, 1], NOW).is_err(), "single choice");
        poll.multiple = true;
        assert!(poll.check_ballot(&[0, 1], NOW).is_ok());
        assert!(poll.check_ballot(&[1, 1], NOW).is_err(), "twice");
        let later = Timestamp::from_millis(1_300_000);
        assert!(poll.expired(later));
        assert!(poll.check_ballot(&[0], later).is_err(), "closed");
    }
}
