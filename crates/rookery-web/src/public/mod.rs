//! The public pages: what a visitor (not logged in) sees of this instance's people and
//! notes, at the URLs Mastodon uses (`/@user`, `/@user/ID`), with an Atom feed per
//! profile and a "follow from your server" flow. Only world-readable notes ever appear.

mod error;
mod feed;
mod follow;
mod home;
mod lookup;
mod note_page;
mod profile;
mod vanity;
mod view;

use std::sync::Arc;

use async_trait::async_trait;
use axum::routing::get;
use axum::Router;
use rookery_core::service::Services;
use rookery_core::Handle;

pub use error::WebError;

/// How the instance presents itself on public pages.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// The instance's name (header, titles, `og:site_name`).
    pub name: String,
    /// A short text about the instance, shown on the front page.
    pub description: String,
    /// `https://DOMAIN` (or `http://...` on a laptop and in tests).
    pub public_url: String,
    pub domain: String,
}

/// WebFinger for the "follow from your server" form: where a visitor's own server wants
/// them sent to interact with an account. The server implements it with its outbound
/// client; this crate makes no requests itself.
#[async_trait]
pub trait RemoteInteraction: Send + Sync {
    /// The `http://ostatus.org/schema/1.0/subscribe` template (with `{uri}`) published
    /// for `handle`, `Ok(None)` when its server publishes none.
    async fn subscribe_template(&self, handle: &Handle) -> Result<Option<String>, String>;
}

/// What every public handler shares.
#[derive(Clone)]
pub struct PublicState {
    pub services: Arc<Services>,
    pub site: Arc<SiteInfo>,
    pub remote: Arc<dyn RemoteInteraction>,
    /// The protocol adapters' routes: answers JSON on the human URLs (see
    /// [`crate::negotiate`]).
    pub protocols: Router,
}

/// The public routes, with the stylesheet.
pub fn router(state: PublicState) -> Router {
    Router::new()
        .route("/", get(home::home))
        .route("/@{name}", get(profile::profile))
        .route("/@{name}/{id}", get(note_page::note_page))
        .route("/remote_follow", get(follow::remote_follow))
        .route("/authorize_interaction", get(follow::authorize_interaction))
        .route(
            crate::assets::STYLESHEET_ROUTE,
            get(crate::assets::stylesheet),
        )
        .with_state(state)
}
