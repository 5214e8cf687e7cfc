//! Plugging the federation protocols in: each protocol contributes an adapter (rendering
//! and resolving, for core's federation port), a deliverer (for the worker), its inbox
//! applier (for the inbox processor) and its routes (the last two built once the use
//! cases exist, because they call them).

mod activitypub;
mod versia;

use std::sync::Arc;

use axum::Router;
use rookery_core::ports::{
    Deliverer, DeliveryQueue, InboxApplier, InboxQueue, Personal, ProtocolAdapter, Repository,
    StatusAccounts,
};
use rookery_core::service::Services;
use rookery_core::{IdGenerator, Protocol};
use rookery_net::HttpClient;

use crate::config::Config;
use crate::error::ServerError;

/// What a protocol gets to build itself from.
pub struct ProtocolContext<'a> {
    pub config: &'a Config,
    /// `https://DOMAIN`.
    pub public_url: &'a str,
    pub repo: Arc<dyn Repository>,
    pub http: HttpClient,
    pub ids: Arc<IdGenerator>,
    /// The delivery queue, for adapters that report hosts talking to us again.
    pub queue: Arc<dyn DeliveryQueue>,
    /// Where inboxes put what they accepted.
    pub inbox: Arc<dyn InboxQueue>,
    /// Personal data a protocol publishes (pinned notes in collections).
    pub personal: Arc<dyn Personal>,
    /// Who liked, disliked or shared a note (Versia's Note collections).
    pub status_accounts: Arc<dyn StatusAccounts>,
    /// The instance's own emoji, sent with the local notes and profiles that use them.
    pub local_emojis: Arc<rookery_core::local_emojis::LocalEmojis>,
}

/// Builds a protocol's routes from the use cases.
pub type RoutesFactory = Box<dyn FnOnce(Arc<Services>) -> Router + Send>;

/// Builds a protocol's inbox applier from the use cases.
pub type ApplierFactory = Box<dyn FnOnce(Arc<Services>) -> Arc<dyn InboxApplier> + Send>;

/// One protocol, ready to plug in.
pub struct ProtocolParts {
    pub adapter: Arc<dyn ProtocolAdapter>,
    pub deliverer: Arc<dyn Deliverer>,
    pub routes: RoutesFactory,
    pub applier: ApplierFactory,
}

/// The protocols `federation.protocols` names, built.
pub async fn build_all(context: &ProtocolContext<'_>) -> Result<Vec<ProtocolParts>, ServerError> {
    let mut parts = Vec::new();
    for protocol in context.config.protocol_preference() {
        let built = match protocol {
            Protocol::ActivityPub => activitypub::build(context).await?,
            Protocol::Versia => versia::build(context).await?,
        };
        parts.extend(built);
    }
    Ok(parts)
}
