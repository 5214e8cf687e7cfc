//! Fetching a remote User from its origin with a signed GET (versia.md §4 E3, §9.3
//! "if the author is unknown, resolve the author") and mapping it to a core account
//! (not stored yet: the caller stores it through core).

use rookery_core::{Account, AccountId};
use url::Url;

use super::fetch::{signed_get, url_domain};
use super::RemoteError;
use crate::context::{now, Versia};
use crate::entities::{Reference, User};
use crate::mapping::remote_account;
use crate::paths::{entity_path, EntityPath};

/// The reference a User URL names (`SCHEME://domain/.versia/v0.6/entities/User/{id}`,
/// the WebFinger `self` link of §5.1).
pub fn reference_from_user_url(href: &str) -> Option<Reference> {
    let url = Url::parse(href).ok()?;
    let domain = url_domain(&url)?;
    match EntityPath::parse(url.path())? {
        EntityPath::Entity { entity_type, id } if entity_type == "User" => {
            Some(Reference::new(domain, id))
        }
        _ => None,
    }
}

/// Fetches the User `reference` (qualified) from its home instance, checks that the
/// answer is that user, and maps it. The account gets a fresh id unless stored already.
pub async fn fetch_user(versia: &Versia, reference: &Reference) -> Result<Account, RemoteError> {
    let domain = reference
        .domain()
        .ok_or_else(|| RemoteError::invalid(reference.id(), "reference without a domain"))?;
    let url = versia.remote_url(domain, &entity_path("User", reference.id()));
    let fetched = signed_get(versia, &url).await?;
    let user: User = crate::json::from_slice(&fetched.body)
        .map_err(|e| RemoteError::invalid(&url, e.to_string()))?;
    versia
        .validator()
        .user(&user)
        .map_err(|e| RemoteError::invalid(&url, e.to_string()))?;
    if user.id != reference.id() {
        return Err(RemoteError::invalid(&url, "answered with another user"));
    }
    let id = AccountId(versia.ids.next(now()));
    remote_account(versia, &fetched.domain, &user, id).map_err(|e| RemoteError::invalid(&url, e))
}
