//! Who may view a note: the rule behind every status page, API lookup and timeline.
//!
//! The [`Visibility`] enum itself lives in `note.rs`; this module decides what it means
//! for one viewer (activitypub.md §5.2, versia.md §9.4, Mastodon semantics).

use crate::id::AccountId;
use crate::note::{Note, Visibility};

/// The account looking at something. `None` in the functions below means a visitor who
/// is not logged in (or a remote server fetching without a known actor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Viewer {
    pub account: AccountId,
}

impl Viewer {
    pub const fn new(account: AccountId) -> Self {
        Viewer { account }
    }
}

/// How a viewer and an author relate, as the caller looked it up. All `false` (the
/// default) means "strangers".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relations {
    pub viewer_blocks_author: bool,
    pub author_blocks_viewer: bool,
    pub viewer_mutes_author: bool,
    /// The mute also hides notifications (Mastodon's "hide notifications" checkbox).
    /// Meaningful only together with `viewer_mutes_author`.
    pub viewer_mutes_author_notifications: bool,
    /// The viewer blocked the author's whole domain.
    pub viewer_domain_blocks_author: bool,
}

impl Relations {
    /// A block in either direction, or a domain block: the two sides must not see each
    /// other at all (Mastodon semantics: blocks are symmetric in effect).
    pub fn hides_everything(self) -> bool {
        self.viewer_blocks_author || self.author_blocks_viewer || self.viewer_domain_blocks_author
    }

    /// What keeps the author out of the viewer's timelines: blocks and any mute.
    pub fn hides_from_timelines(self) -> bool {
        self.hides_everything() || self.viewer_mutes_author
    }

    /// What keeps the author's actions out of the viewer's notifications: blocks, and a
    /// mute that was set to cover notifications.
    pub fn hides_notifications(self) -> bool {
        self.hides_everything()
            || (self.viewer_mutes_author && self.viewer_mutes_author_notifications)
    }
}

/// Whether `viewer` may see `note` when looking at it directly (status page, API).
///
/// `author_followed_by_viewer` must mean an *accepted* follow: a pending request does not
/// open followers-only notes. Mutes do not hide a note looked at directly; they only keep
/// it out of timelines and notifications (see `timeline.rs`, `notify.rs`).
pub fn may_view(
    viewer: Option<&Viewer>,
    note: &Note,
    author_followed_by_viewer: bool,
    relations: Relations,
) -> bool {
    let Some(viewer) = viewer else {
        return note.visibility.is_world_readable();
    };
    if viewer.account == note.author {
        return true;
    }
    if relations.hides_everything() {
        return false;
    }
    let mentioned = note.mentions_account(viewer.account);
    match note.visibility {
        Visibility::Public | Visibility::Unlisted => true,
        // activitypub.md §5.2 "private": followers plus the actors addressed by mention.
        Visibility::FollowersOnly => author_followed_by_viewer || mentioned,
        // versia.md §9.4: "only the author and the mentions".
        Visibility::Direct => mentioned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{id, note};

    const AUTHOR: i64 = 1;
    const VIEWER: i64 = 2;

    fn rel(f: impl Fn(&mut Relations)) -> Relations {
        let mut r = Relations::default();
        f(&mut r);
        r
    }

    #[test]
    fn who_may_view_what() {
        use Visibility::*;
        let none = Relations::default();
        let blocks = rel(|r| r.viewer_blocks_author = true);
        let blocked = rel(|r| r.author_blocks_viewer = true);
        let domain = rel(|r| r.viewer_domain_blocks_author = true);
        let muted = rel(|r| {
            r.viewer_mutes_author = true;
            r.viewer_mutes_author_notifications = true;
        });
        // (visibility, viewer, viewer mentioned, viewer follows author, relations, may view)
        let table = [
            (Public, None, false, false, none, true),
            (Unlisted, None, false, false, none, true),
            (FollowersOnly, None, false, false, none, false),
            (Direct, None, false, false, none, false),
            (Public, Some(VIEWER), false, false, none, true),
            (Unlisted, Some(VIEWER), false, false, none, true),
            (Public, Some(VIEWER), false, true, blocks, false),
            (Public, Some(VIEWER), false, true, blocked, false),
            (Unlisted, Some(VIEWER), false, false, domain, false),
            (Public, Some(VIEWER), false, false, muted, true),
            (FollowersOnly, Some(VIEWER), false, false, none, false),
            (FollowersOnly, Some(VIEWER), false, true, none, true),
            (FollowersOnly, Some(VIEWER), true, false, none, true),
            (FollowersOnly, Some(VIEWER), false, true, blocked, false),
            (FollowersOnly, Some(VIEWER), false, true, muted, true),
            (Direct, Some(VIEWER), false, true, none, false),
            (Direct, Some(VIEWER), true, false, none, true),
            (Direct, Some(VIEWER), true, false, blocks, false),
            (Direct, Some(VIEWER), true, false, muted, true),
            // The author always sees their own notes, whatever the relations say.
            (Direct, Some(AUTHOR), false, false, none, true),
            (FollowersOnly, Some(AUTHOR), false, false, blocks, true),
        ];
        for (i, (vis, viewer, mentioned, follows, relations, expected)) in
            table.into_iter().enumerate()
        {
            let mentions = if mentioned {
                vec![id(VIEWER)]
            } else {
                vec![id(3)]
            };
            let n = note(id(AUTHOR), vis, &mentions);
            let viewer = viewer.map(|v| Viewer::new(id(v)));
            assert_eq!(
                may_view(viewer.as_ref(), &n, follows, relations),
                expected,
                "case {i}: {vis:?} viewer={viewer:?} mentioned={mentioned} follows={follows}"
            );
        }
    }

    #[test]
    fn relation_summaries() {
        let mute_only = rel(|r| r.viewer_mutes_author = true);
        let mute_all = rel(|r| {
            r.viewer_mutes_author = true;
            r.viewer_mutes_author_notifications = true;
        });
        // Notification flag without a mute means nothing.
        let stray_flag = rel(|r| r.viewer_mutes_author_notifications = true);
        let blocked = rel(|r| r.author_blocks_viewer = true);
        // (relations, hides everything, hides from timelines, hides notifications)
        let table = [
            (Relations::default(), false, false, false),
            (mute_only, false, true, false),
            (mute_all, false, true, true),
            (stray_flag, false, false, false),
            (blocked, true, true, true),
        ];
        for (i, (r, all, timelines, notifications)) in table.into_iter().enumerate() {
            assert_eq!(r.hides_everything(), all, "case {i}");
            assert_eq!(r.hides_from_timelines(), timelines, "case {i}");
            assert_eq!(r.hides_notifications(), notifications, "case {i}");
        }
    }
}
