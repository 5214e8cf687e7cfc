//! What every API handler shares.

use std::sync::Arc;

use rookery_core::ports::{
    Credentials, Directory, FollowSettings, Idempotency, OAuthStore, Personal, Registrar,
    StatusAccounts, StatusViews, Tokens,
};
use rookery_core::service::Services;

use crate::oauth::LoginGuard;

/// How this instance describes itself to clients.
#[derive(Debug, Clone)]
pub struct InstanceInfo {
    pub domain: String,
    /// `https://DOMAIN`.
    pub public_url: String,
    pub name: String,
    pub description: String,
    /// `instance.registrations = "open"`: anyone may sign up through the API.
    pub registrations_open: bool,
    /// `instance.rules`, in order.
    pub rules: Vec<String>,
}

#[derive(Clone)]
pub struct ApiState {
    pub services: Arc<Services>,
    pub tokens: Arc<dyn Tokens>,
    pub oauth: Arc<dyn OAuthStore>,
    pub credentials: Arc<dyn Credentials>,
    /// Bookmarks, pins, markers, the account's own lists and notifications inbox.
    pub personal: Arc<dyn Personal>,
    /// Account search, familiar followers, peers and activity figures.
    pub directory: Arc<dyn Directory>,
    /// Who favourited or reblogged a status.
    pub status_accounts: Arc<dyn StatusAccounts>,
    /// What a page of statuses shows beyond the notes, read per page.
    pub status_views: Arc<dyn StatusViews>,
    /// `Idempotency-Key` records of `POST /api/v1/statuses`.
    pub idempotency: Arc<dyn Idempotency>,
    /// A follow's `reblogs`, `notify` and `languages` options.
    pub follow_settings: Arc<dyn FollowSettings>,
    /// Sign-ups through `POST /api/v1/accounts`.
    pub registrar: Arc<dyn Registrar>,
    /// In-memory login protection: CSRF tokens and failed-login counts.
    pub login: Arc<LoginGuard>,
    pub instance: Arc<InstanceInfo>,
    /// Processes and stores uploaded images (files under `DATA_DIR/media/`).
    pub media: Arc<rookery_media::MediaLibrary>,
}
