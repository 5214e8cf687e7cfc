//! A Note's `pub.versia:likes/Likes`, `pub.versia:likes/Dislikes` (versia.md §10.6) and
//! `pub.versia:share/Shares` (§10.11) URICollections: references to the Users who liked,
//! disliked or shared one of our notes ("who liked it", §10.6), newest first, for
//! instances that may see the note (§9.4; 404 otherwise, as for the Note itself, §4 E3),
//! paged by `offset`/`limit` (§4 E4).
//!
//! Accounts reached only over ActivityPub have no Versia reference; they are left out
//! and not counted, so `total` always equals the number of items a peer can page
//! through (§4 E4: peers page until they hold `total` items).

use axum::response::Response;
use rookery_core::ports::{Entry, PortResult};
use rookery_core::{AccountId, Id, NoteId, Page as CorePage};

use super::respond::{not_found, signed};
use super::visibility::visible_local_note;
use super::RouteState;
use crate::context::Versia;
use crate::entities::{Collection, Reference};
use crate::inbox::Rejection;
use crate::mapping::account_ref;
use crate::paths::Page;

/// The collections' names under a Note (§4 E4, §10.6, §10.11).
pub const LIKES_COLLECTION: &str = "pub.versia:likes/Likes";
pub const DISLIKES_COLLECTION: &str = "pub.versia:likes/Dislikes";
pub const SHARES_COLLECTION: &str = "pub.versia:share/Shares";
/// The reference server's spelling of the share extension (§10.11 [REF]).
const LEGACY_SHARES_COLLECTION: &str = "pub.versia:shares/Shares";

/// Most interactions read for one request: past this, older ones are neither listed nor
/// counted (a bound on the work an unauthenticated GET can cause).
const MAX_WALKED: usize = 10_000;

/// Which interaction a collection name lists, if it is one of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Interaction {
    Likes,
    Dislikes,
    Shares,
}

impl Interaction {
    pub(super) fn from_collection(name: &str) -> Option<Interaction> {
        match name {
            LIKES_COLLECTION => Some(Interaction::Likes),
            DISLIKES_COLLECTION => Some(Interaction::Dislikes),
            SHARES_COLLECTION | LEGACY_SHARES_COLLECTION => Some(Interaction::Shares),
            _ => None,
        }
    }

    /// One page (newest first) of the accounts behind this interaction.
    async fn page(
        self,
        versia: &Versia,
        note: NoteId,
        page: &CorePage,
    ) -> PortResult<Vec<Entry<AccountId>>> {
        let port = &versia.status_accounts;
        match self {
            Interaction::Likes => port.favourited_by(note, page).await,
            Interaction::Dislikes => port.disliked_by(note, page).await,
            Interaction::Shares => port.reblogged_by(note, page).await,
        }
    }
}

pub(super) async fn note_interactions(
    state: &RouteState,
    path: &str,
    query: Option<&str>,
    (id, kind): (&str, Interaction),
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    let page = Page::from_query(query).map_err(Rejection::unprocessable)?;
    let versia = &state.versia;
    let Some((note, author)) = visible_local_note(versia, id, requester).await? else {
        return Ok(not_found());
    };
    let all = references(versia, note.id, kind).await?;
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let body = Collection {
        author: account_ref(versia, &author),
        total: all.len() as u64,
        items: all.into_iter().skip(offset).take(limit).collect::<Vec<_>>(),
    };
    Ok(signed(versia, "get", path, &body))
}

/// Every account with a Versia reference behind `kind` on `note`, newest first: pages of
/// 40 from the port, each page's accounts read in one query.
async fn references(
    versia: &Versia,
    note: NoteId,
    kind: Interaction,
) -> PortResult<Vec<Reference>> {
    let mut found = Vec::new();
    let mut walked = 0;
    let mut max_id: Option<Id> = None;
    while walked < MAX_WALKED {
        let request = CorePage::new(max_id, None, None, Some(i64::from(CorePage::MAX_LIMIT)));
        let batch = kind.page(versia, note, &request).await?;
        let Some(last) = batch.last() else { break };
        max_id = Some(last.id);
        walked += batch.len();
        let ids: Vec<AccountId> = batch.iter().map(|entry| entry.target).collect();
        let accounts = versia.repo.accounts(&ids).await?;
        // Keep the port's order (newest first), whatever order the batch read returns.
        for id in &ids {
            if let Some(account) = accounts.iter().find(|a| a.id == *id) {
                found.extend(account_ref(versia, account));
            }
        }
        if batch.len() < CorePage::MAX_LIMIT as usize {
            break;
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_names_are_exact() {
        assert_eq!(
            Interaction::from_collection("pub.versia:likes/Likes"),
            Some(Interaction::Likes)
        );
        assert_eq!(
            Interaction::from_collection("pub.versia:likes/Dislikes"),
            Some(Interaction::Dislikes)
        );
        assert_eq!(
            Interaction::from_collection("pub.versia:share/Shares"),
            Some(Interaction::Shares)
        );
        assert_eq!(
            Interaction::from_collection("pub.versia:shares/Shares"),
            Some(Interaction::Shares)
        );
        // Types match case-sensitively (§4 E3).
        assert_eq!(Interaction::from_collection("pub.versia:likes/likes"), None);
        assert_eq!(Interaction::from_collection("likes"), None);
    }
}
