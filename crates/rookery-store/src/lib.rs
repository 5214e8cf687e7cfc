//! rookery-store: the only crate that knows SQL. One body of SQL (sqlx's `Any` driver)
//! serves SQLite, the embedded default, and PostgreSQL; the backends differ only in
//! their migrations and where SQL must (`FOR UPDATE SKIP LOCKED`).
//!
//! Reads are methods of [`Store`]. Writes that cause federation are methods of
//! [`StoreTx`], so the deliveries they enqueue commit with them (transactional outbox).
//! [`Store`] also implements core's `DeliveryQueue` port.

mod accounts;
mod aliases;
mod backend;
mod candidates;
mod directory;
mod edits;
mod emojis;
mod error;
mod federation_status;
mod follow_options;
mod footprint;
mod graph;
mod group;
mod idempotency;
mod inbox;
mod inbox_db;
mod inbox_queue;
mod instance_blocks;
mod interactions;
mod keys;
mod leases;
mod media;
mod new_notes;
mod note_parts;
mod notes;
mod notification_inbox;
mod notifications;
mod oauth;
mod oauth_port;
mod outbox;
mod page;
mod personal;
mod polls;
mod profile_json;
mod queue;
mod queue_batch;
mod reactions;
mod read_pool;
mod reports;
mod repository;
mod rows;
mod sql;
mod status_accounts;
mod status_views;
mod store;
pub mod testing;
mod timelines;
mod token_port;
mod tokens;
mod tombstones;
mod troubled_hosts;
mod tx;
mod vanity_json;
mod workers;

pub use backend::Backend;
pub use error::StoreError;
pub use federation_status::{HostState, HostStatus, QueueSummary};
pub use graph::FollowCounts;
pub use outbox::FailedDelivery;
pub use page::Page;
pub use store::Store;
pub use tx::StoreTx;
pub use workers::WorkerPresence;
