//! Finding an account from what a person typed or a remote server linked: a handle
//! (`@user@domain`, `user@domain`, `acct:user@domain`, a bare local username) or an
//! account URL (`/web/authorize_interaction?uri=`). Unknown remote handles are resolved
//! over federation by core (WebFinger, either protocol, as the instance prefers).

use rookery_core::{Account, Handle};

use super::error::ClientResult;
use super::state::ClientState;

/// The account `input` names, if it exists (resolving it remotely when needed).
pub(crate) async fn find(state: &ClientState, input: &str) -> ClientResult<Option<Account>> {
    let input = input.trim();
    let services = &state.services;
    if input.starts_with("https://") || input.starts_with("http://") {
        if let Some(account) = services.repo().account_by_uri(input).await? {
            return Ok(Some(account));
        }
        // Not met yet: profile URLs of the common servers name the user in the path
        // (`/@user`, `/users/user`, `/u/user`), which is enough to ask its WebFinger.
        return match handle_from_url(input) {
            Some(handle) => Ok(services.resolve_handle(&handle).await?),
            None => Ok(None),
        };
    }
    let bare = input.strip_prefix("acct:").unwrap_or(input);
    let bare = bare.strip_prefix('@').unwrap_or(bare);
    if !bare.contains('@') {
        return Ok(services.repo().local_account_by_username(bare).await?);
    }
    match Handle::parse(bare) {
        Ok(handle) => Ok(services.resolve_handle(&handle).await?),
        Err(_) => Ok(None),
    }
}

/// `user@host` from a profile URL like `https://host/@user` or `https://host/users/user`.
fn handle_from_url(url: &str) -> Option<Handle> {
    let rest = url.split_once("://")?.1;
    let (host, path) = rest.split_once('/')?;
    let path = path.split(['?', '#']).next()?;
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let user = match (segments.next()?, segments.next()) {
        (first, None) => first.strip_prefix('@')?,
        ("users" | "u", Some(user)) => user,
        _ => return None,
    };
    Handle::parse(&format!("{user}@{host}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_name_their_user() {
        let table = [
            ("https://b.test/@bob", Some("bob@b.test")),
            ("https://b.test/users/bob", Some("bob@b.test")),
            ("https://b.test/u/bob?x=1", Some("bob@b.test")),
            ("https://b.test/notes/123", None),
            ("https://b.test/", None),
            ("https://b.test", None),
        ];
        for (url, expected) in table {
            let got = handle_from_url(url).map(|h| h.to_string());
            assert_eq!(got.as_deref(), expected, "{url}");
        }
    }
}
