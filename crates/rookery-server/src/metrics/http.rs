//! The HTTP middleware: request latency by route template (never the raw path, so
//! label sets stay bounded) and inbox POSTs by protocol and outcome.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::{InboxLabels, Metrics, RouteLabels};

pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().clone();
    let response = next.run(request).await;
    metrics
        .requests
        .get_or_create(&RouteLabels {
            method: method.as_str().to_owned(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    if method == Method::POST {
        if let Some(protocol) = inbox_protocol(&route) {
            metrics
                .inbox
                .get_or_create(&InboxLabels {
                    protocol,
                    outcome: outcome(response.status()),
                })
                .inc();
        }
    }
    response
}

/// Versia's one inbox (versia.md §4 E5) or an ActivityPub inbox (shared or personal).
fn inbox_protocol(route: &str) -> Option<&'static str> {
    if route == "/.versia/v0.6/inbox" {
        Some("versia")
    } else if route.ends_with("/inbox") {
        Some("activitypub")
    } else {
        None
    }
}

fn outcome(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200..=299 => "accepted",
        401 | 403 => "unauthorized",
        400..=499 => "rejected",
        _ => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbox_routes_are_told_apart() {
        assert_eq!(inbox_protocol("/inbox"), Some("activitypub"));
        assert_eq!(inbox_protocol("/users/{name}/inbox"), Some("activitypub"));
        assert_eq!(inbox_protocol("/.versia/v0.6/inbox"), Some("versia"));
        assert_eq!(inbox_protocol("/api/v1/statuses"), None);
        assert_eq!(outcome(StatusCode::ACCEPTED), "accepted");
        assert_eq!(outcome(StatusCode::UNAUTHORIZED), "unauthorized");
        assert_eq!(outcome(StatusCode::UNPROCESSABLE_ENTITY), "rejected");
        assert_eq!(outcome(StatusCode::INTERNAL_SERVER_ERROR), "error");
    }
}
