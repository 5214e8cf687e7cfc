//! The client API's routes.

mod account_extra;
mod account_statuses;
mod accounts;
mod blocks;
mod bookmarks;
mod context;
mod credentials;
mod custom_emojis;
mod edits;
mod follow_options;
mod idempotency;
mod instance;
mod instance_extra;
mod listing;
mod markers;
mod media;
mod missing_image;
mod notifications;
mod params;
mod polls;
mod registration;
mod relations;
mod saved;
mod search;
mod status_accounts;
mod statuses;
mod timelines;

use axum::routing::{get, post};

use axum::Router;

use crate::state::ApiState;

/// The routes that take files (media uploads, `update_credentials` with avatar and
/// header), each with its own body limit; the server mounts them outside its general one.
pub fn upload_routes(state: ApiState) -> Router {
    media::upload_routes(state.clone()).merge(credentials::routes(state))
}

pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/api/v1/instance", get(instance::v1))
        .route("/api/v2/instance", get(instance::v2))
        // Mastodon.py asks for both with a trailing slash, which Rails ignores; without
        // them its version check fails and every later call with it.
        .route("/api/v1/instance/", get(instance::v1))
        .route("/api/v2/instance/", get(instance::v2))
        .route("/api/v1/instance/peers", get(instance_extra::peers))
        .route("/api/v1/instance/activity", get(instance_extra::activity))
        .route("/api/v1/instance/rules", get(instance_extra::rules))
        .route("/api/v1/preferences", get(instance_extra::preferences))
        .route("/api/v1/filters", get(instance_extra::filters))
        .route("/api/v2/filters", get(instance_extra::filters))
        .route("/api/v1/accounts", post(registration::create))
        .route("/api/v1/accounts/search", get(account_extra::search))
        .route(
            "/api/v1/accounts/familiar_followers",
            get(account_extra::familiar_followers),
        )
        .route(
            "/api/v1/accounts/{id}/featured_tags",
            get(account_extra::featured_tags),
        )
        .route("/api/v1/accounts/{id}/lists", get(account_extra::lists))
        .route("/api/v1/bookmarks", get(bookmarks::bookmarks))
        .route("/api/v1/favourites", get(bookmarks::favourites))
        .route("/api/v1/blocks", get(blocks::blocks))
        .route("/api/v1/mutes", get(blocks::mutes))
        .route(
            "/api/v1/domain_blocks",
            get(blocks::list_domains)
                .post(blocks::block_domain)
                .delete(blocks::unblock_domain),
        )
        .route("/api/v1/markers", get(markers::show).post(markers::save))
        .route(
            "/api/v1/notifications/unread_count",
            get(notifications::unread_count),
        )
        .route("/api/v1/notifications/clear", post(notifications::clear))
        .route("/api/v1/notifications/{id}", get(notifications::show))
        .route(
            "/api/v1/notifications/{id}/dismiss",
            post(notifications::dismiss),
        )
        .route(
            "/api/v1/accounts/verify_credentials",
            get(accounts::verify_credentials),
        )
        .route(
            "/avatars/original/missing.png",
            get(missing_image::missing_image),
        )
        .route(
            "/headers/original/missing.png",
            get(missing_image::missing_image),
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
        .route("/api/v1/custom_emojis", get(custom_emojis::custom_emojis))
        .route("/api/v1/accounts/{id}", get(accounts::show))
        .route(
            "/api/v1/accounts/{id}/statuses",
            get(account_statuses::statuses),
        )
        .route("/api/v1/accounts/{id}/follow", post(accounts::follow))
        .route("/api/v1/accounts/{id}/unfollow", post(accounts::unfollow))
        .route("/api/v1/accounts/{id}/{action}", post(relations::act))
        .route("/api/v1/statuses", post(idempotency::create))
        .route(
            "/api/v1/statuses/{id}",
            get(statuses::show)
                .put(edits::update)
                .delete(statuses::delete),
        )
        .route("/api/v1/statuses/{id}/history", get(edits::history))
        .route("/api/v1/polls/{id}", get(polls::show))
        .route("/api/v1/polls/{id}/votes", post(polls::vote))
        .route("/api/v1/statuses/{id}/source", get(edits::source))
        .route(
            "/api/v1/statuses/{id}/favourited_by",
            get(status_accounts::favourited_by),
        )
        .route(
            "/api/v1/statuses/{id}/reblogged_by",
            get(status_accounts::reblogged_by),
        )
        .route("/api/v1/statuses/{id}/{action}", post(statuses::interact))
        .route("/api/v1/timelines/home", get(timelines::home))
        .route("/api/v1/timelines/public", get(timelines::public))
        .route("/api/v1/timelines/tag/{hashtag}", get(timelines::tag))
        .route("/api/v1/notifications", get(notifications::list))
        .merge(media::routes())
        .merge(crate::oauth::routes())
        .with_state(state)
}
