//! How long a fetched remote actor counts as fresh (activitypub.md §3.1; seed 002: "cache
//! actors for reasonable time (24h); respect HTTP cache headers"): the peer's
//! `Cache-Control: max-age` when it sends one, kept within bounds, else one day.

use std::time::Duration;

use http::HeaderMap;
use rookery_core::Timestamp;

/// Without a cache header: one day, as Mastodon treats accounts as possibly stale after
/// a day (§3.1).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 3600);
/// Shortest freshness we honour: a tiny `max-age` on a busy actor would otherwise make
/// every activity a fetch (and trip the peer's rate limits, §6.5).
pub const MIN_MAX_AGE: Duration = Duration::from_secs(5 * 60);
/// Longest: a key rotation must reach us within a week even from a generous peer.
pub const MAX_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// The freshness a response's `Cache-Control` asks for: `max-age` (or `s-maxage`, which
/// wins for shared caches like us), `no-cache`/`no-store` as zero; `None` without any.
pub fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let mut found = None;
    for value in headers.get_all(http::header::CACHE_CONTROL) {
        let Ok(value) = value.to_str() else { continue };
        for directive in value.split(',').map(|d| d.trim().to_ascii_lowercase()) {
            let (name, arg) = directive
                .split_once('=')
                .map_or((directive.as_str(), None), |(n, a)| {
                    (n.trim(), Some(a.trim()))
                });
            match (
                name,
                arg.and_then(|a| a.trim_matches('"').parse::<u64>().ok()),
            ) {
                ("s-maxage", Some(secs)) => return Some(Duration::from_secs(secs)),
                ("max-age", Some(secs)) => found = Some(Duration::from_secs(secs)),
                ("no-cache" | "no-store", _) if found.is_none() => found = Some(Duration::ZERO),
                _ => {}
            }
        }
    }
    found
}

/// Whether an actor fetched at `fetched_at`, whose server asked for `max_age` (if it
/// did), should be fetched again at `now`.
pub fn is_stale(fetched_at: Timestamp, max_age: Option<Duration>, now: Timestamp) -> bool {
    let ttl = max_age
        .map(|age| age.clamp(MIN_MAX_AGE, MAX_MAX_AGE))
        .unwrap_or(DEFAULT_MAX_AGE);
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    now.as_millis().saturating_sub(fetched_at.as_millis()) >= ttl_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600 * 1000;

    #[test]
    fn freshness_table() {
        let at = Timestamp::from_millis(1_000_000_000_000);
        let later = |ms: i64| Timestamp::from_millis(at.as_millis() + ms);
        let secs = |s: u64| Some(Duration::from_secs(s));
        let cases: &[(Option<Duration>, i64, bool, &str)] = &[
            (None, 0, false, "just fetched"),
            (None, 23 * HOUR, false, "a day by default"),
            (None, 24 * HOUR, true, "stale after a day"),
            (secs(3600), HOUR - 1, false, "max-age honoured"),
            (secs(3600), HOUR, true, "max-age honoured"),
            (secs(0), 4 * 60 * 1000, false, "at least five minutes"),
            (secs(0), 5 * 60 * 1000, true, "at least five minutes"),
            (secs(30 * 24 * 3600), 6 * 24 * HOUR, false, "a long max-age"),
            (secs(30 * 24 * 3600), 7 * 24 * HOUR, true, "at most a week"),
            (None, -HOUR, false, "a clock that went back"),
        ];
        for (max_age, elapsed, stale, why) in cases {
            assert_eq!(
                is_stale(at, *max_age, later(*elapsed)),
                *stale,
                "{why}: {max_age:?} after {elapsed} ms"
            );
        }
    }

    #[test]
    fn reads_cache_control() {
        let read = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_str(value).unwrap(),
            );
            max_age(&headers)
        };
        let secs = |s: u64| Some(Duration::from_secs(s));
        assert_eq!(read("max-age=180, public"), secs(180));
        assert_eq!(read("public, max-age=\"60\""), secs(60));
        assert_eq!(read("max-age=600, s-maxage=30"), secs(30));
        assert_eq!(read("no-store"), secs(0));
        assert_eq!(read("public"), None);
        assert_eq!(read("max-age=soon"), None);
        assert_eq!(max_age(&HeaderMap::new()), None);
    }
}
