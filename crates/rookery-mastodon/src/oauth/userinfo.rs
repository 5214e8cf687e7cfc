//! `GET /oauth/userinfo`: the signed-in user as OpenID Connect standard claims (OpenID
//! Connect Core 1.0 §5.3, §5.1), for tokens with the `profile` scope, as Mastodon 4.4
//! serves it; RFC 8414 metadata names it `userinfo_endpoint`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::User;
use crate::error::ApiError;
use crate::state::ApiState;

pub(super) async fn userinfo(
    State(state): State<ApiState>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("profile")?;
    let account = state
        .services
        .repo()
        .account(user.account)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let base = &state.instance.public_url;
    let profile = format!("{base}/@{}", account.username);
    let name = if account.display_name.is_empty() {
        account.username.clone()
    } else {
        account.display_name.clone()
    };
    // `sub` is the actor's URI: stable and unique for the issuer (§5.3.2).
    Ok(Json(json!({
        "iss": format!("{base}/"),
        "sub": format!("{base}/users/{}", account.username),
        "name": name,
        "preferred_username": account.username,
        "profile": profile,
        "picture": format!("{base}/avatars/original/missing.png"),
    })))
}
