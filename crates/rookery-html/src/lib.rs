//! HTML policy shared by every adapter: sanitize remote HTML to Mastodon's allowlist
//! (activitypub.md §6.6), turn HTML into plain text, and render a local user's plain
//! text as HTML the way Mastodon does (paragraphs, links, mentions, hashtags).

mod markup;
mod plain;
mod relme;
mod render;
mod sanitize;
mod scan;

pub use plain::plain_text;

/// `text` escaped for HTML text or a double-quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    markup::escape(text, &mut out);
    out
}

pub use relme::{first_link, rel_me_links, with_rel_me};
pub use render::render_local;
pub use sanitize::sanitize_remote;
pub use scan::{extract_hashtags, extract_mentions};
