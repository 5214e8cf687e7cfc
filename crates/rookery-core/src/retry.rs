//! When a failed delivery is tried again, which failures are final, and when a host counts
//! as unreachable (activitypub.md §6.2, architecture "The delivery queue").

use std::time::Duration;

use crate::delivery::AttemptResult;
use crate::time::Timestamp;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// Random jitter lengthens a delay by up to this fraction, so that deliveries which failed
/// together (a host went down) do not all come back at the same instant (Misskey uses
/// the same +20 %, activitypub.md §6.2).
const MAX_JITTER: f64 = 0.2;

/// Delays between attempts. After the last delay, that delay repeats until the job is
/// `give_up_after` old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule {
    pub delays: Vec<Duration>,
    pub give_up_after: Duration,
}

impl RetrySchedule {
    /// About 1m, 5m, 30m, 2h, 12h, 24h, then daily until 7 days: longer than Mastodon's
    /// ~3 days so a peer down over a long weekend still gets its posts.
    pub fn standard() -> Self {
        RetrySchedule {
            delays: vec![MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR, DAY],
            give_up_after: 7 * DAY,
        }
    }

    /// Millisecond-scale delays for test clusters, so retry scenarios finish in seconds.
    pub fn fast_for_tests() -> Self {
        let ms = Duration::from_millis;
        RetrySchedule {
            delays: vec![ms(50), ms(100), ms(200), ms(400), ms(800), ms(1600)],
            give_up_after: Duration::from_secs(30),
        }
    }

    /// The scheduled delay after `attempts_made` failed attempts (counting the one that
    /// just failed; 0 is treated as 1). Zero if the schedule is empty.
    pub fn delay_after(&self, attempts_made: u32) -> Duration {
        let index = attempts_made.saturating_sub(1) as usize;
        self.delays
            .get(index)
            .or(self.delays.last())
            .copied()
            .unwrap_or(Duration::ZERO)
    }

    /// The instant after which a job created at `created_at` is given up.
    pub fn horizon(&self, created_at: Timestamp) -> Timestamp {
        created_at + self.give_up_after
    }

    /// Jobs created before this instant are past the horizon at `now` (for
    /// `DeliveryQueue::give_up_expired`).
    pub fn expired_before(&self, now: Timestamp) -> Timestamp {
        now - self.give_up_after
    }

    /// When to try again after `attempts_made` failed attempts, or `None` to give up.
    /// `jitter` is a random number in `[0, 1)` from the caller (core has no randomness);
    /// out-of-range values are clamped.
    pub fn next_attempt(
        &self,
        attempts_made: u32,
        created_at: Timestamp,
        now: Timestamp,
        jitter: f64,
    ) -> Option<Timestamp> {
        self.next_attempt_after(attempts_made, created_at, now, jitter, None)
    }

    /// [`RetrySchedule::next_attempt`] honouring a peer's `Retry-After`: the later of the
    /// schedule and the peer's wish. No retry lands past the horizon: a later one is moved
    /// onto it, so the last attempt happens right at the horizon and the next failure gives
    /// up.
    pub fn next_attempt_after(
        &self,
        attempts_made: u32,
        created_at: Timestamp,
        now: Timestamp,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Option<Timestamp> {
        let horizon = self.horizon(created_at);
        if now >= horizon {
            return None;
        }
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let scheduled = self
            .delay_after(attempts_made)
            .mul_f64(1.0 + MAX_JITTER * jitter);
        let delay = scheduled.max(retry_after.unwrap_or(Duration::ZERO));
        Some((now + delay).min(horizon))
    }
}

impl Default for RetrySchedule {
    fn default() -> Self {
        RetrySchedule::standard()
    }
}

/// What a delivery attempt means for its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again per the schedule, no earlier than `retry_after` if the peer asked.
    Retry {
        retry_after: Option<Duration>,
        reason: String,
    },
    /// Never retry.
    Permanent {
        reason: String,
    },
    /// 410 Gone: never retry, and the addressee is gone (the actor for a personal inbox,
    /// the host for a shared one, activitypub.md §6.2).
    Gone,
}

