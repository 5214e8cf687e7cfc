//! How the client shows notes and accounts: the author, the content (sanitized HTML as
//! stored: remote HTML was cleaned on arrival, ours rendered from text), a content
//! warning behind `<details>`, media with alt text, the time, and the viewer's actions.

use std::collections::HashMap;

use maud::{html, Markup, PreEscaped};
use rookery_core::{Account, AccountId, MediaKind, Note, Timestamp, Visibility};

use super::error::ClientResult;
use super::session::Viewer;
use super::state::ClientState;

/// A note ready to show: the note, its author, and what the viewer did to it.
pub(crate) struct NoteCard {
    pub note: Note,
    pub author: Option<Account>,
    pub liked: bool,
    pub shared: bool,
    /// Where each attachment is shown from, in the note's order.
    pub media: Vec<MediaLinks>,
}

/// An attachment's addresses as the page uses them.
pub(crate) struct MediaLinks {
    /// The full file (the link around the picture).
    pub href: String,
    /// What the `<img>` loads: our own thumbnail for our uploads, else the file.
    pub src: String,
}

/// Our own files are linked by path, so the page works at whatever address the browser
/// reached us (behind a proxy, or on loopback in tests); remote media stays at its
/// origin (we never download it).
pub(crate) fn media_links(public_url: &str, url: &str) -> MediaLinks {
    let ours = url
        .strip_prefix(public_url)
        .filter(|path| path.starts_with("/media/"));
    match ours {
        Some(path) => MediaLinks {
            href: path.to_owned(),
            src: rookery_media::small_url_of(path).unwrap_or_else(|| path.to_owned()),
        },
        None => MediaLinks {
            href: url.to_owned(),
            src: url.to_owned(),
        },
    }
}

/// Loads the authors (in one query) and the viewer's like and boost of each note.
pub(crate) async fn cards(
    state: &ClientState,
    viewer: &Viewer,
    notes: Vec<Note>,
) -> ClientResult<Vec<NoteCard>> {
    let repo = state.services.repo();
    let mut ids: Vec<AccountId> = notes.iter().map(|n| n.author).collect();
    ids.sort_unstable();
    ids.dedup();
    let authors: HashMap<AccountId, Account> = repo
        .accounts(&ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut out = Vec::with_capacity(notes.len());
    for note in notes {
        let liked = repo.like_between(viewer.id(), note.id).await?.is_some();
        let shared = repo.share_between(viewer.id(), note.id).await?.is_some();
        let media = note
            .attachments
            .iter()
            .map(|a| media_links(&state.instance.public_url, &a.url))
            .collect();
        out.push(NoteCard {
            author: authors.get(&note.author).cloned(),
            note,
            liked,
            shared,
            media,
        });
    }
    Ok(out)
}

/// `@user` for local accounts, `@user@domain` for remote ones.
pub(crate) fn handle(account: &Account) -> String {
    format!("@{}", account.acct())
}

/// The display name, or the username when none is set.
pub(crate) fn name(account: &Account) -> &str {
    if account.display_name.trim().is_empty() {
        &account.username
    } else {
        &account.display_name
    }
}

/// `2026-11-22 14:31 UTC` from a timestamp, for people; `<time datetime>` carries RFC 3339.
pub(crate) fn time(at: Timestamp) -> Markup {
    let iso = at.to_rfc3339();
    let shown = match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => iso.clone(),
    };
    html! { time datetime=(iso) { (shown) } }
}

fn visibility_label(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "Public",
        Visibility::Unlisted => "Unlisted",
        Visibility::FollowersOnly => "Followers only",
        Visibility::Direct => "Direct",
    }
}

/// A small POST form with one button: every action carries the session's CSRF token and
/// where to come back to.
pub(crate) fn action(viewer: &Viewer, path: &str, back: &str, label: &str) -> Markup {
    html! {
        form method="post" action=(path) {
            input type="hidden" name="csrf" value=(viewer.csrf);
            input type="hidden" name="back" value=(back);
            button type="submit" class="secondary" { (label) }
        }
    }
}

/// The author line of a note or an account list entry.
pub(crate) fn author_line(account: Option<&Account>) -> Markup {
    html! {
        @match account {
            Some(account) => {
                a href={ "/web/accounts/" (account.id) } { (name(account)) }
                span class="handle" { (handle(account)) }
            }
            None => span { "Unknown account" }
        }
    }
}

