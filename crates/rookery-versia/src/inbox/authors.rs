//! The account behind a reference in an inbox body: stored already, or fetched from its
//! origin with a signed GET and stored through core (versia.md §9.3 "if the author is
//! unknown, resolve the author").

use rookery_core::service::Services;
use rookery_core::Account;

use super::Rejection;
use crate::context::Versia;
use crate::entities::Reference;
use crate::remote::fetch_user;

/// The remote account `reference` (bare references live on `signer`, §6.3).
pub async fn remote_author(
    versia: &Versia,
    services: &Services,
    signer: &str,
    reference: &Reference,
) -> Result<Account, Rejection> {
    let resolved = reference.resolve(signer);
    if let Some(known) = versia.repo.account_by_uri(&resolved.to_string()).await? {
        return Ok(known);
    }
    let fetched = fetch_user(versia, &resolved).await?;
    services.store_remote_account(&fetched).await?;
    // Read back by the Versia id: an account also reached over ActivityPub may keep
    // other facts as its own, but answers to this sender go over Versia (FEDERATION.md,
    // "Both protocols").
    let stored = versia
        .repo
        .account_by_uri(&resolved.to_string())
        .await?
        .ok_or_else(|| Rejection::unavailable("a stored account vanished"))?;
    versia.stored_user(fetched.id, &stored);
    Ok(stored)
}
