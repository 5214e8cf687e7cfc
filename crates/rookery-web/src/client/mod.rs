//! The built-in web client for local users under `/web/`: log in, read the home, local
//! and federated timelines, write (with a content warning, an image and its alt text),
//! like, boost, reply, delete, follow (also `@user@domain` on other servers),
//! notifications, follow requests and profile editing. Server-rendered forms with
//! POST-redirect-GET and no script; everything goes through core's use cases.

mod actions;
mod app;
mod compose;
mod cookies;
mod error;
mod follows;
mod login;
mod lookup;
mod notes;
mod notifications;
mod profile;
mod redirect;
mod render;
mod secrets;
mod session;
mod shell;
mod state;
mod timelines;
mod timing;
mod upload;

use axum::extract::{DefaultBodyLimit, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub use error::ClientError;
pub use state::{ClientInstance, ClientState};

/// Largest compose or profile form, image included: the media library refuses larger
/// images with a clear message before this cap would matter.
const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;

/// The client's routes, all under `/web/`, with their state applied.
pub fn router(state: ClientState) -> Router {
    let uploads = Router::new()
        .route("/web/compose", get(compose::show).post(compose::submit))
        .route("/web/profile", get(profile::show).post(profile::submit))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES));
    Router::new()
        .route("/web", get(|| async { redirect::see_other("/web/home") }))
        .route("/web/", get(|| async { redirect::see_other("/web/home") }))
        .route("/web/login", get(login::show).post(login::submit))
        .route("/web/logout", post(login::logout))
        .route("/web/home", get(timelines::home))
        .route("/web/local", get(timelines::local))
        .route("/web/federated", get(timelines::federated))
        .route("/web/notes/{id}", get(notes::show))
        .route("/web/notes/{id}/like", post(actions::like))
        .route("/web/notes/{id}/unlike", post(actions::unlike))
        .route("/web/notes/{id}/boost", post(actions::boost))
        .route("/web/notes/{id}/unboost", post(actions::unboost))
        .route("/web/notes/{id}/delete", post(actions::delete))
        .route("/web/follow", get(follows::show).post(follows::follow))
        .route("/web/unfollow", post(follows::unfollow))
        .route("/web/accounts/{id}", get(follows::account_page))
        .route(
            "/web/authorize_interaction",
            get(follows::authorize_interaction),
        )
        .route("/web/notifications", get(notifications::show))
        .route("/web/follow_requests", get(notifications::requests))
        .route(
            "/web/follow_requests/{id}/accept",
            post(notifications::accept),
        )
        .route(
            "/web/follow_requests/{id}/reject",
            post(notifications::reject),
        )
        .route("/web/assets/{file}", get(asset))
        .merge(uploads)
        .layer(axum::middleware::from_fn(timing::server_timing))
        .with_state(state)
}

/// The client's stylesheet at its content-hashed path; any other name is not found.
async fn asset(Path(file): Path<String>) -> Response {
    if shell::client_css_path().strip_prefix("/web/assets/") == Some(file.as_str()) {
        shell::client_css().await
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}
