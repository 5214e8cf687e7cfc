//! Instants as milliseconds since the Unix epoch. Core never reads the clock: callers
//! pass `now`, which keeps every rule a pure, table-testable function.

use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    pub const fn from_secs(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(1000))
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Whole days since the epoch (UTC): the unit of per-host failure tracking.
    pub const fn day_number(self) -> i64 {
        self.0.div_euclid(86_400_000)
    }

    /// RFC 3339 in UTC with millisecond precision, e.g. `2024-12-01T12:19:06.000Z`.
    pub fn to_rfc3339(self) -> String {
        let nanos = i128::from(self.0) * 1_000_000;
        match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
            Ok(t) => {
                let t = t
                    .replace_nanosecond(t.millisecond() as u32 * 1_000_000)
                    .unwrap_or(t);
                t.format(&Rfc3339)
                    .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
            }
            Err(_) => "1970-01-01T00:00:00Z".into(),
        }
    }

    /// Parses RFC 3339 with any offset.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let t = OffsetDateTime::parse(text, &Rfc3339).ok()?;
        let millis = t.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis).ok().map(Timestamp)
    }

    /// Duration from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0).max(0) as u64)
    }
}

impl Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, rhs: Duration) -> Timestamp {
        let millis = i64::try_from(rhs.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(millis))
    }
}

impl Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, rhs: Duration) -> Timestamp {
        let millis = i64::try_from(rhs.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_sub(millis))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        let t = Timestamp::from_millis(1_733_055_546_139);
        assert_eq!(t.to_rfc3339(), "2024-12-01T12:19:06.139Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2024-12-01T12:19:06.139Z"),
            Some(t)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2024-12-01T13:19:06.139+01:00"),
            Some(t)
        );
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn arithmetic_saturates_and_days_are_utc() {
        let t = Timestamp::from_secs(86_400 * 3 + 5);
        assert_eq!(t.day_number(), 3);
        assert_eq!((t + Duration::from_secs(60)).as_secs(), 86_400 * 3 + 65);
        assert_eq!(t.since(t + Duration::from_secs(1)), Duration::ZERO);
    }
}
