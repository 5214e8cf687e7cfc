//! What the fleet received, per host: attempts, verified deliveries per activity, bad
//! signatures, and when each host first accepted something. From these a run checks
//! correctness (every live host got every activity exactly once) as well as speed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::fleet_config::{Behaviour, FleetConfig};

/// One host's counters.
#[derive(Default)]
pub(crate) struct HostTally {
    /// Every inbox POST, answered or not.
    pub attempts: AtomicU32,
    /// POSTs whose signature did not verify (answered 401).
    pub bad_signatures: AtomicU32,
    /// Microseconds after the fleet's epoch when the host first accepted a delivery
    /// (0: never).
    pub first_accepted_us: AtomicU64,
    /// Accepted deliveries per activity id.
    pub accepted: Mutex<HashMap<String, u32>>,
}

/// Counters for every host the fleet has seen, indexed by host number.
pub(crate) struct Tally {
    pub epoch: Instant,
    hosts: Vec<HostTally>,
    /// Live (not blackholed) hosts that accepted something: kept as a counter so a
    /// benchmark polling it after every arrival does not scan every host each time
    /// (at 10,000 hosts that scan cost more CPU than a delivery).
    live_reached: AtomicUsize,
}

impl Tally {
    pub fn new(hosts: usize) -> Self {
        Tally {
            epoch: Instant::now(),
            hosts: (0..hosts).map(|_| HostTally::default()).collect(),
            live_reached: AtomicUsize::new(0),
        }
    }

    pub fn host(&self, index: usize) -> Option<&HostTally> {
        self.hosts.get(index)
    }

    /// Live hosts that have accepted at least one delivery.
    pub fn live_reached(&self) -> usize {
        self.live_reached.load(Ordering::Acquire)
    }

    /// Counts a verified delivery of `activity` to host `index`, which is `live` (not
    /// configured as blackholed).
    pub fn accept(&self, index: usize, live: bool, activity: &str) {
        let Some(host) = self.hosts.get(index) else {
            return;
        };
        let now_us = u64::try_from(self.epoch.elapsed().as_micros()).unwrap_or(u64::MAX);
        let first = host
            .first_accepted_us
            .compare_exchange(0, now_us.max(1), Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if first && live {
            self.live_reached.fetch_add(1, Ordering::AcqRel);
        }
        if let Ok(mut accepted) = host.accepted.lock() {
            *accepted.entry(activity.to_owned()).or_default() += 1;
        }
    }

    /// When the `n`th live host (1-based, in order of arrival) first accepted a
    /// delivery, after the fleet's epoch; `None` while fewer have.
    pub fn nth_live_arrival(&self, config: &FleetConfig, n: usize) -> Option<Duration> {
        let mut firsts: Vec<u64> = self
            .hosts
            .iter()
            .enumerate()
            .take(config.hosts)
            .filter(|(index, _)| config.behaviour(*index) != Behaviour::Blackholed)
            .map(|(_, host)| host.first_accepted_us.load(Ordering::Acquire))
            .filter(|us| *us > 0)
            .collect();
        let index = n.checked_sub(1).filter(|i| *i < firsts.len())?;
        let (_, nth, _) = firsts.select_nth_unstable(index);
        Some(Duration::from_micros(*nth))
    }

    /// Summarizes the run for `activities` expected at every live host, measuring arrival
    /// times from `since`.
    pub fn report(&self, config: &FleetConfig, activities: &[String], since: Instant) -> Report {
        let offset = since.saturating_duration_since(self.epoch);
        let mut report = Report::default();
        for (index, host) in self.hosts.iter().enumerate().take(config.hosts) {
            let behaviour = config.behaviour(index);
            report.attempts += u64::from(host.attempts.load(Ordering::Acquire));
            report.bad_signatures += u64::from(host.bad_signatures.load(Ordering::Acquire));
            let accepted = host.accepted.lock().map(|a| a.clone()).unwrap_or_default();
            report.unexpected += accepted
                .keys()
                .filter(|id| !activities.contains(id))
                .count() as u64;
            if behaviour == Behaviour::Blackholed {
                report.blackholed += 1;
                continue;
            }
            report.live += 1;
            let mut complete = true;
            for id in activities {
                match accepted.get(id).copied().unwrap_or(0) {
                    0 => {
                        complete = false;
                        report.missing += 1;
                    }
                    1 => {}
                    n => report.duplicates += u64::from(n - 1),
                }
            }
            let first = host.first_accepted_us.load(Ordering::Acquire);
            if complete && first > 0 {
                let at = Duration::from_micros(first).saturating_sub(offset);
                report.arrivals.push(at);
            }
        }
        report.arrivals.sort();
        report
    }
}

/// The outcome of a run over the configured hosts.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Hosts expected to receive (every host not blackholed).
    pub live: usize,
    pub blackholed: usize,
    /// Inbox POSTs seen, including retries and POSTs to blackholed hosts.
    pub attempts: u64,
    pub bad_signatures: u64,
    /// (live host, activity) pairs never accepted.
    pub missing: u64,
    /// Accepted deliveries beyond the first, per (host, activity).
    pub duplicates: u64,
    /// Accepted activities nobody expected.
    pub unexpected: u64,
    /// For each live host that got everything: when it first accepted, sorted.
    pub arrivals: Vec<Duration>,
}

impl Report {
    /// Live hosts that got every expected activity.
    pub fn reached(&self) -> usize {
        self.arrivals.len()
    }

    /// Time until `share` (0 to 1) of the live hosts were reached, if they were.
    pub fn time_to(&self, share: f64) -> Option<Duration> {
        let needed = ((self.live as f64) * share).ceil() as usize;
        if needed == 0 {
            return Some(Duration::ZERO);
        }
        self.arrivals.get(needed - 1).copied()
    }

    /// Nothing lost, nothing forged, nothing unexpected.
    pub fn is_correct(&self) -> bool {
        self.missing == 0 && self.bad_signatures == 0 && self.unexpected == 0
    }
}
