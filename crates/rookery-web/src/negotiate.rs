//! Content negotiation on the human URLs (`/@user`, `/@user/ID`): browsers get HTML,
//! servers asking for ActivityPub or Versia get that protocol's JSON from the same URL
//! (activitypub.md §2.2: "the human url should also negotiate to JSON"; versia.md §4 E3
//! for the Versia media type).

use axum::body::Body;
use axum::extract::OriginalUri;
use axum::http::{header, HeaderMap, Request, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;

/// What representation a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Html,
    ActivityPub,
    Versia,
}

/// Reads `Accept`. Versia's type is checked first (a Versia client names only it);
/// `application/activity+json`, `application/ld+json` and plain `application/json` all
/// mean ActivityPub (activitypub.md §2.2). Anything else, or no header, is a browser.
pub fn wanted(headers: &HeaderMap) -> Wanted {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Wanted::Html;
    };
    let accept = accept.to_ascii_lowercase();
    if accept.contains("application/vnd.versia+json") {
        Wanted::Versia
    } else if [
        "application/activity+json",
        "application/ld+json",
        "application/json",
    ]
    .iter()
    .any(|t| accept.contains(t))
    {
        Wanted::ActivityPub
    } else {
        Wanted::Html
    }
}

/// The local paths where the protocol adapters serve an account or a note. They mirror
/// the adapters' routes (rookery-activitypub `routes.rs`, rookery-versia `paths.rs`);
/// the content-negotiation tests fail if they drift.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Account { username: &'a str, id: i64 },
    Note { id: i64 },
}

fn protocol_path(wanted: Wanted, target: Target<'_>) -> Option<String> {
    match (wanted, target) {
        (Wanted::Html, _) => None,
        (Wanted::ActivityPub, Target::Account { username, .. }) => {
            Some(format!("/users/{username}"))
        }
        (Wanted::ActivityPub, Target::Note { id }) => Some(format!("/notes/{id}")),
        (Wanted::Versia, Target::Account { id, .. }) => {
            Some(format!("/.versia/v0.6/entities/User/{id}"))
        }
        (Wanted::Versia, Target::Note { id }) => Some(format!("/.versia/v0.6/entities/Note/{id}")),
    }
}

/// The ActivityPub id of a local account, for `<link rel="alternate">`.
pub fn activitypub_actor(public_url: &str, username: &str) -> String {
    format!("{public_url}/users/{username}")
}

/// The ActivityPub id of a local note, for `<link rel="alternate">`.
pub fn activitypub_note(public_url: &str, id: i64) -> String {
    format!("{public_url}/notes/{id}")
}

/// Answers `request` with the protocol's own handler for `target`, as if it had been
/// sent to the protocol's path: the JSON, signatures and visibility checks stay the
/// adapter's. For ActivityPub the original URI is kept as [`OriginalUri`], since a
/// signed GET signed the path it was sent to; the Versia handler reads its entity path
/// from [`OriginalUri`], so there it is replaced.
pub async fn forward(
    protocols: &Router,
    wanted: Wanted,
    target: Target<'_>,
    request: Request<Body>,
) -> Option<Response> {
    let path = protocol_path(wanted, target)?;
    let uri: Uri = path.parse().ok()?;
    let original = match request.extensions().get::<OriginalUri>() {
        Some(OriginalUri(original)) => original.clone(),
        None => request.uri().clone(),
    };
    // A new request with the same method and headers but none of this router's
    // extensions: its path parameters would otherwise be mixed into the adapter's.
    let (parts, body) = request.into_parts();
    let mut inner = Request::new(body);
    *inner.method_mut() = parts.method;
    *inner.headers_mut() = parts.headers;
    *inner.version_mut() = parts.version;
    let seen_as = if wanted == Wanted::Versia {
        uri.clone()
    } else {
        original
    };
    inner.extensions_mut().insert(OriginalUri(seen_as));
    *inner.uri_mut() = uri;
    let response = match protocols.clone().oneshot(inner).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let mut response = response.into_response();
    // Caches must key this URL's answers by Accept (activitypub.md §2.2).
    response
        .headers_mut()
        .insert(header::VARY, axum::http::HeaderValue::from_static("Accept"));
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(header::ACCEPT, v);
        }
        headers
    }

    #[test]
    fn reads_accept() {
        let cases = [
            ("", Wanted::Html),
            (
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                Wanted::Html,
            ),
            ("application/activity+json", Wanted::ActivityPub),
            (
                "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
                Wanted::ActivityPub,
            ),
            ("application/json", Wanted::ActivityPub),
            ("application/vnd.versia+json", Wanted::Versia),
            ("Application/VND.Versia+JSON", Wanted::Versia),
        ];
        for (value, want) in cases {
            assert_eq!(wanted(&accept(value)), want, "{value}");
        }
        assert_eq!(wanted(&HeaderMap::new()), Wanted::Html);
    }

    #[test]
    fn protocol_paths() {
        let alice = Target::Account {
            username: "alice",
            id: 7,
        };
        assert_eq!(protocol_path(Wanted::Html, alice), None);
        assert_eq!(
            protocol_path(Wanted::ActivityPub, alice).as_deref(),
            Some("/users/alice")
        );
        assert_eq!(
            protocol_path(Wanted::Versia, Target::Note { id: 9 }).as_deref(),
            Some("/.versia/v0.6/entities/Note/9")
        );
    }
}
