//! Time-ordered 64-bit ids (Mastodon-style snowflakes) and the newtypes built on them.
//!
//! Mastodon clients page with `max_id`/`since_id`/`min_id` and compare ids as numbers,
//! so an id must sort by creation time: the high 48 bits are milliseconds since the Unix
//! epoch, the low 16 bits a per-process sequence that starts at a random offset (given by
//! the caller, since core does no I/O) so that several processes rarely collide.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::time::Timestamp;

/// Bits kept for the sequence below the millisecond timestamp.
const SEQUENCE_BITS: u32 = 16;

/// A raw snowflake id. Positive, time-ordered, unique per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(i64);

impl Id {
    /// Wraps a stored value. Stores call this when reading rows back.
    pub const fn from_i64(value: i64) -> Self {
        Id(value)
    }

    pub const fn as_i64(self) -> i64 {
        self.0
    }

    /// The smallest id that could have been made at `at`: the lower bound for
    /// "everything since this time" queries.
    pub fn floor_at(at: Timestamp) -> Self {
        Id(at.as_millis().max(0) << SEQUENCE_BITS)
    }

    /// The millisecond at which this id was made.
    pub fn timestamp(self) -> Timestamp {
        Timestamp::from_millis(self.0 >> SEQUENCE_BITS)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Error for an id string that is not a positive decimal integer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id")]
pub struct InvalidId;

impl FromStr for Id {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidId);
        }
        s.parse::<i64>().map(Id).map_err(|_| InvalidId)
    }
}

/// Makes ids. One generator per process; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct IdGenerator {
    sequence: AtomicU64,
}

impl IdGenerator {
    /// `seed` should be random (the server passes one from the OS) so that two processes
    /// writing in the same millisecond start from different sequence values.
    pub fn new(seed: u64) -> Self {
        IdGenerator {
            sequence: AtomicU64::new(seed),
        }
    }

    /// A fresh id for something created at `now`.
    pub fn next(&self, now: Timestamp) -> Id {
        let seq = self.sequence.fetch_add(1, Ordering::Relaxed) & ((1 << SEQUENCE_BITS) - 1);
        Id((now.as_millis().max(0) << SEQUENCE_BITS) | seq as i64)
    }
}

/// Declares a typed id so that an account id can never be passed where a note id is due.
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub Id);

        impl $name {
            pub const fn from_i64(value: i64) -> Self {
                $name(Id::from_i64(value))
            }
            pub const fn as_i64(self) -> i64 {
                self.0.as_i64()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<Id> for $name {
            fn from(id: Id) -> Self {
                $name(id)
            }
        }
    };
}

typed_id!(
    /// An OAuth application registered by a client.
    AppId
);
typed_id!(
    /// An account, local or remote.
    AccountId
);
typed_id!(
    /// A note (status), local or remote.
    NoteId
);
typed_id!(
    /// A follow relationship (or follow request).
    FollowId
);
typed_id!(
    /// A notification for a local account.
    NotificationId
);
typed_id!(
    /// A stored outbound activity body, shared by all its deliveries.
    ActivityId
);
typed_id!(
    /// One delivery of one activity to one inbox.
    DeliveryId
);
typed_id!(
    /// A like (favourite).
    LikeId
);
typed_id!(
    /// A share (boost, reblog).
    ShareId
);
typed_id!(
    /// An emoji reaction (versia.md §10.9).
    ReactionId
);
typed_id!(
    /// A dislike (versia.md §10.6).
    DislikeId
);
typed_id!(
    /// An access token.
    TokenId
);
typed_id!(
    /// A report to this instance's moderators.
    ReportId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_then_sequence() {
        let ids = IdGenerator::new(65_530);
        let a = ids.next(Timestamp::from_millis(1_000));
        let b = ids.next(Timestamp::from_millis(1_000));
        let c = ids.next(Timestamp::from_millis(1_001));
        assert_ne!(a, b);
        assert!(a < c && b < c, "a later millisecond always sorts after");
        assert_eq!(a.timestamp(), Timestamp::from_millis(1_000));
        assert!(Id::floor_at(Timestamp::from_millis(1_001)) <= c);
        assert!(Id::floor_at(Timestamp::from_millis(1_001)) > a);
    }

    #[test]
    fn parses_only_positive_decimal_strings() {
        let table = [
            ("123", Some(123)),
            ("0", Some(0)),
            ("", None),
            ("-1", None),
            ("12a", None),
            ("99999999999999999999", None),
            (" 1", None),
        ];
        for (input, expected) in table {
            assert_eq!(
                input.parse::<Id>().ok().map(Id::as_i64),
                expected,
                "{input:?}"
            );
        }
        let id: NoteId = "42".parse().unwrap();
        assert_eq!(id.to_string(), "42");
    }
}
