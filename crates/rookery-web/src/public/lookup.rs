//! Finding the account a `/@...` path names: `alice` (local) or `bob@b.example` (a
//! remote account this instance knows), and the note a page shows.

use rookery_core::{Account, Note, NoteId};

use super::error::WebError;
use super::PublicState;

/// The account `name` (the part after `/@`) names, if this instance knows it.
pub async fn account(state: &PublicState, name: &str) -> Result<Account, WebError> {
    let repo = state.services.repo();
    let found = match name.split_once('@') {
        None => repo.local_account_by_username(name).await?,
        // `alice@OUR.DOMAIN` is a local account written in full.
        Some((user, domain)) if domain.eq_ignore_ascii_case(&state.site.domain) => {
            repo.local_account_by_username(user).await?
        }
        Some((user, domain)) => repo.remote_account_by_handle(user, domain).await?,
    };
    found.ok_or(WebError::NotFound)
}

/// The note `id` by `author`, if a visitor may see it. Followers-only and direct notes
/// answer [`WebError::NotFound`], exactly like a note that does not exist.
pub async fn visible_note(
    state: &PublicState,
    author: &Account,
    id: &str,
) -> Result<Note, WebError> {
    let id: NoteId = id.parse().map_err(|_| WebError::NotFound)?;
    let note = state
        .services
        .repo()
        .note(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if note.author != author.id || !state.services.may_view(None, &note).await? {
        return Err(WebError::NotFound);
    }
    Ok(note)
}

/// The path of `account`'s profile page on this instance.
pub fn profile_path(account: &Account) -> String {
    format!("/@{}", account.acct())
}

/// The path of `note`'s page on this instance.
pub fn note_path(account: &Account, note: &Note) -> String {
    format!("/@{}/{}", account.acct(), note.id)
}
