//! `GET /@user.atom`: an Atom feed (RFC 4287) of a local account's public notes. Only
//! `public` notes: unlisted ones stay off feeds as they stay off public timelines, and
//! followers-only and direct notes never appear.

use std::fmt::Write;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use rookery_core::{Account, Note, Page, Visibility};

use super::error::WebError;
use super::lookup::{self, note_path, profile_path};
use super::view;
use super::PublicState;

const FEED_ENTRIES: u32 = 20;

pub async fn feed(state: &PublicState, user: &str) -> Response {
    match build(state, user).await {
        Ok(xml) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            xml,
        )
            .into_response(),
        Err(error) => error.page(&state.site.name),
    }
}

async fn build(state: &PublicState, user: &str) -> Result<String, WebError> {
    let account = lookup::account(state, user).await?;
    // Feeds are for our own people; a remote account's feed is its server's to serve.
    if !account.is_local() {
        return Err(WebError::NotFound);
    }
    let notes: Vec<Note> = state
        .services
        .account_timeline(None, account.id, &Page::newest(FEED_ENTRIES))
        .await?
        .into_iter()
        .filter(|n| n.visibility == Visibility::Public)
        .collect();
    Ok(render(&state.site.public_url, &account, &notes))
}

fn render(base: &str, account: &Account, notes: &[Note]) -> String {
    let profile = format!("{base}{}", profile_path(account));
    let updated = notes
        .first()
        .map_or(account.updated_at, |n| n.edited_at.unwrap_or(n.created_at));
    let mut out = String::with_capacity(1024 + notes.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(&mut out, "id", &profile);
    element(&mut out, "title", view::display_name(account));
    if !account.note.trim().is_empty() {
        element(
            &mut out,
            "subtitle",
            &rookery_html::plain_text(&account.note),
        );
    }
    element(&mut out, "updated", &updated.to_rfc3339());
    link(&mut out, "alternate", "text/html", &profile);
    link(
        &mut out,
        "self",
        "application/atom+xml",
        &format!("{profile}.atom"),
    );
    out.push_str("<author>");
    element(&mut out, "name", view::display_name(account));
    element(&mut out, "uri", &profile);
    out.push_str("</author>\n");
    for note in notes {
        entry(&mut out, base, account, note);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, base: &str, account: &Account, note: &Note) {
    let url = format!("{base}{}", note_path(account, note));
    let text = rookery_html::plain_text(&note.content_html);
    let title = if note.content_warning.trim().is_empty() {
        text.chars().take(80).collect::<String>()
    } else {
        format!("Content warning: {}", note.content_warning)
    };
    out.push_str("<entry>");
    element(out, "id", &url);
    element(out, "title", &title);
    element(out, "published", &note.created_at.to_rfc3339());
    element(
        out,
        "updated",
        &note.edited_at.unwrap_or(note.created_at).to_rfc3339(),
    );
    link(out, "alternate", "text/html", &url);
    // The HTML body, escaped as text (`type="html"`, RFC 4287 §3.1.1.2).
    let mut html = String::new();
    if !note.content_warning.trim().is_empty() {
        let _ = write!(
            html,
            "<p><strong>{}</strong></p>",
            rookery_html::escape_html(&note.content_warning)
        );
    }
    html.push_str(&note.content_html);
    out.push_str("<content type=\"html\">");
    escape_into(out, &html);
    out.push_str("</content></entry>\n");
}

fn element(out: &mut String, name: &str, text: &str) {
    let _ = write!(out, "<{name}>");
    escape_into(out, text);
    let _ = writeln!(out, "</{name}>");
}

fn link(out: &mut String, rel: &str, media_type: &str, href: &str) {
    let _ = write!(out, "<link rel=\"{rel}\" type=\"{media_type}\" href=\"");
    escape_into(out, href);
    out.push_str("\"/>\n");
}

/// XML text and attribute escaping; characters XML 1.0 forbids (most C0 controls) are
/// dropped, since no escape can carry them.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let mut out = String::new();
        escape_into(&mut out, "<b>&\"'\u{1}ok</b>");
        assert_eq!(out, "&lt;b&gt;&amp;&quot;&apos;ok&lt;/b&gt;");
    }
}
