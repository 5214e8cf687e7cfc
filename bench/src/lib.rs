//! Shared pieces of rookery's benchmarks: a small simulated fleet of remote ActivityPub
//! hosts on loopback, an in-process rookery instance, and figure formatting. The bench
//! programs in `src/bin/` print figures; they are never timed tests.

pub mod fleet;
pub mod instance;
pub mod stats;
