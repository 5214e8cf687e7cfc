//! Shared pieces of rookery's benchmarks: a small simulated fleet of remote ActivityPub
//! hosts on loopback, an in-process rookery instance, and figure formatting. The bench
//! programs in `src/bin/` print figures; they are never timed tests.

pub mod fleet;
pub mod fleet_config;
pub mod fleet_fanout;
pub mod fleet_pool;
mod fleet_tally;
mod fleet_verify;
mod fleet_versia;
pub mod instance;
pub mod process;
pub mod scratch;
pub mod seed;
pub mod stats;
