//! Who is notified of what: mentions, new posts of subscribed accounts, follows and
//! follow requests, favourites and reblogs (Mastodon's notification semantics).

use crate::follow_policy::FollowDecision;
use crate::id::{AccountId, NoteId};
use crate::note::{Note, Visibility};
use crate::notification::NotificationKind;
use crate::social::FollowState;
use crate::visibility::{may_view, Relations, Viewer};

/// An account that might be notified, with what the caller knows of its ties to the
/// account that acted (the "actor": a note's author, a follower, a liker, a sharer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub account: AccountId,
    /// Only local accounts have notifications; remote ones are told by federation.
    pub is_local: bool,
    /// The candidate (as the viewer) and the actor (as the author).
    pub relations: Relations,
    /// The candidate's accepted follow of the actor.
    pub follows_actor: bool,
    /// That follow has the bell on (`Follow::notify`): notify of each new post.
    pub subscribed: bool,
}

impl Candidate {
    /// A local stranger: no follow, no block, no mute.
    pub fn local(account: AccountId) -> Self {
        Candidate {
            account,
            is_local: true,
            relations: Relations::default(),
            follows_actor: false,
            subscribed: false,
        }
    }

    /// Whether this candidate may be notified of anything `actor` did. Nobody is told of
    /// their own actions; blocks, domain blocks and notification mutes silence the actor.
    fn may_hear_from(&self, actor: AccountId) -> bool {
        self.is_local && self.account != actor && !self.relations.hides_notifications()
    }
}

/// A notification to create; the caller adds the id and the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationIntent {
    pub recipient: AccountId,
    pub from: AccountId,
    pub kind: NotificationKind,
    pub note: Option<NoteId>,
}

/// Notifications for a new note: `Mention` to each mentioned candidate who may view the
/// note, and `Status` to followers who rang the bell, for notes they may view that are
/// not direct and not replies to others (Mastodon notifies subscribers of top-level posts
/// and self-threads only). A mentioned subscriber gets the mention only.
pub fn note_notifications(note: &Note, candidates: &[Candidate]) -> Vec<NotificationIntent> {
    let reply_to_other = note.in_reply_to_account.is_some_and(|to| to != note.author);
    let mut out = Vec::new();
    for c in candidates {
        if !c.may_hear_from(note.author) {
            continue;
        }
        let viewer = Viewer::new(c.account);
        if !may_view(Some(&viewer), note, c.follows_actor, c.relations) {
            continue;
        }
        let kind = if note.mentions_account(c.account) {
            NotificationKind::Mention
        } else if c.subscribed
            && c.follows_actor
            && note.visibility != Visibility::Direct
            && !reply_to_other
        {
            NotificationKind::Status
        } else {
            continue;
        };
        if out
            .iter()
            .any(|n: &NotificationIntent| n.recipient == c.account)
        {
            continue;
        }
        out.push(NotificationIntent {
            recipient: c.account,
            from: note.author,
            kind,
            note: Some(note.id),
        });
    }
    out
}

/// The notification a followee gets for a follow decided as `decision`: `Follow` when it
/// was accepted, `FollowRequest` when it waits for approval. Only a *change* is news: a
/// re-sent follow that is already accepted, or a repeated request, notifies nobody.
pub fn follow_notification(
    followee: &Candidate,
    follower: AccountId,
    existing: Option<FollowState>,
    decision: FollowDecision,
) -> Option<NotificationIntent> {
    let kind = match decision {
        FollowDecision::AutoAccept => NotificationKind::Follow,
        FollowDecision::Pending => NotificationKind::FollowRequest,
        FollowDecision::Reject => return None,
    };
    if decision.state() == existing || !followee.may_hear_from(follower) {
        return None;
    }
    Some(NotificationIntent {
        recipient: followee.account,
        from: follower,
        kind,
        note: None,
    })
}

/// `Favourite` to the note's author when `liker` likes it.
pub fn favourite_notification(
    note: &Note,
    author: &Candidate,
    liker: AccountId,
) -> Option<NotificationIntent> {
    interaction(NotificationKind::Favourite, note, author, liker)
}

/// `Reblog` to the note's author when `sharer` shares it.
pub fn reblog_notification(
    note: &Note,
    author: &Candidate,
    sharer: AccountId,
) -> Option<NotificationIntent> {
    interaction(NotificationKind::Reblog, note, author, sharer)
}

