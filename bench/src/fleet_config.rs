//! How a simulated fleet behaves: which protocol each virtual host speaks, how slowly it
//! answers, and which hosts fail (5xx, then recover) or never answer at all (blackholed).
//! A host's behaviour is a pure function of its index and the seed, so a restarted
//! benchmark (the crash run) sees the same fleet.

use std::ops::Range;
use std::time::Duration;

/// The protocol a virtual host speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostProtocol {
    ActivityPub,
    Versia,
}

/// Which protocols the fleet's hosts speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetProtocols {
    ActivityPub,
    Versia,
    /// Even host indexes speak ActivityPub, odd ones Versia.
    Mixed,
}

/// What a host does with an inbox POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Answers 202 after its latency.
    Healthy,
    /// Answers 503 (with `Retry-After` when configured) to its first
    /// `FleetConfig::failing_attempts` POSTs, then behaves as healthy.
    Failing,
    /// Accepts the connection and never answers.
    Blackholed,
}

#[derive(Debug, Clone)]
pub struct FleetConfig {
    /// How many virtual hosts the benchmark addresses (behaviour is defined for any
    /// index; this is what [`crate::fleet::Fleet::report`] counts over).
    pub hosts: usize,
    pub protocols: FleetProtocols,
    /// Each answer waits a uniformly random time in this range (milliseconds).
    pub latency_ms: Range<u64>,
    /// Share of hosts (0 to 1) that answer 5xx before recovering.
    pub failing_share: f64,
    /// How many POSTs a failing host refuses before accepting.
    pub failing_attempts: u32,
    /// `Retry-After` seconds sent with a failing host's 503.
    pub retry_after_secs: Option<u32>,
    /// Share of hosts (0 to 1) that accept connections and never answer.
    pub blackholed_share: f64,
    pub seed: u64,
}

impl Default for FleetConfig {
    /// Every host healthy, answering at once, over ActivityPub (the inbox benchmark's
    /// sender fleet).
    fn default() -> Self {
        FleetConfig {
            hosts: 0,
            protocols: FleetProtocols::ActivityPub,
            latency_ms: 0..1,
            failing_share: 0.0,
            failing_attempts: 1,
            retry_after_secs: None,
            blackholed_share: 0.0,
            seed: 7,
        }
    }
}

impl FleetConfig {
    /// The B3 mix of issue 7: 20-300 ms latency, 5 % answering 5xx, 5 % blackholed.
    pub fn b3_mix(hosts: usize, protocols: FleetProtocols) -> Self {
        FleetConfig {
            hosts,
            protocols,
            latency_ms: 20..301,
            failing_share: 0.05,
            blackholed_share: 0.05,
            ..FleetConfig::default()
        }
    }

    pub fn protocol(&self, index: usize) -> HostProtocol {
        match self.protocols {
            FleetProtocols::ActivityPub => HostProtocol::ActivityPub,
            FleetProtocols::Versia => HostProtocol::Versia,
            FleetProtocols::Mixed if index.is_multiple_of(2) => HostProtocol::ActivityPub,
            FleetProtocols::Mixed => HostProtocol::Versia,
        }
    }

    /// The host's behaviour: blackholed hosts take the lowest slice of a per-host random
    /// number, failing ones the next.
    pub fn behaviour(&self, index: usize) -> Behaviour {
        let draw = unit(mix(
            self.seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ));
        if draw < self.blackholed_share {
            Behaviour::Blackholed
        } else if draw < self.blackholed_share + self.failing_share {
            Behaviour::Failing
        } else {
            Behaviour::Healthy
        }
    }

    /// A random latency from the configured range.
    pub fn latency(&self) -> Duration {
        let Range { start, end } = self.latency_ms;
        if end <= start + 1 {
            return Duration::from_millis(start);
        }
        Duration::from_millis(start + rand::random::<u64>() % (end - start))
    }

    /// A stable per-host seed (for the host's Versia instance key).
    pub fn host_seed(&self, index: usize) -> [u8; 32] {
        let mut seed = [0u8; 32];
        let mut state = self.seed ^ (index as u64);
        for chunk in seed.chunks_mut(8) {
            state = mix(state);
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        seed
    }
}

/// SplitMix64's finalizer: a fast, well-spread hash of a 64-bit value.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_roughly_as_configured() {
        let config = FleetConfig::b3_mix(10_000, FleetProtocols::ActivityPub);
        let count = |b: Behaviour| (0..10_000).filter(|i| config.behaviour(*i) == b).count();
        let blackholed = count(Behaviour::Blackholed);
        let failing = count(Behaviour::Failing);
        assert!((400..600).contains(&blackholed), "{blackholed}");
        assert!((400..600).contains(&failing), "{failing}");
    }

    #[test]
    fn behaviour_is_stable_per_host() {
        let config = FleetConfig::b3_mix(100, FleetProtocols::Mixed);
        let again = config.clone();
        for i in 0..100 {
            assert_eq!(config.behaviour(i), again.behaviour(i));
        }
        assert_eq!(config.protocol(2), HostProtocol::ActivityPub);
        assert_eq!(config.protocol(3), HostProtocol::Versia);
    }
}
