//! The text port: turning what a local user typed into HTML, the way Mastodon renders
//! it. The server implements it with `rookery-html`; core only asks for the result.

use crate::Account;

pub trait TextFormatter: Send + Sync {
    /// The mentions typed in `text`, as written (`@joe@b.social`, `@alice`).
    fn mentions(&self, text: &str) -> Vec<String>;

    /// The hashtags typed in `text`, without `#` (activitypub.md §5.4).
    fn hashtags(&self, text: &str) -> Vec<String>;

    /// `text` as HTML: paragraphs, links, hashtags, and each resolved mention linked to
    /// its account's profile. Unresolved mentions stay plain text.
    fn render(&self, text: &str, mentions: &[(String, Account)]) -> String;
}
