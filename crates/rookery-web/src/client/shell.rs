//! The client's pages inside the shared page shell: the logged-in navigation (with the
//! logout button), the client's own small stylesheet, and private, uncached responses.

use std::sync::LazyLock;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use sha2::{Digest, Sha256};

use crate::layout::{self, PageMeta};

use super::session::Viewer;
use super::state::ClientState;

/// The client's stylesheet (additions to the shared one), compiled into the binary.
pub(crate) const CLIENT_CSS: &str = include_str!("../assets/client.css");

/// `/web/assets/client-<hash>.css`: a new URL whenever the file changes, so it may be
/// cached for a year.
static CLIENT_CSS_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(CLIENT_CSS.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("/web/assets/client-{hash}.css")
});

pub(crate) fn client_css_path() -> &'static str {
    CLIENT_CSS_PATH.as_str()
}

/// Answers the client stylesheet with a year-long immutable cache lifetime.
pub(crate) async fn client_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CLIENT_CSS,
    )
        .into_response()
}

/// The header navigation: the client's sections for a logged-in user, else a login link.
fn nav(viewer: Option<&Viewer>, current: &str) -> Markup {
    let links = [
        ("Home", "/web/home"),
        ("Local", "/web/local"),
        ("Federated", "/web/federated"),
        ("Write", "/web/compose"),
        ("Notifications", "/web/notifications"),
        ("Follow", "/web/follow"),
        ("Profile", "/web/profile"),
    ];
    html! {
        ul {
            @if let Some(viewer) = viewer {
                @for (label, href) in links {
                    li {
                        a href=(href) aria-current=[(href == current).then_some("page")] { (label) }
                    }
                }
                li {
                    form class="logout" method="post" action="/web/logout" {
                        input type="hidden" name="csrf" value=(viewer.csrf);
                        button type="submit" class="link-button" { "Log out" }
                    }
                }
            } @else {
                li { a href="/web/login" { "Log in" } }
            }
        }
    }
}

/// A whole client page: `current` is the nav entry to mark as the current page.
pub(crate) fn page(
    state: &ClientState,
    viewer: Option<&Viewer>,
    title: &str,
    current: &str,
    body: Markup,
) -> Markup {
    let meta = PageMeta::new(title, state.instance.name.as_str()).noindex();
    let body = html! {
        // A stylesheet link is allowed in the body (HTML "body-ok"); the shared shell
        // has one stylesheet slot, and this one is the client's.
        link rel="stylesheet" href=(client_css_path());
        (body)
    };
    layout::page(meta, nav(viewer, current), body)
}

/// A private page: never cached by the browser or a proxy (it shows a user's own data).
pub(crate) fn respond(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, Html(markup.into_string())).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // No script runs on these pages, and forms post only here. Images may come from
    // other servers (remote media is shown from its origin).
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self' https: http: data:; media-src 'self' https: http:; \
             style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// `respond` with 200.
pub(crate) fn ok(markup: Markup) -> Response {
    respond(StatusCode::OK, markup)
}
