//! Who may fetch a note (versia.md §9.4, §4 E3): the signed GET names the requesting
//! instance, so followers-only notes go to instances hosting a follower or a mentioned
//! user, direct notes to instances hosting a mentioned user, and nobody else learns
//! they exist (404).

use axum::http::HeaderMap;
use rookery_core::ports::PortResult;
use rookery_core::{Account, Note, Visibility};

use crate::context::Versia;
use crate::inbox::{authenticate, Rejection};
use crate::signature::{SIGNATURE_HEADER, SIGNED_AT_HEADER, SIGNED_BY_HEADER};

/// The instance asking: `None` for an unsigned GET (it sees public content only);
/// a signature that is present must verify (§3.5).
pub async fn requester(
    versia: &Versia,
    raw_path: &str,
    headers: &HeaderMap,
) -> Result<Option<String>, Rejection> {
    let signed = [SIGNATURE_HEADER, SIGNED_BY_HEADER, SIGNED_AT_HEADER]
        .iter()
        .any(|name| headers.contains_key(*name));
    if !signed {
        return Ok(None);
    }
    authenticate(versia, "get", raw_path, headers, b"")
        .await
        .map(Some)
}

/// The local note whose id is the path segment `id`, with its author, when `requester`
/// may see it; `None` (answered 404) when `id` is not a number, not ours, or hidden.
pub async fn visible_local_note(
    versia: &Versia,
    id: &str,
    requester: Option<&str>,
) -> PortResult<Option<(Note, Account)>> {
    let Ok(number) = id.parse::<i64>() else {
        return Ok(None);
    };
    let Some((note, author)) = crate::mapping::local_note_by_id(versia, number).await? else {
        return Ok(None);
    };
    if !may_fetch(versia, requester, &note, &author).await? {
        return Ok(None);
    }
    Ok(Some((note, author)))
}

/// Whether `requester` may see `note` by the local `author`.
pub async fn may_fetch(
    versia: &Versia,
    requester: Option<&str>,
    note: &Note,
    author: &Account,
) -> PortResult<bool> {
    if note.visibility.is_world_readable() {
        return Ok(true);
    }
    let Some(requester) = requester else {
        return Ok(false);
    };
    let hosts = |accounts: &[Account]| {
        accounts.iter().any(|a| {
            a.domain
                .as_ref()
                .is_some_and(|d| d.as_str().eq_ignore_ascii_case(requester))
        })
    };
    let mentioned = versia.repo.accounts(&note.mentions).await?;
    if hosts(&mentioned) {
        return Ok(true);
    }
    if note.visibility == Visibility::FollowersOnly {
        let followers = versia.repo.all_followers(author.id).await?;
        return Ok(hosts(&followers));
    }
    Ok(false)
}
