//! `render_local`: a local user's plain text as HTML, shaped like Mastodon's own
//! rendering so peers keep it through their sanitizers (activitypub.md §5.4, §6.6).

use crate::markup::escape;
use crate::scan::{tokenize, Token};

/// How many characters of a link's address are shown before it is cut with an ellipsis.
const LINK_DISPLAY_CHARS: usize = 30;

/// Renders `text`: HTML escaped, paragraphs at blank lines, `<br>` at single newlines,
/// http(s) URLs linked, the mentions listed in `mentions` (handle as typed, profile URL)
/// linked as h-cards, hashtags linked to `hashtag_base_url/tags/<tag>`. A mention not
/// in the list stays text.
pub fn render_local(text: &str, mentions: &[(String, String)], hashtag_base_url: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let base = hashtag_base_url.trim_end_matches('/');
    let mut out = String::with_capacity(text.len() * 2);
    for paragraph in paragraphs(&text) {
        out.push_str("<p>");
        for (n, line) in paragraph.iter().enumerate() {
            if n > 0 {
                out.push_str("<br>");
            }
            render_line(line, mentions, base, &mut out);
        }
        out.push_str("</p>");
    }
    out
}

/// Groups lines into paragraphs; blank (whitespace-only) lines separate them.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut all = Vec::new();
    let mut current = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                all.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        all.push(current);
    }
    all
}

fn render_line(line: &str, mentions: &[(String, String)], base: &str, out: &mut String) {
    for token in tokenize(line) {
        match token {
            Token::Text(text) => escape(text, out),
            Token::Url(url) => render_url(url, out),
            Token::Mention(handle) => {
                match mentions
                    .iter()
                    .find(|(typed, _)| typed.eq_ignore_ascii_case(handle))
                {
                    Some((_, profile)) => render_mention(handle, profile, out),
                    None => escape(handle, out),
                }
            }
            Token::Hashtag(tag) => render_hashtag(tag, base, out),
        }
    }
}

/// `<a href=URL ...><span class="invisible">https://</span><span>shown</span>...</a>`:
/// the scheme hidden, long addresses cut after `LINK_DISPLAY_CHARS` characters.
fn render_url(url: &str, out: &mut String) {
    out.push_str("<a href=\"");
    escape(url, out);
    out.push_str("\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">");
    let scheme_len = url.find("://").map_or(0, |i| i + 3);
    let (scheme, rest) = url.split_at(scheme_len);
    out.push_str("<span class=\"invisible\">");
    escape(scheme, out);
    out.push_str("</span>");
    match rest.char_indices().nth(LINK_DISPLAY_CHARS) {
        Some((cut, _)) => {
            out.push_str("<span class=\"ellipsis\">");
            escape(&rest[..cut], out);
            out.push_str("</span><span class=\"invisible\">");
            escape(&rest[cut..], out);
            out.push_str("</span>");
        }
        None => {
            out.push_str("<span>");
            escape(rest, out);
            out.push_str("</span>");
        }
    }
    out.push_str("</a>");
}

/// `<span class="h-card"><a href=URL class="u-url mention">@<span>user</span></a></span>`
fn render_mention(handle: &str, profile: &str, out: &mut String) {
    let user = handle.trim_start_matches('@');
    let user = user.split('@').next().unwrap_or(user);
    out.push_str("<span class=\"h-card\"><a href=\"");
    escape(profile, out);
    out.push_str("\" class=\"u-url mention\">@<span>");
    escape(user, out);
    out.push_str("</span></a></span>");
}

/// `<a href="BASE/tags/tag" class="mention hashtag" rel="tag">#<span>Tag</span></a>`
fn render_hashtag(tag: &str, base: &str, out: &mut String) {
    out.push_str("<a href=\"");
    escape(base, out);
    out.push_str("/tags/");
    escape(&tag.to_lowercase(), out);
    out.push_str("\" class=\"mention hashtag\" rel=\"tag\">#<span>");
    escape(tag, out);
    out.push_str("</span></a>");
}
