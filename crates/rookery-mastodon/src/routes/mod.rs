//! The client API's routes.

mod accounts;
mod context;
mod instance;
mod notifications;
mod relations;
mod search;
mod statuses;
mod timelines;

use axum::routing::{get, post};
use axum::Router;

use crate::state::ApiState;

pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/api/v1/instance", get(instance::v1))
        .route("/api/v2/instance", get(instance::v2))
        .route(
            "/api/v1/accounts/verify_credentials",
            get(accounts::verify_credentials),
        )
        .route("/api/v1/accounts/lookup", get(accounts::lookup))
        .route(
            "/api/v1/accounts/relationships",
            get(relations::relationships),
        )
        .route("/api/v1/accounts/{id}/followers", get(relations::followers))
        .route("/api/v1/accounts/{id}/following", get(relations::following))
        .route("/api/v1/follow_requests", get(relations::follow_requests))
        .route(
            "/api/v1/follow_requests/{id}/authorize",
            post(relations::authorize),
        )
        .route(
            "/api/v1/follow_requests/{id}/reject",
            post(relations::reject),
        )
        .route("/api/v1/statuses/{id}/context", get(context::context))
        .route("/api/v2/search", get(search::search))
        .route("/api/v1/custom_emojis", get(search::custom_emojis))
        .route("/api/v1/accounts/{id}", get(accounts::show))
        .route("/api/v1/accounts/{id}/statuses", get(accounts::statuses))
        .route("/api/v1/accounts/{id}/follow", post(accounts::follow))
        .route("/api/v1/accounts/{id}/unfollow", post(accounts::unfollow))
        .route("/api/v1/accounts/{id}/{action}", post(relations::act))
        .route("/api/v1/statuses", post(statuses::create))
        .route(
            "/api/v1/statuses/{id}",
            get(statuses::show).delete(statuses::delete),
        )
        .route("/api/v1/statuses/{id}/{action}", post(statuses::interact))
        .route("/api/v1/timelines/home", get(timelines::home))
        .route("/api/v1/timelines/public", get(timelines::public))
        .route("/api/v1/timelines/tag/{hashtag}", get(timelines::tag))
        .route("/api/v1/notifications", get(notifications::list))
        .merge(crate::oauth::routes())
        .with_state(state)
}
