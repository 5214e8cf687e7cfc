//! Which notes and shares enter which timeline, following Mastodon's home, local, federated
//! and account timelines. Paging lives in `page.rs`.

use crate::id::AccountId;
use crate::note::{Note, Visibility};
use crate::visibility::{may_view, Relations, Viewer};

/// The timelines of the Mastodon client API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeline {
    /// `/api/v1/timelines/home`: private to its owner.
    Home { owner: AccountId },
    /// `/api/v1/timelines/public?local=true`.
    Local,
    /// `/api/v1/timelines/public`.
    Federated,
    /// `/api/v1/accounts/:id/statuses`.
    Account { account: AccountId },
}

/// One row of a timeline: a note, or a share (boost) of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineEntry<'a> {
    Note(&'a Note),
    Share { sharer: AccountId, note: &'a Note },
}

/// What the caller looked up about the viewer's ties to the accounts involved. Follows
/// mean *accepted* follows. Everything defaults to "strangers".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryFacts {
    /// The note's author is a local account.
    pub author_is_local: bool,
    pub viewer_follows_author: bool,
    /// Viewer (as the viewer) and the note's author.
    pub author: Relations,
    /// For replies: the viewer follows the account replied to.
    pub viewer_follows_reply_target: bool,
    /// For shares: the viewer follows the sharer...
    pub viewer_follows_sharer: bool,
    /// ...with "show boosts" on (`Follow::show_reblogs`).
    pub sharer_reblogs_shown: bool,
    /// For shares: viewer (as the viewer) and the sharer.
    pub sharer: Relations,
}

/// Whether `entry` belongs in `timeline` as seen by `viewer` (`None`: logged out).
pub fn enters_timeline(
    timeline: Timeline,
    viewer: Option<&Viewer>,
    entry: TimelineEntry<'_>,
    facts: &EntryFacts,
) -> bool {
    match timeline {
        Timeline::Home { owner } => match viewer {
            Some(v) if v.account == owner => enters_home(v, entry, facts),
            _ => false,
        },
        Timeline::Local => {
            matches!(entry, TimelineEntry::Note(note) if facts.author_is_local
                && enters_public(viewer, note, facts))
        }
        Timeline::Federated => {
            matches!(entry, TimelineEntry::Note(note) if enters_public(viewer, note, facts))
        }
        Timeline::Account { account } => enters_account(account, viewer, entry, facts),
    }
}

/// A reply to somebody other than the author (a self-reply continues a thread).
fn replies_to_other(note: &Note) -> Option<AccountId> {
    note.in_reply_to_account.filter(|to| *to != note.author)
}

/// Public timelines carry only public notes, never shares (those are Mastodon's rules),
/// and, like Mastodon's default `show_replies_in_public_timelines = false`, no replies to
/// others. A logged-in viewer's blocks and mutes filter them too.
fn enters_public(viewer: Option<&Viewer>, note: &Note, facts: &EntryFacts) -> bool {
    if note.visibility != Visibility::Public || replies_to_other(note).is_some() {
        return false;
    }
    match viewer {
        Some(v) if v.account != note.author => !facts.author.hides_from_timelines(),
        _ => true,
    }
}

fn enters_home(owner: &Viewer, entry: TimelineEntry<'_>, facts: &EntryFacts) -> bool {
    match entry {
        TimelineEntry::Note(note) => note_enters_home(owner, note, facts),
        TimelineEntry::Share { sharer, note } => {
            let by_owner = sharer == owner.account;
            let from_followed = facts.viewer_follows_sharer
                && facts.sharer_reblogs_shown
                && !facts.sharer.hides_from_timelines();
            (by_owner || from_followed)
                && (note.author == owner.account || !facts.author.hides_from_timelines())
                && may_view(Some(owner), note, facts.viewer_follows_author, facts.author)
        }
    }
}

fn note_enters_home(owner: &Viewer, note: &Note, facts: &EntryFacts) -> bool {
    if note.author == owner.account {
        return true;
    }
    if facts.author.hides_from_timelines()
        || !may_view(Some(owner), note, facts.viewer_follows_author, facts.author)
    {
        return false;
    }
    // Mentions reach the owner from anyone they have not muted or blocked, DMs included.
    if note.mentions_account(owner.account) {
        return true;
    }
    if !facts.viewer_follows_author {
        return false;
    }
    // Mastodon keeps a followed account's replies to strangers out of home: only replies
    // to the owner or to accounts the owner follows get in.
    match replies_to_other(note) {
        Some(to) => to == owner.account || facts.viewer_follows_reply_target,
        None => true,
    }
}

