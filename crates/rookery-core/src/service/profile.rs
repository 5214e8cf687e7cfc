//! A local user edits their profile: the change is stored and sent to their followers'
//! servers in one transaction (ActivityPub `Update` of the actor, activitypub.md §5.9;
//! Versia sends the User again, versia.md §9.2 "Profile changed").

use crate::audience::followers_audience;
use crate::error::CoreError;
use crate::id::AccountId;
use crate::ports::Event;
use crate::profile::{
    ProfileField, MAX_FIELD_NAME_CHARS, MAX_FIELD_VALUE_CHARS, MAX_PROFILE_FIELDS,
};
use crate::time::Timestamp;
use crate::Account;

use super::error::ServiceResult;
use super::Services;

/// Longest display name, in characters (Mastodon's limit).
pub const MAX_DISPLAY_NAME_CHARS: usize = 30;
/// Longest biography as typed, in characters (Mastodon's limit).
pub const MAX_BIO_CHARS: usize = 500;

/// What changes; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    /// The biography as typed; stored rendered to HTML like a note.
    pub note: Option<String>,
    pub locked: Option<bool>,
    pub bot: Option<bool>,
    pub discoverable: Option<bool>,
    /// New avatar URL (an image already stored by the media library).
    pub avatar: Option<String>,
    /// New header URL (an image already stored by the media library).
    pub header: Option<String>,
    /// The whole new list of fields as typed (name, value); `Some(vec![])` clears it.
    pub fields: Option<Vec<(String, String)>>,
}

impl Services {
    /// Applies `change` to the local `account` and federates the new profile to its
    /// followers. Returns the account as stored.
    pub async fn update_profile(
        &self,
        account: AccountId,
        change: ProfileChange,
    ) -> ServiceResult<Account> {
        let mut account = self.local_account(account).await?;
        if let Some(name) = change.display_name {
            if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
                return Err(CoreError::invalid(
                    "display_name",
                    format!("is longer than {MAX_DISPLAY_NAME_CHARS}"),
                )
                .into());
            }
            account.display_name = name.trim().to_owned();
        }
        if let Some(bio) = change.note {
            if bio.chars().count() > MAX_BIO_CHARS {
                return Err(
                    CoreError::invalid("note", format!("is longer than {MAX_BIO_CHARS}")).into(),
                );
            }
            account.note = if bio.trim().is_empty() {
                String::new()
            } else {
                self.text.render(&bio, &[])
            };
        }
        if let Some(locked) = change.locked {
            account.locked = locked;
        }
        if let Some(bot) = change.bot {
            account.bot = bot;
        }
        if let Some(discoverable) = change.discoverable {
            account.discoverable = discoverable;
        }
        if let Some(avatar) = change.avatar {
            account.profile.avatar = Some(avatar);
        }
        if let Some(header) = change.header {
            account.profile.header = Some(header);
        }
        let fields_changed = change.fields.is_some();
        if let Some(fields) = change.fields {
            account.profile.fields = self.render_fields(&account.profile.fields, fields)?;
        }
        // Always later than the last change: the ActivityPub Update's id is made from it,
        // and receivers drop an id they have seen.
        let after_last = account.updated_at.as_millis().saturating_add(1);
        account.updated_at = Timestamp::from_millis(self.now().as_millis().max(after_last));
        let followers = self.repo.all_followers(account.id).await?;
        let audience = followers_audience(&followers, &self.local_domain);
        if !audience.remote.is_empty() {
            self.federation.prepare_signer(&account).await?;
        }
        let mut tx = self.repo.begin().await?;
        tx.update_account_profile(&account).await?;
        let event = Event::ProfileUpdated(&account);
        let queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        self.commit(tx, queued).await?;
        if fields_changed
            && account
                .profile
                .fields
                .iter()
                .any(|f| f.verified_at.is_none())
        {
            self.profile_links.verify_later(account.id);
        }
        Ok(account)
    }

    /// Checks Mastodon's limits and renders each value as local text (so links become
    /// links). A field whose name and value did not change keeps its verification.
    fn render_fields(
        &self,
        old: &[ProfileField],
        typed: Vec<(String, String)>,
    ) -> ServiceResult<Vec<ProfileField>> {
        if typed.len() > MAX_PROFILE_FIELDS {
            return Err(CoreError::invalid(
                "fields_attributes",
                format!("has more than {MAX_PROFILE_FIELDS} fields"),
            )
            .into());
        }
        let mut fields = Vec::with_capacity(typed.len());
        for (name, value) in typed {
            let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
            if name.is_empty() && value.is_empty() {
                continue;
            }
            if name.chars().count() > MAX_FIELD_NAME_CHARS {
                let why = format!("name is longer than {MAX_FIELD_NAME_CHARS}");
                return Err(CoreError::invalid("fields_attributes", why).into());
            }
            if value.chars().count() > MAX_FIELD_VALUE_CHARS {
                let why = format!("value is longer than {MAX_FIELD_VALUE_CHARS}");
                return Err(CoreError::invalid("fields_attributes", why).into());
            }
            let html = strip_paragraph(&self.text.render(&value, &[]));
            let verified_at = old
                .iter()
                .find(|f| f.name == name && f.value == html)
                .and_then(|f| f.verified_at);
            fields.push(ProfileField {
                name,
                value: html,
                verified_at,
            });
        }
        Ok(fields)
    }
}

/// A field value is inline text: the single paragraph the text renderer wraps it in is
/// dropped, as Mastodon shows field values without one.
fn strip_paragraph(html: &str) -> String {
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .unwrap_or(html)
        .to_owned()
}
