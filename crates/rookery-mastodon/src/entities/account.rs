//! The `Account` entity.

use rookery_core::Account;
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct AccountJson {
    pub id: String,
    pub username: String,
    pub acct: String,
    pub display_name: String,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    pub group: bool,
    pub created_at: String,
    pub note: String,
    pub url: String,
    pub uri: String,
    pub avatar: String,
    pub avatar_static: String,
    pub header: String,
    pub header_static: String,
    pub followers_count: u64,
    pub following_count: u64,
    pub statuses_count: u64,
    pub last_status_at: Option<String>,
    pub emojis: Vec<Value>,
    pub fields: Vec<Value>,
}

/// The placeholder image Mastodon serves for accounts without an avatar or header.
fn missing_image(state: &ApiState) -> String {
    format!("{}/avatars/original/missing.png", state.instance.public_url)
}

pub async fn render_account(state: &ApiState, account: &Account) -> Result<AccountJson, ApiError> {
    let repo = state.services.repo();
    let (followers, following) = repo.follow_counts(account.id).await?;
    let statuses = repo.count_notes_by(account.id).await?;
    let base = &state.instance.public_url;
    let (url, uri) = match account.federation() {
        Some(facts) => (
            facts.url.clone().unwrap_or_else(|| facts.uri.clone()),
            facts.uri.clone(),
        ),
        None => (
            format!("{base}/@{}", account.username),
            format!("{base}/users/{}", account.username),
        ),
    };
    let image = missing_image(state);
    Ok(AccountJson {
        id: account.id.to_string(),
        username: account.username.clone(),
        acct: account.acct(),
        display_name: account.display_name.clone(),
        locked: account.locked,
        bot: account.bot,
        discoverable: account.discoverable,
        group: false,
        created_at: account.created_at.to_rfc3339(),
        note: account.note.clone(),
        url,
        uri,
        avatar: image.clone(),
        avatar_static: image.clone(),
        header: image.clone(),
        header_static: image,
        followers_count: followers,
        following_count: following,
        statuses_count: statuses,
        last_status_at: None,
        emojis: Vec::new(),
        fields: Vec::new(),
    })
}
