//! `GET /metrics` on the metrics listener, in Prometheus text format.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rookery_store::Store;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::Metrics;

/// The exposition format's content type (Prometheus text format 0.0.4).
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Clone)]
struct Scrape {
    metrics: Arc<Metrics>,
    store: Store,
}

/// Serves `/metrics` on `listener` until `stop` fires.
pub async fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    store: Store,
    stop: CancellationToken,
) {
    let app = Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scrape { metrics, store });
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move { stop.cancelled().await })
        .await;
    if let Err(error) = served {
        tracing::error!(%error, "metrics server stopped with an error");
    }
}

async fn scrape(State(scrape): State<Scrape>) -> Response {
    match scrape.metrics.render(&scrape.store).await {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(error) => {
            tracing::warn!(%error, "reading queue metrics failed");
            (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable").into_response()
        }
    }
}
