//! Markup shared by the public pages: a note, an author line, media, times, the
//! account header. Names are text (escaped by maud); bios and note bodies are HTML that
//! was sanitized on the way in, and remote ones are sanitized again here in case a
//! stored row predates today's policy.

use maud::{html, Markup, PreEscaped};
use rookery_core::{Account, Attachment, MediaKind, Note, Timestamp, Visibility};

use super::lookup::{note_path, profile_path};

/// The name to show: the display name, else the username.
pub fn display_name(account: &Account) -> &str {
    if account.display_name.trim().is_empty() {
        &account.username
    } else {
        &account.display_name
    }
}

/// `@user@domain`, the full handle, with `local_domain` for local accounts.
pub fn full_handle(account: &Account, local_domain: &str) -> String {
    match &account.domain {
        Some(domain) => format!("@{}@{}", account.username, domain),
        None => format!("@{}@{}", account.username, local_domain),
    }
}

/// Stored HTML safe to insert: local HTML was rendered by us, remote HTML is passed
/// through the sanitizer again (activitypub.md §6.6).
pub fn safe_html(account: &Account, html: &str) -> PreEscaped<String> {
    if account.is_local() {
        PreEscaped(html.to_owned())
    } else {
        PreEscaped(rookery_html::sanitize_remote(html))
    }
}

/// A `<time>` with a machine-readable `datetime` and a short UTC text.
pub fn time(at: Timestamp) -> Markup {
    let iso = at.to_rfc3339();
    // "2026-11-22T14:31:32Z" shown as "2026-11-22 14:31 UTC".
    let shown = match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => iso.clone(),
    };
    html! { time datetime=(iso) { (shown) } }
}

/// The placeholder avatar: the first letter of the name (accounts carry no image yet).
pub fn avatar(account: &Account, class: &str) -> Markup {
    let initial: String = display_name(account)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".to_owned());
    html! {
        span class={ "avatar avatar-placeholder " (class) } aria-hidden="true" { (initial) }
    }
}

fn media(attachments: &[Attachment]) -> Markup {
    html! {
        @if !attachments.is_empty() {
            ul class="media" {
                @for item in attachments {
                    @let alt = item.description.as_deref().filter(|d| !d.trim().is_empty());
                    li {
                        @match item.kind {
                            MediaKind::Image => figure {
                                a href=(item.url) {
                                    img src=(item.url) loading="lazy"
                                        width=[item.width] height=[item.height]
                                        alt=(alt.unwrap_or("Image without a description"));
                                }
                                @if let Some(alt) = alt { figcaption { (alt) } }
                            },
                            MediaKind::Video => video src=(item.url) controls preload="none"
                                aria-label=(alt.unwrap_or("Video without a description")) {},
                            MediaKind::Audio => audio src=(item.url) controls preload="none"
                                aria-label=(alt.unwrap_or("Audio without a description")) {},
                            MediaKind::Unknown => a href=(item.url) {
                                (alt.unwrap_or("Attached file"))
                            },
                        }
                    }
                }
            }
        }
    }
}

/// Counts shown under a note on its own page.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoteCounts {
    pub replies: u64,
    pub shares: u64,
    pub likes: u64,
}

/// One note as an `<article>`: author, time (linking the note's page), the content
/// warning as a `<details>` toggle hiding body and media, counts when given.
pub fn note(author: &Account, note: &Note, counts: Option<NoteCounts>, focus: bool) -> Markup {
    let body = html! {
        div class="note-body" lang=[note.language.as_deref()] {
            (safe_html(author, &note.content_html))
        }
        // Media marked sensitive stays folded even without a content warning.
        @if note.sensitive && note.content_warning.trim().is_empty() && !note.attachments.is_empty() {
            details class="sensitive-media" {
                summary { "Sensitive media" }
                (media(&note.attachments))
            }
        } @else {
            (media(&note.attachments))
        }
    };
    html! {
        article class={ "note" @if focus { " focus" } } id={ "note-" (note.id) } {
            div class="note-head" {
                (avatar(author, "avatar-small"))
                div class="note-author" {
                    a href=(profile_path(author)) { (display_name(author)) }
                    span class="handle" { "@" (author.acct()) }
                }
                div class="note-time" {
                    a href=(note_path(author, note)) { (time(note.created_at)) }
                    @if note.visibility == Visibility::Unlisted {
                        span class="visually-hidden" { ", unlisted" }
                    }
                    @if let Some(edited) = note.edited_at {
                        br;
                        span { "edited " (time(edited)) }
                    }
                }
            }
            @if note.content_warning.trim().is_empty() {
                (body)
            } @else {
                details {
                    summary { (note.content_warning) }
                    (body)
                }
            }
            @if let Some(counts) = counts {
                ul class="note-stats" aria-label="Counts" {
                    li { strong { (counts.replies) } " replies" }
                    li { strong { (counts.shares) } " boosts" }
                    li { strong { (counts.likes) } " likes" }
                }
            }
        }
    }
}
