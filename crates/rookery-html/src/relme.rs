//! `rel="me"` links, the way Mastodon verifies profile links: a profile field that links
//! to a page is verified when that page links back to the profile with `rel="me"`
//! (microformats rel-me; Mastodon's `VerifyAccountLinksWorker` behaviour). The fetched
//! page is untrusted HTML, so it is read with html5ever's tokenizer, never by patterns.

use std::cell::RefCell;
use std::sync::LazyLock;

use ammonia::Builder;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
};

/// Rel values on links this instance shows in profile fields: `me` makes the profile the
/// other end of a rel-me pair; the rest keep the page from vouching for the target.
const FIELD_LINK_REL: &str = "me nofollow noopener noreferrer";

static FIELD_POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .link_rel(Some(FIELD_LINK_REL))
        .add_tag_attributes("a", &["class"])
        .add_tag_attributes("span", &["class"]);
    builder
});

/// The `href`s of `<a>` and `<link>` elements whose `rel` contains `me`, in page order.
pub fn rel_me_links(html: &str) -> Vec<String> {
    anchors(html)
        .into_iter()
        .filter(|(rel, _)| {
            rel.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("me"))
        })
        .map(|(_, href)| href)
        .collect()
}

/// The first link target in `html` (a profile field's value as rendered), if any.
pub fn first_link(html: &str) -> Option<String> {
    anchors(html)
        .into_iter()
        .map(|(_, href)| href)
        .find(|href| href.starts_with("https://") || href.starts_with("http://"))
}

/// Already-safe field HTML with `rel="me …"` on every link, for profile pages.
pub fn with_rel_me(html: &str) -> String {
    FIELD_POLICY.clean(html).to_string()
}

/// `(rel, href)` of every `<a>` and `<link>` start tag with an `href`.
fn anchors(html: &str) -> Vec<(String, String)> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(LinkSink::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

#[derive(Default)]
struct LinkSink {
    found: RefCell<Vec<(String, String)>>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let TagToken(tag) = token {
            if tag.kind == StartTag && matches!(&*tag.name, "a" | "link") {
                if let Some(href) = attribute(&tag, "href") {
                    let rel = attribute(&tag, "rel").unwrap_or_default();
                    self.found.borrow_mut().push((rel, href.trim().to_owned()));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

fn attribute(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rel_me_on_links_and_anchors_only() {
        let page = r#"<html><head><link rel="me" href="https://a.example/@alice">
            <link rel="stylesheet" href="/s.css"></head><body>
            <a href="https://x.example/">x</a>
            <a rel="nofollow ME" href=" https://a.example/users/alice ">me</a>
            <img rel="me" src="https://evil.example/"></body></html>"#;
        assert_eq!(
            rel_me_links(page),
            ["https://a.example/@alice", "https://a.example/users/alice"]
        );
    }

    #[test]
    fn broken_html_gives_what_it_can() {
        assert_eq!(
            rel_me_links("<a rel=me href=https://a.example/@b"),
            Vec::<String>::new()
        );
        assert_eq!(
            rel_me_links("<a rel=me href=https://a.example/@b>"),
            ["https://a.example/@b"]
        );
        assert!(rel_me_links("").is_empty());
    }

    #[test]
    fn first_link_skips_non_web_schemes() {
        let value = r#"<a href="mailto:a@b.c">mail</a> <a href="https://site.example/">site</a>"#;
        assert_eq!(first_link(value).as_deref(), Some("https://site.example/"));
        assert_eq!(first_link("plain text"), None);
    }

    #[test]
    fn field_links_get_rel_me_and_keep_classes() {
        let html = r#"<a href="https://site.example/" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span>site.example</a>"#;
        let out = with_rel_me(html);
        assert!(
            out.contains(r#"rel="me nofollow noopener noreferrer""#),
            "{out}"
        );
        assert!(out.contains(r#"class="invisible""#), "{out}");
        assert_eq!(rel_me_links(&out), ["https://site.example/"]);
    }
}
