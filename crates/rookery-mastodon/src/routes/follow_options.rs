//! The options of `POST /api/v1/accounts/:id/follow` (Mastodon's OpenAPI request body of
//! that path): `reblogs` (default true), `notify` (default false) and `languages`. A
//! repeated follow changes only the options it names, as Mastodon does.

use rookery_core::ports::FollowOptions;
use rookery_core::social::Follow;

use super::params::Params;
use crate::error::ApiError;
use crate::state::ApiState;

/// A boolean as Rails casts it: `0`, `f`, `false`, `off` (any case) are false, any
/// other text true; `None` when absent.
fn rails_bool(params: &Params, key: &str) -> Option<bool> {
    params.get(key).map(|v| {
        !matches!(
            v.to_ascii_lowercase().as_str(),
            "0" | "f" | "false" | "off" | "no"
        )
    })
}

/// The options a follow request names; `None`: keep what the follow has.
pub(super) struct Requested {
    reblogs: Option<bool>,
    notify: Option<bool>,
    languages: Option<Vec<String>>,
}

/// Reads and checks the options before anything is followed (a 422 leaves no follow).
pub(super) fn requested(params: &Params) -> Result<Requested, ApiError> {
    let languages: Vec<String> = params
        .all("languages")
        .into_iter()
        .map(str::to_owned)
        .collect();
    // ISO 639-1 codes (two letters; Mastodon also knows a few three-letter ones).
    if let Some(bad) = languages
        .iter()
        .find(|l| !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(ApiError::Invalid(format!(
            "languages {bad:?} is not a language code"
        )));
    }
    Ok(Requested {
        reblogs: rails_bool(params, "reblogs"),
        notify: rails_bool(params, "notify"),
        languages: (!languages.is_empty()).then_some(languages),
    })
}

/// Applies `requested` to `follow` (as it was stored before this call).
pub(super) async fn apply(
    state: &ApiState,
    follow: &Follow,
    requested: Requested,
) -> Result<(), ApiError> {
    if requested.reblogs.is_none() && requested.notify.is_none() && requested.languages.is_none() {
        return Ok(());
    }
    let languages = match requested.languages {
        Some(languages) => Some(languages),
        None => state.follow_settings.follow_languages(follow.id).await?,
    };
    let options = FollowOptions {
        show_reblogs: requested.reblogs.unwrap_or(follow.show_reblogs),
        notify: requested.notify.unwrap_or(follow.notify),
        languages,
    };
    state
        .follow_settings
        .set_follow_options(follow.id, &options)
        .await?;
    Ok(())
}
