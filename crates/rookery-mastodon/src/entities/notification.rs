//! The `Notification` entity.

use rookery_core::notification::Notification;
use serde::Serialize;

use super::account::{render_account, AccountJson};
use super::status::{render_status, StatusJson};
use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct NotificationJson {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `ungrouped-{id}`: rookery does not group notifications, and Mastodon gives an
    /// ungrouped notification that key.
    pub group_key: String,
    pub created_at: String,
    pub account: AccountJson,
    pub status: Option<StatusJson>,
}

pub async fn render_notification(
    state: &ApiState,
    notification: &Notification,
) -> Result<Option<NotificationJson>, ApiError> {
    let repo = state.services.repo();
    // A notification about an account or note since deleted is skipped, as Mastodon does.
    let Some(from) = repo.account(notification.from).await? else {
        return Ok(None);
    };
    let status = match notification.note {
        Some(id) => match repo.note(id).await? {
            Some(note) => Some(render_status(state, &note, Some(notification.recipient)).await?),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(NotificationJson {
        id: notification.id.to_string(),
        kind: notification.kind.as_str(),
        group_key: format!("ungrouped-{}", notification.id),
        created_at: notification.created_at.to_rfc3339(),
        account: render_account(state, &from).await?,
        status,
    }))
}
