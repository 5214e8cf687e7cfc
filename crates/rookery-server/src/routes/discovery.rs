//! WebFinger (RFC 7033) and host-meta: how other servers find a local account. One
//! document carries every protocol's `self` link, ActivityPub first (some Misskey
//! versions read only the first one; versia.md §5.1, activitypub.md §1.1).

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct WebFingerQuery {
    resource: Option<String>,
}

/// Found documents are cached for 3 days and misses for 3 minutes, as Mastodon does.
const HIT_CACHE: &str = "max-age=259200, public";
const MISS_CACHE: &str = "max-age=180, public";

pub(super) async fn webfinger(
    State(state): State<AppState>,
    Query(query): Query<WebFingerQuery>,
) -> Response {
    let Some(resource) = query.resource.filter(|r| !r.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "the resource parameter is required",
        );
    };
    let Some(username) = local_username(&state, resource.trim()) else {
        return error(StatusCode::NOT_FOUND, "no such account here");
    };
    let account = match state.store.local_account_by_username(&username).await {
        Ok(Some(account)) => account,
        Ok(None) => return error(StatusCode::NOT_FOUND, "no such account here"),
        Err(e) => {
            tracing::error!(error = %e, "webfinger lookup failed");
            return error(StatusCode::SERVICE_UNAVAILABLE, "try again later");
        }
    };
    let domain = &state.config.instance.domain;
    let profile = format!("{}/@{}", state.public_url, account.username);
    let mut links = Vec::new();
    let mut aliases = vec![profile.clone()];
    for adapter in state.adapters.iter() {
        let href = adapter.local_account_url(&account);
        aliases.push(href.clone());
        links.push(json!({"rel": "self", "type": adapter.media_type(), "href": href}));
    }
    links.push(json!({
        "rel": "http://webfinger.net/rel/profile-page",
        "type": "text/html",
        "href": profile,
    }));
    links.push(json!({
        "rel": "http://ostatus.org/schema/1.0/subscribe",
        "template": format!("{}/authorize_interaction?uri={{uri}}", state.public_url),
    }));
    let body = json!({
        "subject": format!("acct:{}@{}", account.username, domain),
        "aliases": aliases,
        "links": links,
    });
    jrd(StatusCode::OK, body.to_string(), HIT_CACHE)
}

/// The username a resource names, if it names a local account: `acct:user@DOMAIN`,
/// `user@DOMAIN`, or this instance's profile or actor URL.
fn local_username(state: &AppState, resource: &str) -> Option<String> {
    let domain = &state.config.instance.domain;
    if let Some(handle) = resource
        .strip_prefix("acct:")
        .or_else(|| (!resource.contains("://")).then_some(resource))
    {
        let handle = handle.strip_prefix('@').unwrap_or(handle);
        let (user, host) = handle.rsplit_once('@')?;
        return host.eq_ignore_ascii_case(domain).then(|| user.to_owned());
    }
    let path = resource.strip_prefix(state.public_url.as_ref())?;
    let name = path
        .strip_prefix("/@")
        .or_else(|| path.strip_prefix("/users/"))?;
    (!name.is_empty() && !name.contains('/')).then(|| name.to_owned())
}

fn jrd(status: StatusCode, body: String, cache: &'static str) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jrd+json; charset=utf-8"),
    );
    // Web clients look accounts up from the browser.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

fn error(status: StatusCode, message: &str) -> Response {
    jrd(status, json!({ "error": message }).to_string(), MISS_CACHE)
}

/// host-meta (XRD): where WebFinger lives, for software that looks here first
/// (activitypub.md §1.2).
pub(super) async fn host_meta(State(state): State<AppState>) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  \
         <Link rel=\"lrdd\" template=\"{}/.well-known/webfinger?resource={{uri}}\"/>\n\
         </XRD>\n",
        state.public_url
    );
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xrd+xml; charset=utf-8"),
    );
    response
}
