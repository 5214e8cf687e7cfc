//! What every handler of the web client shares: core's use cases and the ports the login
//! needs, the instance's name and address, and the in-memory login protections.

use std::sync::Arc;

use rookery_core::ports::{Credentials, OAuthStore, Tokens};
use rookery_core::service::Services;
use rookery_media::MediaLibrary;

use super::app::BuiltInApp;
use rookery_core::login_throttle::FailedLogins;

/// How the instance presents itself in the client's pages.
#[derive(Debug, Clone)]
pub struct ClientInstance {
    /// The instance's name, shown in the header and titles.
    pub name: String,
    /// `https://DOMAIN` (or `http://...` in tests and on a laptop): decides whether the
    /// session cookie is marked `Secure`.
    pub public_url: String,
}

impl ClientInstance {
    pub(crate) fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The client's state. Build it once in the composition root and pass it to
/// [`super::router`].
#[derive(Clone)]
pub struct ClientState {
    pub services: Arc<Services>,
    /// Finds the account behind a session (a session is an access token).
    pub tokens: Arc<dyn Tokens>,
    /// Issues and revokes session tokens for the built-in application.
    pub oauth: Arc<dyn OAuthStore>,
    /// Checks passwords, as the OAuth login form does.
    pub credentials: Arc<dyn Credentials>,
    /// Processes and stores uploaded images (EXIF stripped, thumbnail, blurhash).
    pub media: Arc<MediaLibrary>,
    pub instance: Arc<ClientInstance>,
    pub(crate) guard: Arc<LoginGuard>,
}

impl ClientState {
    pub fn new(
        services: Arc<Services>,
        tokens: Arc<dyn Tokens>,
        oauth: Arc<dyn OAuthStore>,
        credentials: Arc<dyn Credentials>,
        media: Arc<MediaLibrary>,
        instance: ClientInstance,
    ) -> Self {
        ClientState {
            services,
            tokens,
            oauth,
            credentials,
            media,
            instance: Arc::new(instance),
            guard: Arc::default(),
        }
    }
}

/// In-memory state of one process: recent failed logins and the built-in app's record
/// once it has been looked up.
#[derive(Default)]
pub(crate) struct LoginGuard {
    pub(crate) failures: FailedLogins,
    pub(crate) app: BuiltInApp,
}
