//! `plain_text`: HTML to plain text for previews, notifications and Versia's
//! `text/plain` content. ammonia parses (decoding every entity) and keeps only block
//! structure; this pass turns that structure into newlines.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;

use crate::markup::{pieces, unescape_serialized, Piece};

/// Elements whose end starts a new paragraph (a blank line).
const PARAGRAPHS: &[&str] = &[
    "p",
    "div",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
];
/// Elements whose end starts a new line.
const LINES: &[&str] = &["li", "tr"];
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style", "template", "noscript", "title"];

static STRUCTURE: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut tags: HashSet<&str> = PARAGRAPHS.iter().chain(LINES).copied().collect();
    tags.insert("br");
    let mut builder = Builder::empty();
    builder
        .tags(tags)
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(HashMap::new())
        .generic_attributes(HashSet::new())
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// The text of `html`: tags removed, `<br>` as a newline, paragraphs separated by a
/// blank line, list items by a newline, entities decoded, ends trimmed.
pub fn plain_text(html: &str) -> String {
    let structure = STRUCTURE.clean(html).to_string();
    let mut out = String::with_capacity(structure.len());
    // A break owed before the next text: 0 none, 1 newline, 2 blank line.
    let mut owed = 0usize;
    for piece in pieces(&structure) {
        match piece {
            Piece::Text(text) => {
                if owed > 0 && text.trim().is_empty() {
                    continue;
                }
                let text = unescape_serialized(text);
                if owed > 0 && !out.is_empty() {
                    out.push_str(&"\n".repeat(owed));
                }
                owed = 0;
                out.push_str(&text);
            }
            Piece::Start(tag) if tag.name == "br" => out.push('\n'),
            Piece::Start(_) => {}
            Piece::End(name) => {
                if PARAGRAPHS.contains(&name) {
                    owed = 2;
                } else if LINES.contains(&name) {
                    owed = owed.max(1);
                }
            }
        }
    }
    out.trim().to_owned()
}