/// One note as a list item, with the viewer's actions. `back` is the page the actions
/// return to.
pub(crate) fn note(card: &NoteCard, viewer: &Viewer, back: &str) -> Markup {
    let note = &card.note;
    let id = note.id;
    let own = note.author == viewer.id();
    let body = html! {
        div class="note-body" lang=[note.language.as_deref()] { (PreEscaped(&note.content_html)) }
        @if !note.attachments.is_empty() {
            ul class="media" {
                @for (media, links) in note.attachments.iter().zip(&card.media) {
                    li {
                        @match media.kind {
                            MediaKind::Image => {
                                figure {
                                    a href=(links.href) {
                                        img src=(links.src) alt=(media.description.as_deref().unwrap_or("Image without a description"))
                                            width=[media.width] height=[media.height] loading="lazy";
                                    }
                                    @if let Some(alt) = &media.description {
                                        figcaption { (alt) }
                                    }
                                }
                            }
                            _ => {
                                a href=(links.href) {
                                    (media.description.as_deref().unwrap_or("Attached file"))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    html! {
        li class="note" id={ "note-" (id) } {
            article aria-labelledby={ "by-" (id) } {
                div class="note-head" {
                    div class="note-author" id={ "by-" (id) } { (author_line(card.author.as_ref())) }
                    div class="note-time" {
                        a href={ "/web/notes/" (id) } { (time(note.created_at)) }
                        " · " (visibility_label(note.visibility))
                    }
                }
                @if note.in_reply_to.is_some() {
                    p class="muted reply-to" {
                        @if let Some(parent) = note.in_reply_to {
                            a href={ "/web/notes/" (parent) } { "In reply to a note" }
                        }
                    }
                }
                @if note.content_warning.is_empty() {
                    (body)
                } @else {
                    details {
                        summary { "Content warning: " (note.content_warning) }
                        (body)
                    }
                }
                div class="note-actions" role="group" aria-label="Actions" {
                    a class="button secondary" href={ "/web/compose?in_reply_to=" (id) } { "Reply" }
                    @if card.liked {
                        (action(viewer, &format!("/web/notes/{id}/unlike"), back, "Unlike"))
                    } @else {
                        (action(viewer, &format!("/web/notes/{id}/like"), back, "Like"))
                    }
                    @if note.visibility.is_world_readable() || card.shared {
                        @if card.shared {
                            (action(viewer, &format!("/web/notes/{id}/unboost"), back, "Unboost"))
                        } @else {
                            (action(viewer, &format!("/web/notes/{id}/boost"), back, "Boost"))
                        }
                    }
                    @if own {
                        (action(viewer, &format!("/web/notes/{id}/delete"), "/web/home", "Delete"))
                    }
                }
            }
        }
    }
}

/// A list of notes, or a line saying there are none.
pub(crate) fn notes(cards: &[NoteCard], viewer: &Viewer, back: &str) -> Markup {
    html! {
        @if cards.is_empty() {
            p class="muted" { "Nothing here yet." }
        } @else {
            ol class="notes" {
                @for card in cards { (note(card, viewer, back)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use rookery_core::{Attachment, Id, NoteId, Origin};

    fn account(id: i64, name: &str) -> Account {
        Account {
            id: AccountId(Id::from_i64(id)),
            username: name.into(),
            domain: None,
            display_name: String::new(),
            note: String::new(),
            locked: false,
            bot: false,
            discoverable: true,
            profile: Default::default(),
            origin: Origin::Local,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        }
    }

    fn card(author: &Account, visibility: Visibility, cw: &str) -> NoteCard {
        let mut image = Attachment::remote("https://b.test/x.png", Some("image/png".into()));
        image.description = Some("a \"quoted\" <alt>".into());
        let note = Note {
            id: NoteId(Id::from_i64(77)),
            author: author.id,
            uri: None,
            url: None,
            content_html: "<p>Hello <a href=\"https://b.test/\">link</a></p>".into(),
            source: String::new(),
            content_warning: cw.into(),
            sensitive: !cw.is_empty(),
            language: None,
            in_reply_to: None,
            in_reply_to_account: None,
            mentions: Vec::new(),
            attachments: vec![image],
            tags: Vec::new(),
            visibility,
            created_at: Timestamp::from_millis(1_700_000_000_000),
            edited_at: None,
        };
        NoteCard {
            media: note
                .attachments
                .iter()
                .map(|a| media_links("https://a.test", &a.url))
                .collect(),
            note,
            author: Some(author.clone()),
            liked: true,
            shared: false,
        }
    }

    #[test]
    fn a_note_shows_its_warning_media_and_the_viewers_actions() {
        let alice = account(1, "alice");
        let viewer = Viewer::for_tests(account(2, "carol"), "tok");
        let html = note(
            &card(&alice, Visibility::Public, "<b>spoiler</b>"),
            &viewer,
            "/web/home",
        )
        .into_string();
        // The stored (sanitized) HTML is kept; what people typed as plain text is escaped.
        assert!(html.contains("<p>Hello <a href=\"https://b.test/\">link</a></p>"));
        assert!(html
            .contains("<details><summary>Content warning: &lt;b&gt;spoiler&lt;/b&gt;</summary>"));
        assert!(html.contains("alt=\"a &quot;quoted&quot; &lt;alt&gt;\""));
        assert!(
            html.contains("<time datetime=\"2023-11-14T22:13:20"),
            "{html}"
        );
        assert!(html.contains(">2023-11-14 22:13 UTC</time>"), "{html}");
        // Liked already: the button takes it back; every form carries the CSRF token.
        assert!(html.contains("action=\"/web/notes/77/unlike\""));
        assert!(html.contains("action=\"/web/notes/77/boost\""));
        assert!(!html.contains("/delete"), "only the author may delete");
        assert_eq!(
            html.matches("name=\"csrf\" value=\"tok\"").count(),
            html.matches("<form").count()
        );
    }

    #[test]
    fn private_notes_cannot_be_boosted_and_authors_may_delete() {
        let alice = account(1, "alice");
        let viewer = Viewer::for_tests(alice.clone(), "tok");
        let html = note(
            &card(&alice, Visibility::FollowersOnly, ""),
            &viewer,
            "/web/home",
        )
        .into_string();
        assert!(!html.contains("<details>"));
        assert!(!html.contains("/boost"));
        assert!(html.contains("action=\"/web/notes/77/delete\""));
    }

    #[test]
    fn our_media_is_linked_by_path_and_shown_as_thumbnail() {
        let key = "0123456789abcdef0123456789abcdef";
        let ours = media_links("https://a.test", &format!("https://a.test/media/{key}.png"));
        assert_eq!(ours.href, format!("/media/{key}.png"));
        assert_eq!(ours.src, format!("/media/{key}.small.png"));
        let remote = media_links("https://a.test", "https://b.test/media/x.png");
        assert_eq!(remote.href, "https://b.test/media/x.png");
        assert_eq!(remote.src, "https://b.test/media/x.png");
        let lookalike = media_links("https://a.test", "https://a.test.evil/media/x.png");
        assert_eq!(lookalike.src, "https://a.test.evil/media/x.png");
    }
}
