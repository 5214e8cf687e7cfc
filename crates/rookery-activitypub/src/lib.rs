//! rookery-activitypub: ActivityPub federation. Wire types (`wire`), HTTP signatures
//! (`signatures`); the inbox pipeline, routes and deliverer follow.

pub mod signatures;
pub mod wire;
