//! E4 collections of our Users (versia.md §4, §7.2): `outbox` and `featured` (Notes the
//! requester may see; `featured.rs`), `followers` and `following` (References), paged by
//! `offset`/`limit` (1..40, 422 outside), signed like every GET response; a Note's
//! reactions (§10.9) are in `reactions.rs`, its likes, dislikes and shares (§10.6,
//! §10.11) in `note_interactions.rs`.

use axum::response::Response;
use rookery_core::{Account, AccountId, Id, Note, Page as CorePage};

use super::note_interactions::{note_interactions, Interaction};
use super::note_threads::{note_thread, QUOTES_COLLECTION, REPLIES_COLLECTION};
use super::reactions::{note_reactions, REACTIONS_COLLECTION};
use super::respond::{not_found, signed};
use super::visibility::may_fetch;
use super::RouteState;
use crate::entities::{Collection, Note as VersiaNote, Reference};
use crate::inbox::Rejection;
use crate::mapping::{account_ref, local_note};
use crate::paths::Page;

pub(super) async fn get_collection(
    state: &RouteState,
    path: &str,
    query: Option<&str>,
    (entity_type, id, name): (&str, &str, &str),
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    if entity_type == "Note" && name == REACTIONS_COLLECTION {
        return note_reactions(state, path, query, id, requester).await;
    }
    if entity_type == "Note" && (name == REPLIES_COLLECTION || name == QUOTES_COLLECTION) {
        return note_thread(state, path, query, (id, name), requester).await;
    }
    if let Some(kind) = Interaction::from_collection(name).filter(|_| entity_type == "Note") {
        return note_interactions(state, path, query, (id, kind), requester).await;
    }
    let page = Page::from_query(query).map_err(Rejection::unprocessable)?;
    let versia = &state.versia;
    let owner = match id.parse::<i64>() {
        Ok(number) if entity_type == "User" => {
            versia.repo.account(AccountId::from_i64(number)).await?
        }
        _ => None,
    };
    let Some(owner) = owner.filter(Account::is_local) else {
        return Ok(not_found());
    };
    let author = account_ref(versia, &owner);
    let (offset, limit) = (to_usize(page.offset), to_usize(page.limit));
    match name {
        "outbox" => {
            let (total, items) = outbox(state, &owner, offset, limit, requester).await?;
            let body = Collection {
                author,
                total,
                items,
            };
            Ok(signed(versia, "get", path, &body))
        }
        "featured" => {
            let (total, items) =
                super::featured::featured(state, &owner, offset, limit, requester).await?;
            let body = Collection {
                author,
                total,
                items,
            };
            Ok(signed(versia, "get", path, &body))
        }
        "followers" => {
            let all = versia.repo.all_followers(owner.id).await?;
            let total = all.len() as u64;
            let body = references(state, author, total, all.iter().skip(offset).take(limit));
            Ok(signed(versia, "get", path, &body))
        }
        "following" => {
            // The storage port pages following by follow id, hidden from us: this
            // serves the newest 40 only (offsets past them are empty).
            let (_, total) = versia.repo.follow_counts(owner.id).await?;
            let newest = versia
                .repo
                .following(owner.id, &CorePage::newest(40))
                .await?;
            let body = references(state, author, total, newest.iter().skip(offset).take(limit));
            Ok(signed(versia, "get", path, &body))
        }
        _ => Ok(not_found()),
    }
}

fn references<'a>(
    state: &RouteState,
    author: Option<Reference>,
    total: u64,
    accounts: impl Iterator<Item = &'a Account>,
) -> Collection<Reference> {
    Collection {
        author,
        total,
        items: accounts
            .filter_map(|a| account_ref(&state.versia, a))
            .collect(),
    }
}

/// The owner's notes at positions `offset..offset+limit`, newest first, keeping those
/// the requester may see (§4 E4 "SHOULD be filtered"). `total` counts every note, so
/// a peer paging by offset until `total` visits every position.
async fn outbox(
    state: &RouteState,
    owner: &Account,
    offset: usize,
    limit: usize,
    requester: Option<&str>,
) -> Result<(u64, Vec<VersiaNote>), Rejection> {
    let versia = &state.versia;
    let total = versia.repo.count_notes_by(owner.id).await?;
    let mut window: Vec<Note> = Vec::new();
    let mut max_id: Option<Id> = None;
    while window.len() < offset + limit {
        let page = CorePage::new(max_id, None, None, Some(40));
        let batch = versia.repo.account_timeline(owner.id, &page).await?;
        let Some(last) = batch.last() else { break };
        max_id = Some(last.id.0);
        window.extend(batch.into_iter().filter(|n| n.author == owner.id));
    }
    let mut items = Vec::new();
    for note in window.into_iter().skip(offset).take(limit) {
        if !may_fetch(versia, requester, &note, owner).await? {
            continue;
        }
        let context = state.services.note_context(note).await?;
        items.extend(local_note(versia, &context));
    }
    Ok((total, items))
}

fn to_usize(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}
