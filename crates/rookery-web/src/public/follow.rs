//! Following across servers from a profile page, the OStatus way Mastodon still uses
//! (activitypub.md §1.1, the `http://ostatus.org/schema/1.0/subscribe` WebFinger link):
//! the visitor names their own account, we look up their server's subscribe template
//! and send them there with the account to follow; and our own template
//! (`/authorize_interaction?uri=`) hands our logged-in users to the web client.

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use rookery_core::{Account, Handle};
use serde::Deserialize;

use super::error::WebError;
use super::lookup;
use super::PublicState;
use crate::negotiate;

#[derive(Debug, Deserialize)]
pub struct RemoteFollowQuery {
    /// The account to follow, as in its profile path (`alice`, `bob@b.example`).
    acct: String,
    /// The visitor's own handle, `@them@their.server`.
    handle: String,
}

pub async fn remote_follow(
    State(state): State<PublicState>,
    Query(query): Query<RemoteFollowQuery>,
) -> Response {
    match subscribe_url(&state, &query).await {
        Ok(url) => see_other(&url),
        Err(error) => error.page(&state.site.name),
    }
}

async fn subscribe_url(state: &PublicState, query: &RemoteFollowQuery) -> Result<String, WebError> {
    let account = lookup::account(state, &query.acct).await?;
    let handle = Handle::parse(&query.handle)
        .map_err(|_| WebError::BadRequest("Enter your account as @you@your.server.".to_owned()))?;
    let template = state
        .remote
        .subscribe_template(&handle)
        .await
        .map_err(|why| {
            tracing::info!(%why, handle = %query.handle, "remote follow lookup failed");
            WebError::BadRequest(format!(
                "Could not reach {} to find its follow page.",
                handle.domain.as_str()
            ))
        })?
        .filter(|t| t.contains("{uri}") && t.starts_with("http"))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "{} does not offer following from other servers.",
                handle.domain.as_str()
            ))
        })?;
    let uri = federation_uri(state, &account);
    let encoded = utf8_percent_encode(&uri, NON_ALPHANUMERIC).to_string();
    let url = template.replace("{uri}", &encoded);
    // The template is the other server's text: it must be a usable Location.
    if HeaderValue::from_str(&url).is_err() {
        return Err(WebError::BadRequest(format!(
            "{} published an unusable follow page address.",
            handle.domain.as_str()
        )));
    }
    Ok(url)
}

/// What another server can resolve `account` by: our ActivityPub actor id for local
/// accounts, else its own ActivityPub id, else its handle.
fn federation_uri(state: &PublicState, account: &Account) -> String {
    match account.federation() {
        None => negotiate::activitypub_actor(&state.site.public_url, &account.username),
        Some(facts) if facts.uri.starts_with("http") => facts.uri.clone(),
        Some(_) => format!("acct:{}", account.acct()),
    }
}

#[derive(Debug, Deserialize)]
pub struct InteractionQuery {
    uri: String,
}

/// Our subscribe template: a visitor sent here by another server's "follow" button is
/// handed to the web client's follow page (which asks a visitor to log in first).
pub async fn authorize_interaction(Query(query): Query<InteractionQuery>) -> Response {
    let encoded = utf8_percent_encode(&query.uri, NON_ALPHANUMERIC).to_string();
    see_other(&format!("/web/authorize_interaction?uri={encoded}"))
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}
