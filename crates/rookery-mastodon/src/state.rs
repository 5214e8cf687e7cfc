//! What every API handler shares.

use std::sync::Arc;

use rookery_core::ports::{Credentials, OAuthStore, Tokens};
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
}

#[derive(Clone)]
pub struct ApiState {
    pub services: Arc<Services>,
    pub tokens: Arc<dyn Tokens>,
    pub oauth: Arc<dyn OAuthStore>,
    pub credentials: Arc<dyn Credentials>,
    /// In-memory login protection: CSRF tokens and failed-login counts.
    pub login: Arc<LoginGuard>,
    pub instance: Arc<InstanceInfo>,
}
