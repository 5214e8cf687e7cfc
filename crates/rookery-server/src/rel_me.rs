//! Profile link verification (Mastodon's `rel="me"`): after a local user saves profile
//! fields, a background task fetches each linked page and marks the field verified when
//! the page links back to the user's profile with `rel="me"`. Fetches go through the one
//! outbound client, so the SSRF guard, timeouts and the size cap apply.

use std::sync::Arc;

use axum::http::header::ACCEPT;
use axum::http::{HeaderMap, HeaderValue};
use rookery_core::ports::{ProfileLinks, Repository};
use rookery_core::{Account, AccountId};
use rookery_net::HttpClient;
use tracing::{debug, warn};

/// The [`ProfileLinks`] port over the store and the outbound client. Cheap to clone: each
/// check runs on its own clone in a spawned task.
#[derive(Clone)]
pub struct RelMeVerifier {
    repo: Arc<dyn Repository>,
    http: HttpClient,
    /// `SCHEME://DOMAIN` of this instance.
    public_url: Arc<str>,
}

impl RelMeVerifier {
    pub fn new(repo: Arc<dyn Repository>, http: HttpClient, public_url: &str) -> Self {
        RelMeVerifier {
            repo,
            http,
            public_url: public_url.trim_end_matches('/').into(),
        }
    }

    /// The URLs a page may link back to: the profile page and the actor id, as Mastodon
    /// accepts either of an account's `url` and `uri`.
    fn profile_urls(&self, account: &Account) -> [String; 2] {
        [
            format!("{}/@{}", self.public_url, account.username),
            format!("{}/users/{}", self.public_url, account.username),
        ]
    }

    async fn verify(&self, id: AccountId) {
        let Ok(Some(account)) = self.repo.account(id).await else {
            return;
        };
        let own = self.profile_urls(&account);
        let mut confirmed = Vec::new();
        for field in account
            .profile
            .fields
            .iter()
            .filter(|f| f.verified_at.is_none())
        {
            let Some(link) = rookery_html::first_link(&field.value) else {
                continue;
            };
            if self.links_back(&link, &own).await {
                confirmed.push((field.name.clone(), field.value.clone()));
            }
        }
        if confirmed.is_empty() {
            return;
        }
        if let Err(e) = self.record(id, &confirmed).await {
            warn!(account = %id, error = %e, "could not record verified profile links");
        }
    }

    async fn links_back(&self, page: &str, own: &[String]) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("text/html"));
        let response = match self.http.get(page, headers).await {
            Ok(r) if r.status.is_success() => r,
            Ok(r) => {
                debug!(%page, status = %r.status, "profile link not verified");
                return false;
            }
            Err(e) => {
                debug!(%page, error = %e, "profile link not fetched");
                return false;
            }
        };
        let html = String::from_utf8_lossy(&response.body);
        rookery_html::rel_me_links(&html)
            .iter()
            .any(|target| own.iter().any(|url| same_url(target, url)))
    }

    /// Marks the confirmed fields, re-read so an edit made meanwhile is not overwritten:
    /// only a field whose name and value are still the ones checked is marked.
    async fn record(&self, id: AccountId, confirmed: &[(String, String)]) -> Result<(), String> {
        let mut account = match self.repo.account(id).await {
            Ok(Some(account)) => account,
            Ok(None) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        };
        let now = crate::instance::now();
        let mut changed = false;
        for field in &mut account.profile.fields {
            if field.verified_at.is_none()
                && confirmed
                    .iter()
                    .any(|(name, value)| *name == field.name && *value == field.value)
            {
                field.verified_at = Some(now);
                changed = true;
            }
        }
        if !changed {
            return Ok(());
        }
        let mut tx = self.repo.begin().await.map_err(|e| e.to_string())?;
        tx.update_account_profile(&account)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    }
}

impl ProfileLinks for RelMeVerifier {
    fn verify_later(&self, account: AccountId) {
        let verifier = self.clone();
        tokio::spawn(async move { verifier.verify(account).await });
    }
}

/// Equal up to a trailing slash, as links are often written both ways.
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::same_url;

    #[test]
    fn a_trailing_slash_does_not_matter_but_the_path_does() {
        assert!(same_url(
            "https://a.example/@alice/",
            "https://a.example/@alice"
        ));
        assert!(!same_url(
            "https://a.example/@alicia",
            "https://a.example/@alice"
        ));
        assert!(!same_url(
            "http://a.example/@alice",
            "https://a.example/@alice"
        ));
    }
}
