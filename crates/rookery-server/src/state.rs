//! What every request handler and background task of one instance shares.

use std::sync::Arc;

use rookery_core::service::Services;
use rookery_core::IdGenerator;
use rookery_net::HttpClient;
use rookery_store::Store;
use rookery_worker::WorkerHandle;

use crate::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// `https://DOMAIN` (or the local `http://localhost:PORT`).
    pub public_url: Arc<str>,
    pub store: Store,
    pub http: HttpClient,
    pub ids: Arc<IdGenerator>,
    /// Wakes this process's delivery worker after a write enqueued deliveries.
    pub worker: WorkerHandle,
    /// The use cases (post, follow, like, receive, ...).
    pub services: Arc<Services>,
    /// The protocols spoken, ActivityPub first (WebFinger link order).
    pub adapters: crate::services::Adapters,
    /// Local uploads' files, served at `/media/`.
    pub media: Arc<rookery_media::MediaLibrary>,
}
