//! Sessions: issued at login as an access token of the built-in app (only its SHA-256 is
//! stored), found again from the `HttpOnly` cookie on every request, revoked at logout.
//! Handlers that take a [`Viewer`] are for logged-in users only; anyone else is sent to
//! the login page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use rookery_core::ports::RefreshToken;
use rookery_core::{AccessToken, Account, AccountId, TokenId};

use super::app;
use super::cookies::{self, SESSION};
use super::error::{ClientError, ClientResult};
use super::secrets::{constant_time_eq, csrf_for_session, random_secret, sha256_hex};
use super::state::ClientState;

/// The logged-in local user of a request.
pub(crate) struct Viewer {
    pub account: Account,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    token_sha256: String,
}

impl Viewer {
    /// A viewer for rendering tests, with no session behind it.
    #[cfg(test)]
    pub(crate) fn for_tests(account: Account, csrf: &str) -> Viewer {
        Viewer {
            account,
            csrf: csrf.to_owned(),
            token_sha256: String::new(),
        }
    }

    pub(crate) fn id(&self) -> AccountId {
        self.account.id
    }

    /// Refuses a form whose `csrf` field is not this session's token.
    pub(crate) fn check_csrf(&self, field: &str) -> ClientResult<()> {
        if field.is_empty() || !constant_time_eq(field.as_bytes(), self.csrf.as_bytes()) {
            return Err(ClientError::BadCsrf);
        }
        Ok(())
    }
}

impl FromRequestParts<ClientState> for Viewer {
    type Rejection = ClientError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ClientState,
    ) -> Result<Self, Self::Rejection> {
        // After logging in, a GET comes back to where it was; a POST cannot be replayed.
        let next = if parts.method == Method::GET {
            parts
                .uri
                .path_and_query()
                .map_or("/web/home", |p| p.as_str())
                .to_owned()
        } else {
            "/web/home".to_owned()
        };
        let login = || ClientError::LoginRequired { next: next.clone() };
        let secret = cookies::read(&parts.headers, SESSION).ok_or_else(login)?;
        let token_sha256 = sha256_hex(secret);
        let token = state
            .tokens
            .token_by_hash(&token_sha256)
            .await?
            .ok_or_else(login)?;
        // A cookie holding a narrower API token must not unlock the whole client.
        if !app::SCOPES.split(' ').all(|scope| token.allows(scope)) {
            return Err(login());
        }
        let account = state
            .services
            .repo()
            .account(token.account)
            .await?
            .filter(Account::is_local)
            .ok_or_else(login)?;
        Ok(Viewer {
            account,
            csrf: csrf_for_session(secret),
            token_sha256,
        })
    }
}

/// Starts a session for `account`; returns the secret to put in the cookie.
pub(crate) async fn issue(state: &ClientState, account: AccountId) -> ClientResult<String> {
    let app = state
        .guard
        .app
        .get(state.oauth.as_ref(), &state.services)
        .await?;
    let secret = random_secret();
    let now = state.services.now();
    let access = AccessToken {
        id: TokenId(state.services.new_id()),
        account,
        token_sha256: sha256_hex(&secret),
        scopes: app::SCOPES.to_owned(),
        app_name: Some(app.name.clone()),
        created_at: now,
    };
    // The store pairs every user token with a refresh token; a session never refreshes,
    // so its refresh secret is thrown away unseen.
    let refresh = RefreshToken {
        token_sha256: sha256_hex(&random_secret()),
        app: app.id,
        account,
        access_token: access.id,
        scopes: app::SCOPES.to_owned(),
        created_at: now,
    };
    state.oauth.issue_user_token(&access, &refresh).await?;
    Ok(secret)
}

/// Ends `viewer`'s session: its token stops working everywhere at once.
pub(crate) async fn revoke(state: &ClientState, viewer: &Viewer) -> ClientResult<()> {
    let app = state
        .guard
        .app
        .get(state.oauth.as_ref(), &state.services)
        .await?;
    state.oauth.revoke(app.id, &viewer.token_sha256).await?;
    Ok(())
}
