//! The page shell every HTML page shares: doctype, language, viewport, the stylesheet,
//! OpenGraph and Twitter-card meta, landmarks (header, nav, main, footer) and a skip link.

use maud::{html, Markup, DOCTYPE};

use crate::assets;

/// A `<link rel="alternate">` naming another representation of the page
/// (ActivityPub JSON, an Atom feed, ...).
#[derive(Debug, Clone)]
pub struct Alternate {
    pub media_type: &'static str,
    pub href: String,
    pub title: Option<String>,
}

/// What the shell needs to know about one page.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// The `<title>` and `og:title`.
    pub title: String,
    /// The instance's name (`og:site_name`, the header's home link).
    pub site_name: String,
    /// A short plain-text summary (`description`, `og:description`).
    pub description: Option<String>,
    /// The page's canonical absolute URL (`og:url`, `<link rel="canonical">`).
    pub canonical: Option<String>,
    /// `og:type`: `website`, `profile` or `article`.
    pub og_type: &'static str,
    /// An absolute image URL for link previews (`og:image`, `twitter:image`).
    pub image: Option<String>,
    /// Other representations of this page.
    pub alternates: Vec<Alternate>,
    /// The page's language (`<html lang>`).
    pub lang: String,
    /// Asks search engines not to index the page (login and error pages).
    pub noindex: bool,
}

impl PageMeta {
    /// A `website` page with just a title; fill the rest with the builder methods.
    pub fn new(title: impl Into<String>, site_name: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            site_name: site_name.into(),
            description: None,
            canonical: None,
            og_type: "website",
            image: None,
            alternates: Vec::new(),
            lang: "en".to_owned(),
            noindex: false,
        }
    }

    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    pub fn canonical(mut self, url: impl Into<String>) -> Self {
        self.canonical = Some(url.into());
        self
    }

    pub fn og_type(mut self, kind: &'static str) -> Self {
        self.og_type = kind;
        self
    }

    pub fn image(mut self, url: impl Into<String>) -> Self {
        self.image = Some(url.into());
        self
    }

    pub fn alternate(mut self, media_type: &'static str, href: impl Into<String>) -> Self {
        self.alternates.push(Alternate {
            media_type,
            href: href.into(),
            title: None,
        });
        self
    }

    pub fn alternate_titled(
        mut self,
        media_type: &'static str,
        href: impl Into<String>,
        title: impl Into<String>,
    ) -> Self {
        self.alternates.push(Alternate {
            media_type,
            href: href.into(),
            title: Some(title.into()),
        });
        self
    }

    pub fn noindex(mut self) -> Self {
        self.noindex = true;
        self
    }
}

/// A whole HTML document: `nav` goes in the header's `<nav>` (a list of links is
/// expected, see [`nav_links`]), `body` inside `<main id="main">`.
pub fn page(meta: PageMeta, nav: Markup, body: Markup) -> Markup {
    // Card size: a large card only when there is an image to show.
    let card = if meta.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    html! {
        (DOCTYPE)
        html lang=(meta.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (meta.title) " - " (meta.site_name) }
                link rel="stylesheet" href=(assets::stylesheet_path());
                @if meta.noindex { meta name="robots" content="noindex"; }
                @if let Some(description) = &meta.description {
                    meta name="description" content=(description);
                }
                @if let Some(url) = &meta.canonical { link rel="canonical" href=(url); }
                @for alt in &meta.alternates {
                    link rel="alternate" type=(alt.media_type) href=(alt.href) title=[alt.title.as_deref()];
                }
                // OpenGraph (ogp.me) and Twitter cards, for link previews.
                meta property="og:site_name" content=(meta.site_name);
                meta property="og:title" content=(meta.title);
                meta property="og:type" content=(meta.og_type);
                @if let Some(url) = &meta.canonical { meta property="og:url" content=(url); }
                @if let Some(description) = &meta.description {
                    meta property="og:description" content=(description);
                }
                @if let Some(image) = &meta.image { meta property="og:image" content=(image); }
                meta name="twitter:card" content=(card);
                meta name="twitter:title" content=(meta.title);
                @if let Some(description) = &meta.description {
                    meta name="twitter:description" content=(description);
                }
                @if let Some(image) = &meta.image { meta name="twitter:image" content=(image); }
            }
            body {
                a class="skip-link" href="#main" { "Skip to content" }
                header class="site-header" {
                    a class="site-name" href="/" { (meta.site_name) }
                    nav aria-label="Site" { (nav) }
                }
                main id="main" tabindex="-1" { (body) }
                footer class="site-footer" {
                    p { "Powered by rookery, a federated social server." }
                }
            }
        }
    }
}

/// A `<ul>` of `(label, href)` links for the header's nav.
pub fn nav_links(links: &[(&str, &str)]) -> Markup {
    html! {
        ul {
            @for (label, href) in links {
                li { a href=(href) { (label) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_has_landmarks_meta_and_escapes() {
        let meta = PageMeta::new("<b>Bea</b>", "a.test")
            .description("hi \"there\"")
            .canonical("https://a.test/@bea")
            .image("https://a.test/avatar.png")
            .alternate("application/activity+json", "https://a.test/users/bea");
        let out = page(
            meta,
            nav_links(&[("Log in", "/web/login")]),
            html! { p { "x" } },
        )
        .into_string();
        assert!(out.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        for needle in [
            "name=\"viewport\"",
            "<header",
            "<nav aria-label=\"Site\">",
            "<main id=\"main\"",
            "<footer",
            "href=\"#main\"",
            "rel=\"stylesheet\"",
            "property=\"og:title\" content=\"&lt;b&gt;Bea&lt;/b&gt;\"",
            "content=\"hi &quot;there&quot;\"",
            "twitter:card\" content=\"summary_large_image\"",
            "type=\"application/activity+json\" href=\"https://a.test/users/bea\"",
        ] {
            assert!(out.contains(needle), "missing {needle} in {out}");
        }
        assert!(!out.contains("<b>Bea</b>"));
    }
}
