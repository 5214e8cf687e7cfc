//! `sanitize_remote`: remote HTML cleaned to Mastodon's allowlist (activitypub.md §6.6).
//! ammonia does the parsing and the allowlist; a second pass over its normalized output
//! does what ammonia cannot: headings become `<p><strong>`, links whose `href` was
//! refused become plain text, every kept link gets its `rel` and `target`, and an
//! image is replaced by its alt text.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

use crate::markup::{pieces, Piece, StartTag};

/// Tags kept as they are (§6.6).
const KEPT_TAGS: &[&str] = &[
    "p",
    "br",
    "span",
    "a",
    "del",
    "pre",
    "code",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
];
/// Tags ammonia keeps for the second pass to rewrite.
const REWRITTEN_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "img"];
/// Elements removed together with their content.
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style", "template", "noscript", "title"];
/// Link schemes Mastodon keeps (§6.6).
const SCHEMES: &[&str] = &[
    "http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "xmpp", "magnet", "gemini",
];
/// Class names kept as they are; `h-`, `p-`, `u-`, `dt-`, `e-` prefixes are kept too.
const CLASSES: &[&str] = &["mention", "hashtag", "ellipsis", "invisible"];
const CLASS_PREFIXES: &[&str] = &["h-", "p-", "u-", "dt-", "e-"];
/// What every kept link gets.
const LINK_REL: &str = "nofollow noopener noreferrer";

static POLICY: LazyLock<Builder<'static>> = LazyLock::new(policy);

fn policy() -> Builder<'static> {
    let mut tags: HashSet<&str> = KEPT_TAGS.iter().copied().collect();
    tags.extend(REWRITTEN_TAGS.iter().copied());
    let attributes: HashMap<&str, HashSet<&str>> = HashMap::from([
        ("a", HashSet::from(["href", "rel", "class"])),
        ("span", HashSet::from(["class"])),
        ("ol", HashSet::from(["start", "reversed"])),
        ("li", HashSet::from(["value"])),
        ("img", HashSet::from(["alt"])),
    ]);
    let mut builder = Builder::empty();
    builder
        .tags(tags)
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::Deny)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|_element, attribute, value| match attribute {
            "class" => keep_classes(value),
            _ => Some(Cow::Borrowed(value)),
        });
    builder
}

/// Keeps only the microformats and Mastodon class names; `None` drops the attribute.
fn keep_classes(value: &str) -> Option<Cow<'_, str>> {
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| {
            CLASSES.contains(class) || CLASS_PREFIXES.iter().any(|p| class.starts_with(p))
        })
        .collect();
    if kept.is_empty() {
        None
    } else {
        Some(Cow::Owned(kept.join(" ")))
    }
}

/// Cleans remote HTML (a note's content, a bio, a profile field) for display.
pub fn sanitize_remote(html: &str) -> String {
    let cleaned = POLICY.clean(html).to_string();
    rewrite(&cleaned)
}

/// The second pass over ammonia's output.
fn rewrite(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    // One entry per open `<a>`: whether its start tag was written.
    let mut links: Vec<bool> = Vec::new();
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Start(tag) => match tag.name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push_str("<p><strong>"),
                "a" => links.push(write_link(&tag, &mut out)),
                "img" => write_alt_text(&tag, &mut out),
                _ => tag.write(&mut out),
            },
            Piece::End(name) => match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push_str("</strong></p>"),
                "a" => {
                    if links.pop().unwrap_or(false) {
                        out.push_str("</a>");
                    }
                }
                _ => {
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
            },
        }
    }
    out
}

/// Writes a link with its `rel` and `target`; a link without `href` (refused scheme or
/// relative URL) is not written, its text stays. Returns whether it was written.
fn write_link(tag: &StartTag<'_>, out: &mut String) -> bool {
    let Some(href) = tag.attr("href") else {
        return false;
    };
    let tagged = tag.attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("tag"))
    });
    let rel = if tagged {
        format!("tag {LINK_REL}")
    } else {
        LINK_REL.to_owned()
    };
    let mut attrs = vec![("href", href)];
    if let Some(class) = tag.attr("class") {
        attrs.push(("class", class));
    }
    attrs.push(("rel", rel.as_str()));
    attrs.push(("target", "_blank"));
    StartTag { name: "a", attrs }.write(out);
    true
}

/// An image becomes its alt text (already escaped for an attribute; `<` and `>` are
/// not escaped there, so they are escaped here).
fn write_alt_text(tag: &StartTag<'_>, out: &mut String) {
    if let Some(alt) = tag.attr("alt") {
        out.push_str(&alt.replace('<', "&lt;").replace('>', "&gt;"));
    }
}
