//! rookery-activitypub: ActivityPub federation. Wire types (`wire`) and HTTP signatures
//! (`signatures`); our documents and activities (`documents`, `render`); fetching and
//! caching remote actors (`fetch`, `actors`, `freshness`) and reading new ones' outboxes
//! (`backfill`); the inbox pipeline (`inbox`, `dispatch`, `ingest`, `verify`, `report`);
//! the routes (`replies` for a note's replies); the deliverer; counters (`stats`); and the adapter that ties them to the
//! core.

pub mod actors;
pub mod adapter;
pub mod authorized;
pub mod backfill;
mod blocked;
pub mod deliver;
pub mod dispatch;
pub mod documents;
pub mod emoji_tags;
pub mod error;
mod featured;
pub mod fetch;
pub mod freshness;
pub mod inbox;
pub mod inbox_apply;
pub mod ingest;
pub mod local_keys;
pub mod mapping;
pub mod media;
pub mod polls;
pub mod render;
pub mod replies;
pub mod report;
pub mod routes;
pub mod signatures;
mod signer_cache;
pub mod stats;
pub mod urls;
pub mod verify;
pub mod wire;

pub use adapter::{ActivityPub, ApConfig, ApQueues};
pub use deliver::ApDeliverer;
pub use inbox_apply::ApInboxApplier;
pub use routes::{inbox_applier, router};