/// An account's own notes and its shares, each as far as the viewer may see the note.
/// Mutes do not apply: looking at an account's profile is looking at it directly.
fn enters_account(
    account: AccountId,
    viewer: Option<&Viewer>,
    entry: TimelineEntry<'_>,
    facts: &EntryFacts,
) -> bool {
    let note = match entry {
        TimelineEntry::Note(note) if note.author == account => note,
        TimelineEntry::Share { sharer, note } if sharer == account => {
            let viewer_is_sharer = viewer.is_some_and(|v| v.account == sharer);
            if !viewer_is_sharer && facts.sharer.hides_everything() {
                return false;
            }
            note
        }
        _ => return false,
    };
    may_view(viewer, note, facts.viewer_follows_author, facts.author)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{id, note, reply};
    use Visibility::*;

    const OWNER: i64 = 1;
    const FRIEND: i64 = 2;
    const STRANGER: i64 = 3;

    fn followed() -> EntryFacts {
        EntryFacts {
            viewer_follows_author: true,
            ..EntryFacts::default()
        }
    }

    fn with(f: impl Fn(&mut EntryFacts)) -> EntryFacts {
        let mut facts = followed();
        f(&mut facts);
        facts
    }

    #[test]
    fn home_notes() {
        let stranger = EntryFacts::default();
        let muted = with(|f| f.author.viewer_mutes_author = true);
        let blocked = with(|f| f.author.author_blocks_viewer = true);
        let domain = with(|f| f.author.viewer_domain_blocks_author = true);
        let follows_target = with(|f| f.viewer_follows_reply_target = true);
        let me = [id(OWNER)];
        // (note, facts, enters home)
        let table = [
            (note(id(OWNER), Direct, &[]), stranger, true),
            (note(id(FRIEND), Public, &[]), followed(), true),
            (note(id(FRIEND), Unlisted, &[]), followed(), true),
            (note(id(FRIEND), FollowersOnly, &[]), followed(), true),
            (note(id(FRIEND), Direct, &[]), followed(), false),
            (note(id(FRIEND), Direct, &me), followed(), true),
            (note(id(STRANGER), Public, &[]), stranger, false),
            (note(id(STRANGER), Public, &me), stranger, true),
            (note(id(STRANGER), Direct, &me), stranger, true),
            (note(id(FRIEND), Public, &[]), muted, false),
            (note(id(FRIEND), Public, &me), muted, false),
            (note(id(FRIEND), Public, &[]), blocked, false),
            (note(id(STRANGER), Direct, &me), domain, false),
            // Replies: to a stranger out, to the owner / a followed account / self in.
            (
                reply(note(id(FRIEND), Public, &[]), id(STRANGER)),
                followed(),
                false,
            ),
            (
                reply(note(id(FRIEND), Public, &[]), id(STRANGER)),
                follows_target,
                true,
            ),
            (
                reply(note(id(FRIEND), Public, &[]), id(OWNER)),
                followed(),
                true,
            ),
            (
                reply(note(id(FRIEND), Public, &[]), id(FRIEND)),
                followed(),
                true,
            ),
            (
                reply(note(id(FRIEND), Public, &me), id(STRANGER)),
                followed(),
                true,
            ),
        ];
        let owner = Viewer::new(id(OWNER));
        let home = Timeline::Home { owner: id(OWNER) };
        for (i, (n, facts, expected)) in table.iter().enumerate() {
            let got = enters_timeline(home, Some(&owner), TimelineEntry::Note(n), facts);
            assert_eq!(got, *expected, "case {i}: {n:?} {facts:?}");
        }
        // Nobody else reads the owner's home.
        let other = Viewer::new(id(FRIEND));
        let n = note(id(OWNER), Public, &[]);
        assert!(!enters_timeline(
            home,
            Some(&other),
            TimelineEntry::Note(&n),
            &followed()
        ));
        assert!(!enters_timeline(
            home,
            None,
            TimelineEntry::Note(&n),
            &followed()
        ));
    }

    #[test]
    fn home_shares() {
        let shown = EntryFacts {
            viewer_follows_sharer: true,
            sharer_reblogs_shown: true,
            ..EntryFacts::default()
        };
        let hidden = EntryFacts {
            sharer_reblogs_shown: false,
            ..shown
        };
        let mut sharer_muted = shown;
        sharer_muted.sharer.viewer_mutes_author = true;
        let mut author_muted = shown;
        author_muted.author.viewer_mutes_author = true;
        let mut author_blocks = shown;
        author_blocks.author.author_blocks_viewer = true;
        // (sharer, shared note, facts, enters home)
        let table = [
            (FRIEND, note(id(STRANGER), Public, &[]), shown, true),
            (FRIEND, note(id(STRANGER), Unlisted, &[]), shown, true),
            (FRIEND, note(id(STRANGER), Public, &[]), hidden, false),
            (
                FRIEND,
                note(id(STRANGER), Public, &[]),
                EntryFacts::default(),
                false,
            ),
            (FRIEND, note(id(STRANGER), Public, &[]), sharer_muted, false),
            (FRIEND, note(id(STRANGER), Public, &[]), author_muted, false),
            (
                FRIEND,
                note(id(STRANGER), Public, &[]),
                author_blocks,
                false,
            ),
            // A followers-only note the owner may not see stays out even if shared.
            (FRIEND, note(id(STRANGER), FollowersOnly, &[]), shown, false),
            (
                OWNER,
                note(id(STRANGER), Public, &[]),
                EntryFacts::default(),
                true,
            ),
        ];
        let owner = Viewer::new(id(OWNER));
        let home = Timeline::Home { owner: id(OWNER) };
        for (i, (sharer, n, facts, expected)) in table.iter().enumerate() {
            let entry = TimelineEntry::Share {
                sharer: id(*sharer),
                note: n,
            };
            assert_eq!(
                enters_timeline(home, Some(&owner), entry, facts),
                *expected,
                "case {i}"
            );
        }
    }

    #[test]
    fn public_timelines() {
        let local = EntryFacts {
            author_is_local: true,
            ..EntryFacts::default()
        };
        let remote = EntryFacts::default();
        let mut muted = local;
        muted.author.viewer_mutes_author = true;
        let viewer = Viewer::new(id(OWNER));
        // (note, facts, logged in, in local, in federated)
        let table = [
            (note(id(FRIEND), Public, &[]), local, false, true, true),
            (note(id(FRIEND), Public, &[]), remote, false, false, true),
            (note(id(FRIEND), Unlisted, &[]), local, false, false, false),
            (
                note(id(FRIEND), FollowersOnly, &[]),
                local,
                true,
                false,
                false,
            ),
            (
                note(id(FRIEND), Direct, &[id(OWNER)]),
                local,
                true,
                false,
                false,
            ),
            (note(id(FRIEND), Public, &[]), muted, true, false, false),
            (note(id(FRIEND), Public, &[]), muted, false, true, true),
            (
                reply(note(id(FRIEND), Public, &[]), id(STRANGER)),
                local,
                false,
                false,
                false,
            ),
            (
                reply(note(id(FRIEND), Public, &[]), id(FRIEND)),
                local,
                false,
                true,
                true,
            ),
        ];
        for (i, (n, facts, logged_in, in_local, in_federated)) in table.iter().enumerate() {
            let v = logged_in.then_some(&viewer);
            let e = TimelineEntry::Note(n);
            assert_eq!(
                enters_timeline(Timeline::Local, v, e, facts),
                *in_local,
                "local {i}"
            );
            let got = enters_timeline(Timeline::Federated, v, e, facts);
            assert_eq!(got, *in_federated, "federated {i}");
        }
        // Shares never show on public timelines.
        let n = note(id(FRIEND), Public, &[]);
        let share = TimelineEntry::Share {
            sharer: id(STRANGER),
            note: &n,
        };
        assert!(!enters_timeline(Timeline::Federated, None, share, &local));
        assert!(!enters_timeline(Timeline::Local, None, share, &local));
    }

    #[test]
    fn account_timelines() {
        let page = Timeline::Account {
            account: id(FRIEND),
        };
        let mut muted = followed();
        muted.author.viewer_mutes_author = true;
        let mut sharer_blocks = EntryFacts::default();
        sharer_blocks.sharer.author_blocks_viewer = true;
        let stranger = EntryFacts::default();
        let public = note(id(FRIEND), Public, &[]);
        let private = note(id(FRIEND), FollowersOnly, &[]);
        let others = note(id(STRANGER), Public, &[]);
        let v = Viewer::new(id(OWNER));
        let share = |n| TimelineEntry::Share {
            sharer: id(FRIEND),
            note: n,
        };
        // (viewer, entry, facts, shown)
        let table = [
            (None, TimelineEntry::Note(&public), stranger, true),
            (None, TimelineEntry::Note(&private), stranger, false),
            (Some(&v), TimelineEntry::Note(&private), followed(), true),
            (Some(&v), TimelineEntry::Note(&private), stranger, false),
            (Some(&v), TimelineEntry::Note(&public), muted, true),
            (Some(&v), TimelineEntry::Note(&others), stranger, false),
            (Some(&v), share(&others), stranger, true),
            (Some(&v), share(&others), sharer_blocks, false),
            (
                None,
                TimelineEntry::Share {
                    sharer: id(STRANGER),
                    note: &public,
                },
                stranger,
                false,
            ),
        ];
        for (i, (viewer, entry, facts, expected)) in table.iter().enumerate() {
            assert_eq!(
                enters_timeline(page, *viewer, *entry, facts),
                *expected,
                "case {i}"
            );
        }
    }
}
