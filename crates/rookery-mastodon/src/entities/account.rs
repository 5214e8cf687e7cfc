//! The `Account` entity.

use rookery_core::ports::AccountCounts;
use rookery_core::{Account, ProfileField};
use serde::Serialize;
use serde_json::{json, Value};

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
    /// Whether public posts may be indexed for search; rookery ties it to
    /// `discoverable`, as its ActivityPub actors do.
    pub indexable: bool,
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

/// The placeholder images Mastodon serves for accounts without an avatar or header
/// (served by `routes::missing_image`).
fn missing_image(state: &ApiState, kind: &str) -> String {
    format!("{}/{kind}/original/missing.png", state.instance.public_url)
}

/// Mastodon's `Field`: name, value HTML and when its link was verified.
fn field_json(field: &ProfileField) -> Value {
    json!({
        "name": field.name,
        "value": field.value,
        "verified_at": field.verified_at.map(|t| t.to_rfc3339()),
    })
}

/// An account with its counts, read the way a page of statuses reads its authors' (the
/// store's stored counters where it keeps them) in one query.
pub async fn render_account(state: &ApiState, account: &Account) -> Result<AccountJson, ApiError> {
    let batch = state
        .status_views
        .status_batch(&[], std::slice::from_ref(&account.id), None)
        .await?;
    let counts = batch
        .account_counts
        .get(&account.id)
        .copied()
        .unwrap_or_default();
    Ok(account_json(state, account, counts))
}

/// An account with counts read beforehand (a page of statuses reads them all at once).
pub fn account_json(state: &ApiState, account: &Account, counts: AccountCounts) -> AccountJson {
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
    let avatar = account
        .profile
        .avatar
        .clone()
        .unwrap_or_else(|| missing_image(state, "avatars"));
    let header = account
        .profile
        .header
        .clone()
        .unwrap_or_else(|| missing_image(state, "headers"));
    AccountJson {
        id: account.id.to_string(),
        username: account.username.clone(),
        acct: account.acct(),
        display_name: account.display_name.clone(),
        locked: account.locked,
        bot: account.bot,
        discoverable: account.discoverable,
        indexable: account.discoverable,
        group: false,
        created_at: account.created_at.to_rfc3339(),
        note: account.note.clone(),
        url,
        uri,
        avatar_static: avatar.clone(),
        avatar,
        header_static: header.clone(),
        header,
        followers_count: counts.followers,
        following_count: counts.following,
        statuses_count: counts.statuses,
        last_status_at: None,
        emojis: super::emoji::account_emojis(state, account),
        fields: account
            .profile
            .fields
            .iter()
            .map(field_json)
            .chain(super::vanity::vanity_fields(&account.profile.vanity))
            .collect(),
    }
}
