//! The HTML side of the router: rookery-web's public pages, given what they need from
//! the server (the instance's name and address, WebFinger for remote follows, and the
//! protocol routes so the human URLs can answer servers with JSON).

use std::sync::Arc;

use async_trait::async_trait;
use axum::Router;
use rookery_core::Handle;
use rookery_web::public::{self, PublicState, RemoteInteraction, SiteInfo};

use crate::state::AppState;

/// The WebFinger `rel` of the OStatus remote-follow template (activitypub.md §1.1).
const SUBSCRIBE_REL: &str = "http://ostatus.org/schema/1.0/subscribe";

/// Looks up subscribe templates with the instance's outbound client (SSRF guard, size
/// cap and all).
struct WebFingerTemplates {
    http: rookery_net::HttpClient,
    scheme: String,
}

#[async_trait]
impl RemoteInteraction for WebFingerTemplates {
    async fn subscribe_template(&self, handle: &Handle) -> Result<Option<String>, String> {
        let jrd = rookery_net::webfinger::webfinger(
            &self.http,
            &self.scheme,
            &handle.username,
            handle.domain.as_str(),
        )
        .await
        .map_err(|e| e.to_string())?;
        Ok(jrd
            .links
            .into_iter()
            .find(|l| l.rel == SUBSCRIBE_REL)
            .and_then(|l| l.template))
    }
}

/// The public pages, answering JSON on their URLs through `protocols`.
pub fn routes(state: &AppState, protocols: Router) -> Router {
    let config = &state.config;
    public::router(PublicState {
        services: state.services.clone(),
        site: Arc::new(SiteInfo {
            name: config.instance.name.clone(),
            description: format!(
                "{} is a rookery server, part of the fediverse: people here can follow \
                 and talk with people on Mastodon, Versia and other servers.",
                config.instance.name
            ),
            public_url: state.public_url.to_string(),
            domain: config.instance.domain.clone(),
        }),
        remote: Arc::new(WebFingerTemplates {
            http: state.http.clone(),
            // Peers are reached the way we are reached (https, or http in tests).
            scheme: config.scheme().to_owned(),
        }),
        protocols,
    })
}
