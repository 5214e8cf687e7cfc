//! The built-in application that web sessions are issued to. A session is an ordinary
//! access token (scopes `read write follow`) of this app, so the client and the API share
//! one token system: the store keeps only the hash, and revoking is the API's revoke.

use std::sync::OnceLock;

use rookery_core::ports::{OAuthApp, OAuthStore, PortError, PortResult};
use rookery_core::service::Services;
use rookery_core::AppId;

use super::secrets::{random_secret, sha256_hex};

/// The app's fixed client id; no client secret is ever handed out (its hash is of a
/// random value thrown away), so no one can use the app's OAuth flows.
pub(crate) const CLIENT_ID: &str = "rookery-web-client";
/// The name shown for sessions among a user's authorized apps.
pub(crate) const NAME: &str = "rookery web";
/// What a session may do: everything the client's pages offer.
pub(crate) const SCOPES: &str = "read write follow";

/// The app's record once found or created by this process.
#[derive(Default)]
pub(crate) struct BuiltInApp {
    record: OnceLock<OAuthApp>,
}

impl BuiltInApp {
    /// The app's record, created on first use.
    pub(crate) async fn get(
        &self,
        oauth: &dyn OAuthStore,
        services: &Services,
    ) -> PortResult<OAuthApp> {
        if let Some(app) = self.record.get() {
            return Ok(app.clone());
        }
        let app = match oauth.app_by_client_id(CLIENT_ID).await? {
            Some(app) => app,
            None => {
                let app = OAuthApp {
                    id: AppId(services.new_id()),
                    name: NAME.to_owned(),
                    website: None,
                    redirect_uris: Vec::new(),
                    scopes: SCOPES.to_owned(),
                    client_id: CLIENT_ID.to_owned(),
                    client_secret_sha256: sha256_hex(&random_secret()),
                    created_at: services.now(),
                };
                match oauth.create_app(&app).await {
                    Ok(()) => app,
                    // Another process (or request) created it first: use theirs.
                    Err(PortError::Conflict(_)) => oauth
                        .app_by_client_id(CLIENT_ID)
                        .await?
                        .ok_or_else(|| PortError::unavailable("built-in app vanished"))?,
                    Err(e) => return Err(e),
                }
            }
        };
        Ok(self.record.get_or_init(|| app).clone())
    }
}
