//! A User's `featured` collection (versia.md §4 E4, §8.1 "Pinned Notes"): the notes the
//! user pinned, most recently pinned first, as full Notes, filtered like the outbox.

use rookery_core::Account;

use super::visibility::may_fetch;
use super::RouteState;
use crate::entities::Note as VersiaNote;
use crate::inbox::Rejection;
use crate::mapping::local_note;

/// The pinned notes at positions `offset..offset+limit` the requester may see, and how
/// many notes are pinned in all.
pub(super) async fn featured(
    state: &RouteState,
    owner: &Account,
    offset: usize,
    limit: usize,
    requester: Option<&str>,
) -> Result<(u64, Vec<VersiaNote>), Rejection> {
    let versia = &state.versia;
    let pinned = versia.personal.pinned(owner.id).await?;
    let total = pinned.len() as u64;
    let mut items = Vec::new();
    for id in pinned.into_iter().skip(offset).take(limit) {
        let Some(note) = versia.repo.note(id).await? else {
            continue;
        };
        if !may_fetch(versia, requester, &note, owner).await? {
            continue;
        }
        let context = state.services.note_context(note).await?;
        items.extend(local_note(versia, &context));
    }
    Ok((total, items))
}
