//! The login form's in-memory protections, shared by all requests of one instance.

use super::csrf::CsrfTokens;
use super::limiter::FailedLogins;

/// CSRF tokens of rendered login forms and recent failed logins.
#[derive(Default)]
pub struct LoginGuard {
    pub(crate) csrf: CsrfTokens,
    pub(crate) failures: FailedLogins,
}
