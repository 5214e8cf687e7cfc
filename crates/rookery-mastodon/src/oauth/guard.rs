//! The login form's in-memory protections, shared by all requests of one instance.

use super::csrf::CsrfTokens;
use rookery_core::login_throttle::FailedLogins;

/// CSRF tokens of rendered login forms and recent failed logins.
#[derive(Default)]
pub struct LoginGuard {
    pub(crate) csrf: CsrfTokens,
    pub(crate) failures: FailedLogins,
}
