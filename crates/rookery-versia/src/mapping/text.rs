//! Text content both ways (versia.md §7.1): our HTML goes out as `text/html` plus
//! `text/plain`; remote text comes in as sanitized HTML (their `text/html`, or their
//! plain text escaped).

use crate::entities::ContentFormat;

/// `text/html` and `text/plain` forms of our HTML (§7.1: give every text an HTML form).
pub fn html_and_plain(html: &str) -> ContentFormat {
    ContentFormat::html_and_plain(html, rookery_html::plain_text(html))
}

/// Remote text as HTML safe to store and show: their `text/html` sanitized, else their
/// `text/plain` escaped. Empty when neither exists.
pub fn remote_html(content: Option<&ContentFormat>) -> String {
    let Some(content) = content else {
        return String::new();
    };
    if let Some(html) = content.get("text/html").filter(|e| !e.remote) {
        return rookery_html::sanitize_remote(&html.content);
    }
    match content.get("text/plain").filter(|e| !e.remote) {
        Some(plain) => format!(
            "<p>{}</p>",
            rookery_html::escape_html(&plain.content).replace('\n', "<br>")
        ),
        None => String::new(),
    }
}

/// The plain text of remote content: their `text/plain`, else the text of the HTML.
pub fn remote_plain(content: Option<&ContentFormat>, html: &str) -> String {
    content
        .and_then(|c| c.get("text/plain"))
        .filter(|e| !e.remote)
        .map_or_else(|| rookery_html::plain_text(html), |e| e.content.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::ContentEntry;

    #[test]
    fn remote_text_becomes_safe_html() {
        let mut plain_only = ContentFormat::new();
        plain_only.insert("text/plain", ContentEntry::inline("a < b\nc"));
        assert_eq!(remote_html(Some(&plain_only)), "<p>a &lt; b<br>c</p>");
        let html = ContentFormat::html_and_plain("<p>hi<script>x</script></p>", "hi");
        assert_eq!(remote_html(Some(&html)), "<p>hi</p>");
        assert_eq!(remote_plain(Some(&html), "<p>hi</p>"), "hi");
        assert_eq!(remote_html(None), "");
    }
}
