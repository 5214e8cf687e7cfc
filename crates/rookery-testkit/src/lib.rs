//! rookery-testkit: runs several complete rookery instances inside one test process, each
//! on its own loopback port with its own database and its own host name (`a.test`,
//! `b.test`, ...) that every instance's outbound client resolves to the right port. The
//! instances talk real HTTP to each other. Dev-only: nothing in the server depends on it.

mod cluster;
mod eventually;

pub use cluster::{Backend, ClusterOptions, TestCluster, TestInstance};
pub use eventually::{eventually, eventually_async};
