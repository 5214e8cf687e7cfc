//! rookery-worker: the persistent delivery loop. It claims due deliveries from the queue
//! with a lease, hands each to the deliverer of its protocol, and records the outcome
//! with the core's retry rules. Storage and deliverers are injected as trait objects.

mod config;
mod host_lanes;
mod recorder;
mod run;

pub use config::WorkerConfig;
pub use run::{Worker, WorkerHandle};
