//! Authorship (versia.md §9.1): a valid signature proves only which *instance* sent a
//! body, so an instance may speak only for its own users and entities. The reference
//! server does not check this; we must.

use http::StatusCode;

use crate::entities::{Entity, Reference};

/// An actor field (or a Delete target) that lives on another instance than the signer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {reference} is not on the signing instance {signer}")]
pub struct AuthorshipError {
    pub field: &'static str,
    pub reference: String,
    pub signer: String,
}

impl AuthorshipError {
    /// 403: the sender is authenticated but not allowed to say this (§9.1 allows 403
    /// or 422; 403 says more precisely what went wrong).
    pub fn status(&self) -> StatusCode {
        StatusCode::FORBIDDEN
    }
}

/// Checks that every actor field of `entity` resolves to `signer_domain` (bare
/// references resolve to the signer by definition, §6.3):
/// - `author` on every entity that has one (Report: when present);
/// - Delete: also `deleted`, since only the target's home instance may delete it (§9.3).
///
/// A pushed User always passes: it carries no domain, so its identity *is*
/// (signer, id).
pub fn check_authorship(entity: &Entity, signer_domain: &str) -> Result<(), AuthorshipError> {
    if let Some(author) = entity.author() {
        on_signer("author", author, signer_domain)?;
    }
    if let Entity::Delete(delete) = entity {
        on_signer("deleted", &delete.deleted, signer_domain)?;
    }
    Ok(())
}

fn on_signer(
    field: &'static str,
    reference: &Reference,
    signer: &str,
) -> Result<(), AuthorshipError> {
    if reference.lives_on(signer, signer) {
        Ok(())
    } else {
        Err(AuthorshipError {
            field,
            reference: reference.to_string(),
            signer: signer.to_owned(),
        })
    }
}
