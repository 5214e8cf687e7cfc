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
mod media;
mod nodeinfo;
mod web;
mod web_client;

/// Bodies above this are refused with 413 (Mastodon's inbox limit is 1 MB; media
/// uploads get their own, larger limit on their routes).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// No request may hold a connection longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The app: shared routes, then each protocol's routes (already holding their state),
/// then the upload routes, which set their own larger body limit.
pub fn router(state: AppState, protocols: Vec<Router>, uploads: Vec<Router>) -> Router {
    let web_state = state.clone();
    let mut app = Router::new()
        .route("/healthz", get(health::health))
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/host-meta", get(discovery::host_meta))
        .route("/.well-known/nodeinfo", get(nodeinfo::discovery))
        .route("/nodeinfo/{version}", get(nodeinfo::document))
        .route("/media/{name}", get(media::file))
        .with_state(state);
    let mut protocol_app = Router::new();
    for routes in protocols {
        protocol_app = protocol_app.merge(routes);
    }
    // The web pages answer JSON on their URLs by asking the protocol routes.
    app = app
        .merge(protocol_app.clone())
        .merge(web::routes(&web_state, protocol_app));
    app = app.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    for routes in uploads {
        app = app.merge(routes);
    }
    // The web client takes image uploads too: outside the general limit, with its own.
    app = app.merge(web_client::routes(&web_state));
    app.layer(TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        REQUEST_TIMEOUT,
    ))
    .layer(TraceLayer::new_for_http())
}
