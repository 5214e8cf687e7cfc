//! OAuth 2 the way Mastodon clients use it: app registration, the authorization code
//! grant (with PKCE) behind a server-rendered login form, refresh and client credentials
//! grants, revocation, and RFC 8414 metadata.

mod apps;
mod authorize;
mod body;
mod csrf;
mod error;
mod guard;
pub(crate) mod issue;
mod metadata;
mod page;
mod pkce;
mod revoke;
mod scopes;
pub(crate) mod secrets;
mod token;
mod userinfo;

use axum::routing::{get, post};
use axum::Router;

use crate::state::ApiState;

pub use guard::LoginGuard;

pub(crate) fn routes() -> Router<ApiState> {
    Router::new()
        .route("/api/v1/apps", post(apps::register))
        .route(
            "/api/v1/apps/verify_credentials",
            get(apps::verify_credentials),
        )
        .route(
            "/oauth/authorize",
            get(authorize::show).post(authorize::submit),
        )
        .route("/oauth/token", post(token::token))
        .route("/oauth/revoke", post(revoke::revoke))
        .route("/oauth/userinfo", get(userinfo::userinfo))
        .route(
            "/.well-known/oauth-authorization-server",
            get(metadata::metadata),
        )
}
