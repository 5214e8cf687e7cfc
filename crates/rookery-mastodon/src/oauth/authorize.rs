//! `GET /oauth/authorize` shows the login and consent form; `POST /oauth/authorize`
//! checks the password and issues an authorization code (redirect, or shown on a page
//! for `urn:ietf:wg:oauth:2.0:oob`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use rookery_core::ports::{AuthorizationCode, OAuthApp, PortError};
use rookery_core::Timestamp;
use serde::Deserialize;

use super::apps::OOB;
use super::page::{self, LoginPage};
use super::secrets::{random_secret, sha256_hex};
use super::{csrf, pkce, scopes};
use crate::state::ApiState;

/// How long an authorization code may wait to be exchanged.
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// The authorization request's parameters, carried through the form as hidden fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AuthParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(flatten)]
    params: AuthParams,
    #[serde(default)]
    authenticity_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// A request that may be shown to the user.
struct Checked {
    app: OAuthApp,
    redirect_uri: String,
    scopes: Vec<String>,
    challenge: Option<(String, String)>,
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    response
}

fn refuse(status: StatusCode, text: &str) -> Response {
    html(status, page::message("Authorization failed", text))
}

fn unavailable(e: PortError) -> Response {
    tracing::warn!(detail = %e, "OAuth authorization failed");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "The server is temporarily unavailable. Please try again later.",
    )
}

async fn check(state: &ApiState, p: &AuthParams) -> Result<Checked, Response> {
    let bad = |text: &str| refuse(StatusCode::BAD_REQUEST, text);
    if p.response_type.as_deref() != Some("code") {
        return Err(bad("Only response_type=code is supported."));
    }
    let client_id = p.client_id.as_deref().unwrap_or_default();
    let app = state
        .oauth
        .app_by_client_id(client_id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| bad("The application is unknown (client_id)."))?;
    let redirect_uri = match (&p.redirect_uri, app.redirect_uris.as_slice()) {
        (Some(uri), _) => uri.clone(),
        (None, [only]) => only.clone(),
        (None, _) => return Err(bad("redirect_uri is missing.")),
    };
    if !app.redirect_uris.contains(&redirect_uri) {
        return Err(bad("redirect_uri is not registered for this application."));
    }
    let requested = scopes::parse(p.scope.as_deref())
        .filter(|s| scopes::within(s, &app.scopes))
        .ok_or_else(|| {
            bad("The requested scopes are invalid or not allowed for this application.")
        })?;
    let challenge = match (&p.code_challenge, &p.code_challenge_method) {
        (None, None) => None,
        (Some(c), method) => {
            let method = method.clone().unwrap_or_else(|| "plain".into());
            if c.is_empty() || !pkce::supported_method(&method) {
                return Err(bad("code_challenge_method must be S256 or plain."));
            }
            Some((c.clone(), method))
        }
        (None, Some(_)) => return Err(bad("code_challenge is missing.")),
    };
    Ok(Checked {
        app,
        redirect_uri,
        scopes: requested,
        challenge,
    })
}

fn form(
    state: &ApiState,
    status: StatusCode,
    checked: &Checked,
    params: &AuthParams,
    username: &str,
    error: Option<&str>,
) -> Response {
    let token = state.login.csrf.issue();
    let body = page::login(&LoginPage {
        instance: &state.instance.name,
        app: &checked.app.name,
        scopes: &checked.scopes,
        params,
        csrf: &token,
        username,
        error,
    });
    let mut response = html(status, body);
    if let Ok(cookie) = HeaderValue::from_str(&csrf::set_cookie(&token)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

pub(super) async fn show(
    State(state): State<ApiState>,
    Query(params): Query<AuthParams>,
) -> Response {
    match check(&state, &params).await {
        Ok(checked) => form(&state, StatusCode::OK, &checked, &params, "", None),
        Err(response) => response,
    }
}

fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub(super) async fn submit(
    State(state): State<ApiState>,
    parts: Parts,
    Form(login): Form<LoginForm>,
) -> Response {
    let cookie = parts
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok());
    if !state
        .login
        .csrf
        .accept(&login.authenticity_token, csrf::cookie_value(cookie))
    {
        return refuse(
            StatusCode::FORBIDDEN,
            "The form expired or was not sent from this site. Go back to the application and start again.",
        );
    }
    let checked = match check(&state, &login.params).await {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let ip = client_ip(&parts);
    let username = login.username.trim();
    if state.login.failures.blocked(username, ip) {
        return form(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &checked,
            &login.params,
            username,
            Some("Too many failed attempts. Wait a minute and try again."),
        );
    }
    let account = match state
        .credentials
        .verify_password(username, &login.password)
        .await
    {
        Ok(account) => account,
        Err(e) => return unavailable(e),
    };
    let Some(account) = account else {
        state.login.failures.record_failure(username, ip);
        return form(
            &state,
            StatusCode::UNAUTHORIZED,
            &checked,
            &login.params,
            username,
            Some("Invalid username or password."),
        );
    };
    let code = random_secret();
    let now = state.services.now();
    let record = AuthorizationCode {
        code_sha256: sha256_hex(&code),
        app: checked.app.id,
        account,
        redirect_uri: checked.redirect_uri.clone(),
        scopes: checked.scopes.join(" "),
        challenge: checked.challenge,
        expires_at: Timestamp::from_millis(now.as_millis() + CODE_LIFETIME_MS),
    };
    if let Err(e) = state.oauth.create_code(&record).await {
        return unavailable(e);
    }
    if checked.redirect_uri == OOB {
        return html(StatusCode::OK, page::code(&checked.app.name, &code));
    }
    let mut query = vec![("code", code.as_str())];
    if let Some(s) = &login.params.state {
        query.push(("state", s));
    }
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    let separator = if checked.redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    let location = format!("{}{separator}{query}", checked.redirect_uri);
    match HeaderValue::from_str(&location) {
        Ok(location) => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(header::LOCATION, location);
            response
        }
        Err(_) => refuse(StatusCode::BAD_REQUEST, "The redirect URI is not usable."),
    }
}
