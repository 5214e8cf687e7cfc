//! Access tokens and OAuth scopes for the client API.

use crate::id::{AccountId, TokenId};
use crate::time::Timestamp;

/// The scopes a token created with `rookery token create` carries.
pub const CLI_TOKEN_SCOPES: &str = "read write follow";

/// A bearer token. Only a SHA-256 of the secret is stored; the secret is shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub id: TokenId,
    pub account: AccountId,
    /// Lowercase hex SHA-256 of the token secret.
    pub token_sha256: String,
    /// Space-separated OAuth scopes, e.g. `read write follow`.
    pub scopes: String,
    /// The OAuth application it was issued to; `None` for CLI tokens.
    pub app_name: Option<String>,
    pub created_at: Timestamp,
}

impl AccessToken {
    /// Whether the token grants `wanted`: the scope itself, or its parent (`read`
    /// grants `read:statuses`).
    pub fn allows(&self, wanted: &str) -> bool {
        let parent = wanted.split(':').next().unwrap_or(wanted);
        self.scopes
            .split_whitespace()
            .any(|s| s == wanted || s == parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;

    #[test]
    fn scopes_cover_their_children() {
        let token = AccessToken {
            id: TokenId(Id::from_i64(1)),
            account: AccountId(Id::from_i64(2)),
            token_sha256: String::new(),
            scopes: CLI_TOKEN_SCOPES.into(),
            app_name: None,
            created_at: Timestamp::from_millis(0),
        };
        let table = [
            ("read", true),
            ("read:statuses", true),
            ("write:media", true),
            ("follow", true),
            ("push", false),
            ("admin:read", false),
        ];
        for (scope, expected) in table {
            assert_eq!(token.allows(scope), expected, "{scope}");
        }
    }
}
