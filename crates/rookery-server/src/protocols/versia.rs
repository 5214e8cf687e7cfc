//! Wiring the Versia adapter into the server: the shared Versia state (instance key
//! loaded or created once, versia.md §3.1), the adapter, the deliverer and the routes.

use std::sync::Arc;

use rookery_versia::{
    Versia, VersiaAdapter, VersiaDeliverer, VersiaInboxApplier, VersiaSettings, VersiaStores,
};

use super::{ProtocolContext, ProtocolParts};
use crate::error::ServerError;

/// Builds the Versia parts.
pub(super) async fn build(
    context: &ProtocolContext<'_>,
) -> Result<Option<ProtocolParts>, ServerError> {
    let settings = VersiaSettings {
        domain: context.config.instance.domain.clone(),
        public_url: context.public_url.to_owned(),
        // `https`, or `http` only in loopback test clusters (versia.md §2).
        scheme: context.config.discovery_scheme(),
        name: context.config.instance.name.clone(),
        software_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let versia = Versia::start(
        settings,
        VersiaStores {
            repo: context.repo.clone(),
            personal: context.personal.clone(),
            status_accounts: context.status_accounts.clone(),
            inbox: context.inbox.clone(),
        },
        context.http.clone(),
        context.ids.clone(),
        context.local_emojis.clone(),
    )
    .await
    .map_err(|e| ServerError::Io(format!("versia: {e}")))?;
    let routes_state = versia.clone();
    let applier_state = versia.clone();
    Ok(Some(ProtocolParts {
        adapter: Arc::new(VersiaAdapter::new(versia.clone())),
        deliverer: Arc::new(VersiaDeliverer::new(versia)),
        routes: Box::new(move |services| rookery_versia::router(routes_state, services)),
        applier: Box::new(move |services| {
            Arc::new(VersiaInboxApplier::new(applier_state, services))
        }),
    }))
}
