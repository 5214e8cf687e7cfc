//! Bookmarking and pinning a status (`POST /api/v1/statuses/:id/bookmark`, `unbookmark`,
//! `pin`, `unpin`); `statuses::interact` dispatches here.

use rookery_core::pins::{pin_refusal, MAX_PINNED};
use rookery_core::ports::PinOutcome;
use rookery_core::service::ServiceError;
use rookery_core::{AccountId, NoteId};

use crate::error::ApiError;
use crate::state::ApiState;

/// Applies `action` (`bookmark`, `unbookmark`, `pin` or `unpin`) of `account` to `note`.
/// Unknown notes, and notes the account may not see, are 404 (Mastodon hides both).
pub(super) async fn act(
    state: &ApiState,
    account: AccountId,
    note: NoteId,
    action: &str,
) -> Result<(), ApiError> {
    let services = &state.services;
    let found = services
        .repo()
        .note(note)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !services.may_view(Some(account), &found).await? {
        return Err(ApiError::NotFound);
    }
    let (id, now) = (services.new_id(), services.now());
    match action {
        "bookmark" => {
            state.personal.add_bookmark(id, account, note, now).await?;
        }
        "unbookmark" => {
            state.personal.remove_bookmark(account, note).await?;
        }
        "pin" => {
            if let Some(why) = pin_refusal(account, &found) {
                return Err(ServiceError::from(why).into());
            }
            let outcome = state
                .personal
                .pin(id, account, note, now, MAX_PINNED)
                .await?;
            if outcome == PinOutcome::LimitReached {
                return Err(ApiError::Invalid(format!(
                    "status: you have already pinned the maximum of {MAX_PINNED} statuses"
                )));
            }
        }
        _ => {
            state.personal.unpin(account, note).await?;
        }
    }
    Ok(())
}
