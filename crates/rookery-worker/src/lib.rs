//! rookery-worker: the persistent delivery loop. It claims due deliveries from the queue
//! with a lease, hands each to the deliverer of its protocol, and records the outcome
//! with the core's retry rules. It also runs the inbox processor, which applies what the
//! inboxes queued. Storage, deliverers and appliers are injected as trait objects.

mod config;
mod host_lanes;
mod inbox;
mod liveness;
mod recorder;
mod run;

pub use config::WorkerConfig;
pub use inbox::{InboxProcessor, InboxProcessorConfig};
pub use run::{Worker, WorkerHandle};
