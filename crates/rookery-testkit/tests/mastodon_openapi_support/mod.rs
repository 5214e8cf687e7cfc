//! Support for the client API conformance test (mastodon_openapi.rs): the schema, the
//! routes rookery serves, and the calls of its scenario.

pub mod calls;
pub mod routes;
pub mod schema;
