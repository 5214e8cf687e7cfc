//! The HTTP router: every adapter's routes mounted on one axum app, with the layers all
//! requests share (tracing, body-size cap, timeouts).

use std::time::Duration;

use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

mod discovery;
mod health;
mod nodeinfo;

/// Bodies above this are refused with 413 (Mastodon's inbox limit is 1 MB; media
/// uploads get their own, larger limit on their routes).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// No request may hold a connection longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The app: shared routes, then each protocol's routes (already holding their state).
pub fn router(state: AppState, protocols: Vec<Router>) -> Router {
    let mut app = Router::new()
        .route("/healthz", get(health::health))
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/host-meta", get(discovery::host_meta))
        .route("/.well-known/nodeinfo", get(nodeinfo::discovery))
        .route("/nodeinfo/{version}", get(nodeinfo::document))
        .with_state(state);
    for routes in protocols {
        app = app.merge(routes);
    }
    app.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}
