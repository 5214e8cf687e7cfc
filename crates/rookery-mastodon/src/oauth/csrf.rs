//! CSRF protection for the login form: each rendered form carries a fresh random token,
//! also set as a short-lived `HttpOnly` cookie and remembered server-side. A submission
//! is accepted once, and only when field and cookie agree and the token is live.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::secrets::{constant_time_eq, random_secret};

pub(crate) const COOKIE: &str = "rookery_oauth_csrf";
/// How long a rendered form stays usable.
pub(crate) const LIFETIME: Duration = Duration::from_secs(600);
/// Bounds memory if someone renders forms in a loop.
const MAX_LIVE: usize = 10_000;

#[derive(Default)]
pub(crate) struct CsrfTokens {
    live: Mutex<HashMap<String, Instant>>,
}

impl CsrfTokens {
    pub(crate) fn issue(&self) -> String {
        let token = random_secret();
        let now = Instant::now();
        if let Ok(mut live) = self.live.lock() {
            live.retain(|_, expires| *expires > now);
            if live.len() >= MAX_LIVE {
                live.clear();
            }
            live.insert(token.clone(), now + LIFETIME);
        }
        token
    }

    /// Consumes `field` when it matches `cookie` and is live.
    pub(crate) fn accept(&self, field: &str, cookie: Option<&str>) -> bool {
        let Some(cookie) = cookie else {
            return false;
        };
        if field.is_empty() || !constant_time_eq(field.as_bytes(), cookie.as_bytes()) {
            return false;
        }
        let Ok(mut live) = self.live.lock() else {
            return false;
        };
        live.remove(field)
            .is_some_and(|expires| expires > Instant::now())
    }
}

/// The `Set-Cookie` value carrying `token`.
pub(crate) fn set_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; Path=/oauth; Max-Age={}; HttpOnly; SameSite=Strict",
        LIFETIME.as_secs()
    )
}

/// The CSRF cookie from a `Cookie` header.
pub(crate) fn cookie_value(header: Option<&str>) -> Option<&str> {
    header?.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_single_use_and_bound_to_the_cookie() {
        let tokens = CsrfTokens::default();
        let t = tokens.issue();
        assert!(!tokens.accept(&t, None));
        assert!(!tokens.accept(&t, Some("other")));
        assert!(tokens.accept(&t, Some(&t)));
        assert!(!tokens.accept(&t, Some(&t)), "single use");
        let header = format!("a=b; {COOKIE}=xyz; c=d");
        assert_eq!(cookie_value(Some(&header)), Some("xyz"));
    }
}
