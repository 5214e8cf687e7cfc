//! Wiring the ActivityPub adapter into the server.

use std::sync::Arc;

use rookery_activitypub::{inbox_applier, router, ActivityPub, ApConfig, ApDeliverer, ApQueues};

use super::{ProtocolContext, ProtocolParts};
use crate::error::ServerError;

pub(super) async fn build(
    context: &ProtocolContext<'_>,
) -> Result<Option<ProtocolParts>, ServerError> {
    let config = ApConfig {
        public_url: context.public_url.to_owned(),
        domain: context.config.instance.domain.clone(),
        scheme: context.config.scheme().to_owned(),
        authorized_fetch: context.config.federation.authorized_fetch,
        actor_memory: context.config.federation.actor_memory.0,
    };
    let ap = ActivityPub::new(
        config,
        context.repo.clone(),
        context.http.clone(),
        context.ids.clone(),
        ApQueues {
            deliveries: context.queue.clone(),
            inbox: context.inbox.clone(),
        },
        context.personal.clone(),
        context.local_emojis.clone(),
    )
    .await
    .map_err(|e| ServerError::Io(format!("ActivityPub keys: {e}")))?;
    let routes_ap = ap.clone();
    let applier_ap = ap.clone();
    Ok(Some(ProtocolParts {
        adapter: ap.clone(),
        deliverer: Arc::new(ApDeliverer::new(ap)),
        routes: Box::new(move |services| router(routes_ap, services)),
        applier: Box::new(move |services| inbox_applier(applier_ap, services)),
    }))
}
