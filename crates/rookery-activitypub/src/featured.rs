//! The actor's `featured` collection (Mastodon's `toot:featured`, named by every actor
//! document): the notes the account pinned, most recently pinned first, as full `Note`
//! objects so peers need not fetch each one.

use rookery_core::Account;
use serde_json::Value;

use crate::documents::{self, NoteParts};
use crate::error::ApError;
use crate::routes::ApState;

pub(crate) async fn items(state: &ApState, account: &Account) -> Result<Vec<Value>, ApError> {
    let mut items = Vec::new();
    for id in state.ap.personal.pinned(account.id).await? {
        let Some(note) = state.ap.repo.note(id).await? else {
            continue;
        };
        // Pins are public or unlisted when made; check again, the collection is public.
        if !state.services.may_view(None, &note).await? {
            continue;
        }
        let context = state.services.note_context(note).await?;
        let parts = NoteParts {
            note: &context.note,
            author: &context.author,
            mentioned: &context.mentioned,
            in_reply_to: context
                .in_reply_to
                .as_ref()
                .map(|(parent, _)| documents::note_uri(&state.ap.urls, parent)),
            local_domain: &state.ap.config.domain,
            local_emojis: &state.ap.local_emojis,
        };
        items.push(documents::note(&state.ap.urls, &parts));
    }
    Ok(items)
}
