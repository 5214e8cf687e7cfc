//! `/web/login` and `/web/logout`. The login checks the password through core's
//! `Credentials` port with the OAuth login form's protections: a CSRF token
//! (double-submit: form field and a short-lived cookie must agree) and failed-login
//! throttling per username and address. Success starts a session (see `session`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::cookies::{self, LOGIN_CSRF, SESSION};
use super::error::{ClientError, ClientResult};
use super::redirect::{safe_next, see_other};
use super::secrets::{constant_time_eq, random_secret};
use super::session::{self, Viewer};
use super::shell;
use super::state::ClientState;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// The login form with a fresh CSRF token, set as a cookie too.
fn form(
    state: &ClientState,
    status: StatusCode,
    next: &str,
    username: &str,
    error: Option<&str>,
) -> Response {
    let token = random_secret();
    let body = html! {
        h1 { "Log in to " (state.instance.name) }
        @if let Some(error) = error {
            p class="error" role="alert" id="login-error" { (error) }
        }
        form method="post" action="/web/login" class="card stack" {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="next" value=(next);
            div {
                label for="username" { "Username" }
                input type="text" id="username" name="username" value=(username)
                    autocomplete="username" autocapitalize="none" spellcheck="false" required
                    aria-describedby=[error.map(|_| "login-error")];
            }
            div {
                label for="password" { "Password" }
                input type="password" id="password" name="password"
                    autocomplete="current-password" required
                    aria-describedby=[error.map(|_| "login-error")];
            }
            button type="submit" { "Log in" }
        }
    };
    let page = shell::page(state, None, "Log in", "/web/login", body);
    let mut response = shell::respond(status, page);
    let cookie = cookies::set(
        LOGIN_CSRF,
        &token,
        "/web/login",
        cookies::LOGIN_FORM_MAX_AGE_SECS,
        "Strict",
        state.instance.is_https(),
    );
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

pub(crate) async fn show(
    State(state): State<ClientState>,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = safe_next(query.next.as_deref());
    form(&state, StatusCode::OK, next, "", None)
}

fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub(crate) async fn submit(
    State(state): State<ClientState>,
    parts: Parts,
    Form(login): Form<LoginForm>,
) -> ClientResult<Response> {
    let next = safe_next(login.next.as_deref()).to_owned();
    let cookie = cookies::read(&parts.headers, LOGIN_CSRF).unwrap_or_default();
    if login.csrf.is_empty() || !constant_time_eq(login.csrf.as_bytes(), cookie.as_bytes()) {
        return Err(ClientError::BadCsrf);
    }
    let ip = client_ip(&parts);
    let username = login.username.trim();
    if state.guard.failures.blocked(username, ip) {
        return Ok(form(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            username,
            Some("Too many failed attempts. Wait a minute and try again."),
        ));
    }
    let account = state
        .credentials
        .verify_password(username, &login.password)
        .await?;
    let Some(account) = account else {
        state.guard.failures.record_failure(username, ip);
        return Ok(form(
            &state,
            StatusCode::UNAUTHORIZED,
            &next,
            username,
            Some("Invalid username or password."),
        ));
    };
    let secret = session::issue(&state, account).await?;
    let secure = state.instance.is_https();
    let mut response = see_other(&next);
    let set = [
        cookies::set(
            SESSION,
            &secret,
            "/",
            cookies::SESSION_MAX_AGE_SECS,
            "Lax",
            secure,
        ),
        cookies::clear(LOGIN_CSRF, "/web/login", secure),
    ];
    for value in set {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

#[derive(Deserialize)]
pub(crate) struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub(crate) async fn logout(
    State(state): State<ClientState>,
    viewer: Viewer,
    Form(form): Form<LogoutForm>,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    session::revoke(&state, &viewer).await?;
    let mut response = see_other("/web/login");
    let clear = cookies::clear(SESSION, "/", state.instance.is_https());
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}
