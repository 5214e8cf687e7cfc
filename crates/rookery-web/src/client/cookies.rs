//! The client's cookies: reading one from the `Cookie` header and writing `Set-Cookie`
//! values with the attributes a session needs (RFC 6265 §4.1).

use axum::http::{header, HeaderMap};

/// The session: an opaque random secret whose SHA-256 is an access token's hash.
pub(crate) const SESSION: &str = "rookery_session";
/// The login form's double-submit CSRF value (the session does not exist yet).
pub(crate) const LOGIN_CSRF: &str = "rookery_login_csrf";

/// How long a browser keeps the session cookie.
pub(crate) const SESSION_MAX_AGE_SECS: u64 = 30 * 24 * 3600;
/// How long a rendered login form stays usable.
pub(crate) const LOGIN_FORM_MAX_AGE_SECS: u64 = 600;

/// The value of cookie `name`, if the request carries it.
pub(crate) fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then_some(value)
        })
}

/// A `Set-Cookie` value: `HttpOnly` always (no script needs these), `Secure` on https,
/// `SameSite=Lax` for the session so links from other sites land logged in while their
/// cross-site POSTs arrive without it.
pub(crate) fn set(
    name: &str,
    value: &str,
    path: &str,
    max_age_secs: u64,
    same_site: &str,
    secure: bool,
) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; SameSite={same_site}{secure}")
}

/// A `Set-Cookie` value that removes cookie `name` at `path`.
pub(crate) fn clear(name: &str, path: &str, secure: bool) -> String {
    set(name, "", path, 0, "Lax", secure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; rookery_session=xyz; c=d"),
        );
        assert_eq!(read(&headers, SESSION), Some("xyz"));
        assert_eq!(read(&headers, LOGIN_CSRF), None);
    }

    #[test]
    fn session_cookie_has_its_attributes() {
        let cookie = set(SESSION, "s", "/", 60, "Lax", true);
        assert_eq!(
            cookie,
            "rookery_session=s; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(!set(SESSION, "s", "/", 60, "Lax", false).contains("Secure"));
        assert!(clear(SESSION, "/", false).contains("Max-Age=0"));
    }
}
