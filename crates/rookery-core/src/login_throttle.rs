//! Failed-login throttling, in memory: after `MAX_FAILURES` wrong passwords for one
//! username from one IP address within `WINDOW`, further attempts are refused until the
//! oldest failure leaves the window. One policy for every login form (the OAuth page and
//! the web client).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Bounds memory under a spray of usernames.
const MAX_KEYS: usize = 100_000;

type Key = (String, IpAddr);

#[derive(Default)]
pub struct FailedLogins {
    recent: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl FailedLogins {
    /// Whether attempts for this username from this address are currently refused.
    pub fn blocked(&self, username: &str, ip: IpAddr) -> bool {
        let Ok(mut recent) = self.recent.lock() else {
            return true;
        };
        let key = (username.to_lowercase(), ip);
        let now = Instant::now();
        match recent.get_mut(&key) {
            Some(times) => {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= WINDOW)
                {
                    times.pop_front();
                }
                times.len() >= MAX_FAILURES
            }
            None => false,
        }
    }

    pub fn record_failure(&self, username: &str, ip: IpAddr) {
        let Ok(mut recent) = self.recent.lock() else {
            return;
        };
        let now = Instant::now();
        if recent.len() >= MAX_KEYS {
            recent.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        recent
            .entry((username.to_lowercase(), ip))
            .or_default()
            .push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_that_username_from_that_address() {
        let limiter = FailedLogins::default();
        let ip: IpAddr = [127, 0, 0, 1].into();
        let other: IpAddr = [127, 0, 0, 2].into();
        for _ in 0..MAX_FAILURES {
            assert!(!limiter.blocked("Alice", ip));
            limiter.record_failure("alice", ip);
        }
        assert!(limiter.blocked("ALICE", ip));
        assert!(!limiter.blocked("alice", other));
        assert!(!limiter.blocked("bob", ip));
    }
}