fn interaction(
    kind: NotificationKind,
    note: &Note,
    author: &Candidate,
    actor: AccountId,
) -> Option<NotificationIntent> {
    (author.account == note.author && author.may_hear_from(actor)).then_some(NotificationIntent {
        recipient: author.account,
        from: actor,
        kind,
        note: Some(note.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{id, note, reply};
    use NotificationKind::*;

    const AUTHOR: i64 = 1;
    const READER: i64 = 2;

    fn candidate(f: impl Fn(&mut Candidate)) -> Candidate {
        let mut c = Candidate::local(id(READER));
        f(&mut c);
        c
    }

    #[test]
    fn new_note_notifications() {
        use Visibility::*;
        let stranger = candidate(|_| {});
        let follower = candidate(|c| c.follows_actor = true);
        let subscriber = candidate(|c| {
            c.follows_actor = true;
            c.subscribed = true;
        });
        let remote = candidate(|c| c.is_local = false);
        let blocks = candidate(|c| c.relations.viewer_blocks_author = true);
        let blocked = candidate(|c| c.relations.author_blocks_viewer = true);
        let domain = candidate(|c| c.relations.viewer_domain_blocks_author = true);
        let mute_quiet = candidate(|c| c.relations.viewer_mutes_author = true);
        let mute_all = candidate(|c| {
            c.relations.viewer_mutes_author = true;
            c.relations.viewer_mutes_author_notifications = true;
        });
        let author = Candidate::local(id(AUTHOR));
        let me = [id(READER)];
        let own = [id(AUTHOR)];
        // (note, candidate, expected kind)
        let table = [
            (note(id(AUTHOR), Public, &me), stranger, Some(Mention)),
            (note(id(AUTHOR), Direct, &me), stranger, Some(Mention)),
            (
                note(id(AUTHOR), FollowersOnly, &me),
                stranger,
                Some(Mention),
            ),
            (note(id(AUTHOR), Public, &[]), stranger, None),
            (note(id(AUTHOR), Public, &me), remote, None),
            (note(id(AUTHOR), Public, &me), blocks, None),
            (note(id(AUTHOR), Public, &me), blocked, None),
            (note(id(AUTHOR), Public, &me), domain, None),
            (note(id(AUTHOR), Public, &me), mute_quiet, Some(Mention)),
            (note(id(AUTHOR), Public, &me), mute_all, None),
            (note(id(AUTHOR), Public, &own), author, None),
            // Bell: top-level and self-thread posts the subscriber may view.
            (note(id(AUTHOR), Public, &[]), follower, None),
            (note(id(AUTHOR), Public, &[]), subscriber, Some(Status)),
            (
                note(id(AUTHOR), FollowersOnly, &[]),
                subscriber,
                Some(Status),
            ),
            (note(id(AUTHOR), Public, &me), subscriber, Some(Mention)),
            (note(id(AUTHOR), Direct, &[]), subscriber, None),
            (
                reply(note(id(AUTHOR), Public, &[]), id(3)),
                subscriber,
                None,
            ),
            (
                reply(note(id(AUTHOR), Public, &[]), id(AUTHOR)),
                subscriber,
                Some(Status),
            ),
        ];
        for (i, (n, c, expected)) in table.iter().enumerate() {
            let got = note_notifications(n, &[*c]);
            let want: Vec<NotificationIntent> = expected
                .iter()
                .map(|&kind| NotificationIntent {
                    recipient: c.account,
                    from: id(AUTHOR),
                    kind,
                    note: Some(n.id),
                })
                .collect();
            assert_eq!(got, want, "case {i}");
        }
        // A candidate listed twice is notified once.
        let n = note(id(AUTHOR), Public, &me);
        assert_eq!(note_notifications(&n, &[stranger, stranger]).len(), 1);
    }

    #[test]
    fn follow_notifications() {
        use FollowDecision::*;
        use FollowState as S;
        let followee = Candidate::local(id(AUTHOR));
        let mut muted = followee;
        muted.relations.viewer_mutes_author = true;
        muted.relations.viewer_mutes_author_notifications = true;
        let mut remote = followee;
        remote.is_local = false;
        // (followee, follower, existing, decision, expected)
        let table = [
            (followee, READER, None, AutoAccept, Some(Follow)),
            (followee, READER, None, Pending, Some(FollowRequest)),
            (followee, READER, None, Reject, None),
            (followee, READER, Some(S::Accepted), AutoAccept, None),
            (followee, READER, Some(S::Pending), Pending, None),
            (followee, READER, Some(S::Pending), AutoAccept, Some(Follow)),
            (
                followee,
                READER,
                Some(S::Rejected),
                Pending,
                Some(FollowRequest),
            ),
            (muted, READER, None, AutoAccept, None),
            (remote, READER, None, AutoAccept, None),
            (followee, AUTHOR, None, AutoAccept, None),
        ];
        for (i, (c, follower, existing, decision, expected)) in table.into_iter().enumerate() {
            let got = follow_notification(&c, id(follower), existing, decision);
            assert_eq!(got.map(|n| n.kind), expected, "case {i}");
            if let Some(n) = got {
                assert_eq!(
                    (n.recipient, n.from, n.note),
                    (c.account, id(follower), None)
                );
            }
        }
    }

    #[test]
    fn favourite_and_reblog_notifications() {
        let n = note(id(AUTHOR), Visibility::Public, &[]);
        let author = Candidate::local(id(AUTHOR));
        let mut blocked = author;
        blocked.relations.viewer_blocks_author = true;
        let mut quiet_mute = author;
        quiet_mute.relations.viewer_mutes_author = true;
        let mut remote = author;
        remote.is_local = false;
        let not_author = Candidate::local(id(7));
        // (candidate, actor, notified)
        let table = [
            (author, READER, true),
            (author, AUTHOR, false),
            (blocked, READER, false),
            (quiet_mute, READER, true),
            (remote, READER, false),
            (not_author, READER, false),
        ];
        for (i, (c, actor, notified)) in table.into_iter().enumerate() {
            let fav = favourite_notification(&n, &c, id(actor));
            let reblog = reblog_notification(&n, &c, id(actor));
            assert_eq!(fav.is_some(), notified, "favourite case {i}");
            assert_eq!(reblog.is_some(), notified, "reblog case {i}");
            if let (Some(f), Some(r)) = (fav, reblog) {
                assert_eq!(
                    (f.kind, r.kind),
                    (NotificationKind::Favourite, NotificationKind::Reblog)
                );
                assert_eq!(
                    (f.recipient, f.from, f.note),
                    (id(AUTHOR), id(actor), Some(n.id))
                );
            }
        }
    }
}