/// Classifies an attempt the way Mastodon does (activitypub.md §6.2): 2xx is delivered;
/// 401 (a stale key may be refreshed), 408, 429, 5xx other than 501, and network errors
/// are retried; 410 is `Gone`; every other 4xx and 501 are permanent. Other codes (1xx,
/// 3xx) are retried, as Mastodon does, since they say nothing final.
pub fn classify(result: &AttemptResult) -> Outcome {
    match result {
        AttemptResult::Delivered => Outcome::Delivered,
        AttemptResult::Network(error) => Outcome::Retry {
            retry_after: None,
            reason: format!("network error: {error}"),
        },
        AttemptResult::Unsendable(why) => Outcome::Permanent {
            reason: format!("unsendable: {why}"),
        },
        AttemptResult::Status { code, retry_after } => match *code {
            200..=299 => Outcome::Delivered,
            410 => Outcome::Gone,
            401 | 408 | 429 => Outcome::Retry {
                retry_after: *retry_after,
                reason: format!("HTTP {code}"),
            },
            400..=499 | 501 => Outcome::Permanent {
                reason: format!("HTTP {code}"),
            },
            _ => Outcome::Retry {
                retry_after: *retry_after,
                reason: format!("HTTP {code}"),
            },
        },
    }
}

/// When a host that keeps failing stops being tried (until it succeeds or talks to us).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostHealthPolicy {
    /// Distinct UTC days with failures and no success; 0 disables the rule.
    pub unreachable_after_failing_days: u32,
}

impl HostHealthPolicy {
    /// Whether a host that failed on `distinct_failing_days` days is unreachable.
    pub fn is_unreachable(&self, distinct_failing_days: u32) -> bool {
        self.unreachable_after_failing_days > 0
            && distinct_failing_days >= self.unreachable_after_failing_days
    }
}

