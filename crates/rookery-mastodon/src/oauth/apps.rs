//! `POST /api/v1/apps` (register a client) and `GET /api/v1/apps/verify_credentials`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::ports::OAuthApp;
use rookery_core::AppId;
use serde::Deserialize;
use serde_json::{json, Value};

use super::body::form_or_json;
use super::scopes;
use super::secrets::{random_secret, sha256_hex};
use crate::error::ApiError;
use crate::state::ApiState;

/// The redirect URI of clients that show the code to the user instead.
pub(crate) const OOB: &str = "urn:ietf:wg:oauth:2.0:oob";

#[derive(Deserialize)]
#[serde(untagged)]
enum Uris {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
pub(crate) struct Registration {
    client_name: Option<String>,
    redirect_uris: Option<Uris>,
    scopes: Option<String>,
    website: Option<String>,
}

/// A redirect URI must be absolute (any scheme: apps use their own) without a fragment.
fn valid_redirect_uri(uri: &str) -> bool {
    if uri == OOB {
        return true;
    }
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    scheme_ok && !rest.is_empty() && !uri.contains('#') && !uri.chars().any(char::is_whitespace)
}

fn entity(app: &OAuthApp, secret: Option<&str>) -> Value {
    let mut value = json!({
        "id": app.id.to_string(),
        "name": app.name,
        "website": app.website,
        "scopes": app.scopes.split_whitespace().collect::<Vec<_>>(),
        "redirect_uri": app.redirect_uris.join("\n"),
        "redirect_uris": app.redirect_uris,
        "vapid_key": "",
    });
    if let Some(secret) = secret {
        value["client_id"] = json!(app.client_id);
        value["client_secret"] = json!(secret);
        value["client_secret_expires_at"] = json!(0);
    }
    value
}

pub(super) async fn register(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let request: Registration = form_or_json(&headers, &body)
        .ok_or_else(|| ApiError::Invalid("the request body does not parse".into()))?;
    let name = request
        .client_name
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty() && n.chars().count() <= 60)
        .ok_or_else(|| ApiError::Invalid("client_name must be 1 to 60 characters".into()))?;
    let uris: Vec<String> = match request.redirect_uris {
        Some(Uris::One(text)) => text.split_whitespace().map(str::to_owned).collect(),
        Some(Uris::Many(list)) => list.into_iter().map(|u| u.trim().to_owned()).collect(),
        None => Vec::new(),
    };
    if uris.is_empty() || !uris.iter().all(|u| valid_redirect_uri(u)) {
        return Err(ApiError::Invalid(
            "redirect_uris must be absolute URIs or urn:ietf:wg:oauth:2.0:oob".into(),
        ));
    }
    let scopes = scopes::parse(request.scopes.as_deref())
        .ok_or_else(|| ApiError::Invalid("scopes contains an unknown scope".into()))?;
    let website = request
        .website
        .map(|w| w.trim().to_owned())
        .filter(|w| !w.is_empty());
    let secret = random_secret();
    let app = OAuthApp {
        id: AppId(state.services.new_id()),
        name,
        website,
        redirect_uris: uris,
        scopes: scopes.join(" "),
        client_id: random_secret(),
        client_secret_sha256: sha256_hex(&secret),
        created_at: state.services.now(),
    };
    state.oauth.create_app(&app).await?;
    Ok(Json(entity(&app, Some(&secret))))
}

/// Any token issued to the app (app-only or a user's) identifies it.
pub(super) async fn verify_credentials(
    State(state): State<ApiState>,
    parts: Parts,
) -> Result<Json<Value>, ApiError> {
    let secret = crate::auth::bearer(&parts).ok_or(ApiError::Unauthorized)?;
    let app = state
        .oauth
        .app_by_token_hash(&sha256_hex(secret))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(Json(entity(&app, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris() {
        let table = [
            (OOB, true),
            ("https://app.example/callback", true),
            ("com.example.app:/oauth", true),
            ("http://localhost:4000/cb?x=1", true),
            ("/relative", false),
            ("https://app.example/cb#frag", false),
            ("no-scheme", false),
            ("1http://x", false),
        ];
        for (uri, ok) in table {
            assert_eq!(valid_redirect_uri(uri), ok, "{uri}");
        }
    }
}
