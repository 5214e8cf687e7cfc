//! The time window a signature is valid in, shared by both schemes (activitypub.md §4.1).

use std::time::{SystemTime, UNIX_EPOCH};

use super::error::SignatureError;

/// Allowed clock skew either way: Mastodon's one hour (activitypub.md §4.1 "time window").
pub const CLOCK_SKEW_SECS: i64 = 60 * 60;
/// Validity of a signature without an explicit expiry.
pub const DEFAULT_VALIDITY_SECS: i64 = 5 * 60;
/// An explicit `expires` is capped at `created` plus this.
pub const MAX_VALIDITY_SECS: i64 = 12 * 60 * 60;

/// Unix seconds of `time` (negative before 1970, which only a broken clock produces).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Accepts a signature made at `created` (unix seconds), optionally valid until
/// `expires`, at time `now`: rejects a `created` more than the skew in the future, and a
/// `now` past the expiry (default created + 5 min, explicit one capped at created + 12 h)
/// plus the skew. So a plain `Date` older than 65 minutes fails.
pub(crate) fn check(created: i64, expires: Option<i64>, now: i64) -> Result<(), SignatureError> {
    if created > now.saturating_add(CLOCK_SKEW_SECS) {
        return Err(SignatureError::FromTheFuture);
    }
    let cap = created.saturating_add(MAX_VALIDITY_SECS);
    let expiry = expires.map_or(created.saturating_add(DEFAULT_VALIDITY_SECS), |e| {
        e.min(cap)
    });
    if now > expiry.saturating_add(CLOCK_SKEW_SECS) {
        return Err(SignatureError::Expired);
    }
    Ok(())
}