impl Default for HostHealthPolicy {
    /// Seven distinct failing days, like Mastodon's `UnavailableDomain` (activitypub.md
    /// §6.2).
    fn default() -> Self {
        HostHealthPolicy {
            unreachable_after_failing_days: 7,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp::from_secs(1_700_000_000);

    fn at(offset: Duration) -> Timestamp {
        T0 + offset
    }

    #[test]
    fn standard_schedule() {
        let s = RetrySchedule::standard();
        let secs = Duration::from_secs;
        // (attempts made, time since creation, jitter, expected delay from now or None)
        let table = [
            (0, Duration::ZERO, 0.0, Some(MINUTE)),
            (1, Duration::ZERO, 0.0, Some(MINUTE)),
            (1, Duration::ZERO, 0.5, Some(secs(66))),
            (1, Duration::ZERO, 0.75, Some(secs(69))),
            (2, MINUTE, 0.0, Some(5 * MINUTE)),
            (3, MINUTE, 0.0, Some(30 * MINUTE)),
            (4, HOUR, 0.0, Some(2 * HOUR)),
            (5, HOUR, 0.0, Some(12 * HOUR)),
            (6, DAY, 0.0, Some(DAY)),
            (7, 2 * DAY, 0.0, Some(DAY)),
            (40, 5 * DAY, 1.0, Some(secs(86_400 * 6 / 5))),
            // Out-of-range jitter is clamped.
            (1, Duration::ZERO, -3.0, Some(MINUTE)),
            (1, Duration::ZERO, 7.0, Some(secs(72))),
            (1, Duration::ZERO, f64::NAN, Some(MINUTE)),
            // Near the horizon the last retry lands exactly on it...
            (9, 6 * DAY + 12 * HOUR, 0.0, Some(12 * HOUR)),
            // ...and past it we give up.
            (10, 7 * DAY, 0.0, None),
            (10, 8 * DAY, 0.0, None),
        ];
        for (attempts, age, jitter, expected) in table {
            let now = at(age);
            let got = s.next_attempt(attempts, T0, now, jitter);
            assert_eq!(
                got,
                expected.map(|d| now + d),
                "attempts={attempts} age={age:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_horizon() {
        let s = RetrySchedule::standard();
        // (attempts, age, Retry-After, expected delay from now)
        let table = [
            (1, Duration::ZERO, None, MINUTE),
            (1, Duration::ZERO, Some(10 * MINUTE), 10 * MINUTE),
            (3, Duration::ZERO, Some(10 * MINUTE), 30 * MINUTE),
            (1, Duration::ZERO, Some(30 * DAY), 7 * DAY),
            (1, 6 * DAY, Some(3 * DAY), DAY),
        ];
        for (attempts, age, retry_after, expected) in table {
            let now = at(age);
            let got = s.next_attempt_after(attempts, T0, now, 0.0, retry_after);
            assert_eq!(
                got,
                Some(now + expected),
                "{attempts} {age:?} {retry_after:?}"
            );
        }
        assert_eq!(
            s.next_attempt_after(1, T0, at(7 * DAY), 0.0, Some(MINUTE)),
            None
        );
    }

    #[test]
    fn fast_and_degenerate_schedules() {
        let fast = RetrySchedule::fast_for_tests();
        let ms = Duration::from_millis;
        let table = [
            (1, ms(50)),
            (2, ms(100)),
            (4, ms(400)),
            (6, ms(1600)),
            (99, ms(1600)),
        ];
        for (attempts, expected) in table {
            assert_eq!(fast.delay_after(attempts), expected, "{attempts}");
        }
        assert_eq!(fast.next_attempt(1, T0, T0, 0.0), Some(T0 + ms(50)));
        assert_eq!(fast.next_attempt(1, T0, at(fast.give_up_after), 0.0), None);
        let empty = RetrySchedule {
            delays: Vec::new(),
            give_up_after: HOUR,
        };
        assert_eq!(empty.next_attempt(3, T0, T0, 0.5), Some(T0));
        let standard = RetrySchedule::standard();
        assert_eq!(standard.expired_before(T0 + 7 * DAY), T0);
        assert_eq!(standard.horizon(T0), T0 + 7 * DAY);
    }

    #[test]
    fn classification() {
        let status = |code, retry_after| AttemptResult::Status { code, retry_after };
        let retry = |retry_after: Option<Duration>, reason: &str| Outcome::Retry {
            retry_after,
            reason: reason.into(),
        };
        let permanent = |reason: &str| Outcome::Permanent {
            reason: reason.into(),
        };
        let wait = Some(Duration::from_secs(120));
        let table = [
            (AttemptResult::Delivered, Outcome::Delivered),
            (status(200, None), Outcome::Delivered),
            (status(202, None), Outcome::Delivered),
            (status(204, None), Outcome::Delivered),
            (status(401, None), retry(None, "HTTP 401")),
            (status(408, None), retry(None, "HTTP 408")),
            (status(429, wait), retry(wait, "HTTP 429")),
            (status(500, None), retry(None, "HTTP 500")),
            (status(502, None), retry(None, "HTTP 502")),
            (status(503, wait), retry(wait, "HTTP 503")),
            (status(599, None), retry(None, "HTTP 599")),
            (status(301, None), retry(None, "HTTP 301")),
            (status(501, None), permanent("HTTP 501")),
            (status(400, None), permanent("HTTP 400")),
            (status(403, None), permanent("HTTP 403")),
            (status(404, None), permanent("HTTP 404")),
            (status(422, None), permanent("HTTP 422")),
            (status(499, None), permanent("HTTP 499")),
            (status(410, None), Outcome::Gone),
            (
                AttemptResult::Network("timeout".into()),
                retry(None, "network error: timeout"),
            ),
            (
                AttemptResult::Unsendable("no key".into()),
                permanent("unsendable: no key"),
            ),
        ];
        for (result, expected) in table {
            assert_eq!(classify(&result), expected, "{result:?}");
        }
    }

    #[test]
    fn host_health() {
        let standard = HostHealthPolicy::default();
        let strict = HostHealthPolicy {
            unreachable_after_failing_days: 1,
        };
        let disabled = HostHealthPolicy {
            unreachable_after_failing_days: 0,
        };
        // (policy, distinct failing days, unreachable)
        let table = [
            (standard, 0, false),
            (standard, 6, false),
            (standard, 7, true),
            (standard, 30, true),
            (strict, 0, false),
            (strict, 1, true),
            (disabled, 0, false),
            (disabled, 1000, false),
        ];
        for (policy, days, expected) in table {
            assert_eq!(policy.is_unreachable(days), expected, "{policy:?} {days}");
        }
    }
}
