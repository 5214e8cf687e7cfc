//! References (versia.md §6.3) to core's accounts and notes. We always write the domain
//! ([REC]): local entities are `OUR_DOMAIN:decimal id`, remote ones keep the reference
//! they were stored under.

use rookery_core::{Account, Note, Protocol};

use crate::context::Versia;
use crate::entities::Reference;

/// The reference of an account: ours, or the Versia one it was stored under. `None` for
/// accounts reached by another protocol (they have no Versia identity).
pub fn account_ref(versia: &Versia, account: &Account) -> Option<Reference> {
    match account.federation() {
        None => Some(Reference::new(
            versia.domain(),
            account.id.as_i64().to_string(),
        )),
        Some(facts) if facts.protocol == Protocol::Versia => qualified(&facts.uri),
        Some(_) => None,
    }
}

/// The reference of a note by `author`: ours when the author is local, else the Versia
/// reference it was stored under.
pub fn note_ref(versia: &Versia, note: &Note, author: &Account) -> Option<Reference> {
    if author.is_local() {
        return Some(Reference::new(
            versia.domain(),
            note.id.as_i64().to_string(),
        ));
    }
    qualified(note.uri.as_deref()?)
}

/// The local numeric id a reference names, when it points to this instance.
pub fn local_id(versia: &Versia, reference: &Reference, default_domain: &str) -> Option<i64> {
    if !versia.is_ours(reference.domain_or(default_domain)) {
        return None;
    }
    reference.id().parse().ok()
}

fn qualified(text: &str) -> Option<Reference> {
    Reference::parse(text).ok().filter(Reference::is_qualified)
}
