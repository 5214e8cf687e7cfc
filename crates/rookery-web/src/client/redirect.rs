//! Redirects: POST-redirect-GET answers (303), and where a user may be sent back to.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `303 See Other` to `location` (a path on this site), so a reload does not resend
/// the form.
pub(crate) fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location = HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/web/home"));
    response.headers_mut().insert(header::LOCATION, location);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// To the login page, coming back to `next` afterwards.
pub(crate) fn to_login(next: &str) -> Response {
    let query = serde_urlencoded::to_string([("next", safe_next(Some(next)))]).unwrap_or_default();
    see_other(&format!("/web/login?{query}"))
}

/// `next` when it is a path of the client, else the home timeline: never another site
/// (an open redirect would let a link send users anywhere after logging in).
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with("/web/")
                && !path.starts_with("/web/login")
                && !path.contains("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/web/home",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_client_paths_are_returned_to() {
        let table = [
            (Some("/web/notifications"), "/web/notifications"),
            (Some("/web/home?max_id=5"), "/web/home?max_id=5"),
            (Some("https://evil.example/"), "/web/home"),
            (Some("//evil.example/web/"), "/web/home"),
            (Some("/web//evil.example"), "/web/home"),
            (Some("/web/\\evil"), "/web/home"),
            (Some("/web/login?next=x"), "/web/home"),
            (Some("/other"), "/web/home"),
            (None, "/web/home"),
        ];
        for (input, expected) in table {
            assert_eq!(safe_next(input), expected, "{input:?}");
        }
    }
}
