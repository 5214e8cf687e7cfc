//! Who receives what: the local accounts and the remote inboxes an activity goes to
//! (activitypub.md §6.1 fan-out, versia.md §9.2 "what to send where").

use std::collections::BTreeSet;

use url::Url;

use crate::account::Account;
use crate::delivery::DeliveryTarget;
use crate::id::AccountId;
use crate::names::Domain;
use crate::note::{Note, Visibility};
use crate::protocol::{FederationFacts, Protocol};

/// One POST: the inbox and the protocol that speaks to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RemoteTarget {
    pub target: DeliveryTarget,
    pub protocol: Protocol,
}

/// Everyone an activity reaches, sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// Local accounts who may see it (home timelines, notifications).
    pub local_recipients: Vec<AccountId>,
    /// One entry per inbox to POST to.
    pub remote: Vec<RemoteTarget>,
}

/// The delivery target for an inbox URL: its host (with a non-default port, which tells
/// apart instances on one machine) for per-host lanes and health. `None` if the URL is not
/// http(s) or has no host: nothing could be delivered there.
pub fn delivery_target(inbox: &str) -> Option<DeliveryTarget> {
    let url = Url::parse(inbox).ok()?;
    if !matches!(url.scheme(), "https" | "http") {
        return None;
    }
    let host = url.host_str()?;
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Some(DeliveryTarget {
        inbox: inbox.to_owned(),
        host,
    })
}

/// Collects recipients, applying the rules every audience shares.
struct Collector<'a> {
    local_domain: &'a Domain,
    local: BTreeSet<AccountId>,
    remote: BTreeSet<RemoteTarget>,
}

impl<'a> Collector<'a> {
    fn new(local_domain: &'a Domain) -> Self {
        Collector {
            local_domain,
            local: BTreeSet::new(),
            remote: BTreeSet::new(),
        }
    }

    /// `personal`: address the account's own inbox rather than its server's shared one.
    fn add(&mut self, account: &Account, personal: bool) {
        match account.federation() {
            None => {
                self.local.insert(account.id);
            }
            Some(facts) => {
                let Some(target) = delivery_target(inbox_of(facts, personal)) else {
                    return;
                };
                // Never deliver to ourselves, whatever a stored remote account claims
                // (activitypub.md §6.1 "skip your own domain").
                if target.host.eq_ignore_ascii_case(self.local_domain.as_str()) {
                    return;
                }
                self.remote.insert(RemoteTarget {
                    target,
                    protocol: facts.protocol,
                });
            }
        }
    }

    fn finish(self) -> Audience {
        Audience {
            local_recipients: self.local.into_iter().collect(),
            remote: self.remote.into_iter().collect(),
        }
    }
}

/// Versia has one inbox per instance, so "personal" makes no difference there (versia.md
/// §9.2 "one POST per destination instance"). ActivityPub direct messages and one-to-one
/// activities go to the personal inbox so the receiver knows who is addressed
/// (activitypub.md §6.1); everything else to the shared inbox if there is one.
fn inbox_of(facts: &FederationFacts, personal: bool) -> &str {
    match facts.protocol {
        Protocol::ActivityPub if personal => &facts.inbox,
        Protocol::ActivityPub | Protocol::Versia => facts.preferred_inbox(),
    }
}

/// The audience of a new or edited note by the local `author`.
///
/// `followers` are the author's accepted followers, local and remote. Followers receive
/// public, unlisted and followers-only notes; mentioned accounts receive every note; the
/// author of the replied-to note receives it only when it is public or unlisted, so a
/// reply never widens its own scope (activitypub.md §5.2). Direct notes go to the
/// personal inboxes of the mentioned accounts only. The author is a local recipient
/// (their own home timeline).
pub fn note_audience(
    note: &Note,
    author: &Account,
    followers: &[Account],
    mentioned: &[Account],
    replied_to_author: Option<&Account>,
    local_domain: &Domain,
) -> Audience {
    let mut audience = Collector::new(local_domain);
    audience.add(author, false);
    let direct = note.visibility == Visibility::Direct;
    if !direct {
        for follower in followers {
            audience.add(follower, false);
        }
    }
    for account in mentioned {
        audience.add(account, direct);
    }
    if let Some(parent_author) = replied_to_author {
        if note.visibility.is_world_readable() {
            audience.add(parent_author, false);
        }
    }
    audience.finish()
}

/// The audience of an activity meant for one account: Follow and Unfollow (to the
/// followee), Accept and Reject (to the follower). A remote account is reached at its
/// personal inbox, as Mastodon does; a local one just becomes the local recipient.
pub fn account_audience(account: &Account, local_domain: &Domain) -> Audience {
    let mut audience = Collector::new(local_domain);
    audience.add(account, true);
    audience.finish()
}

/// The audience of a like: the liked note's author (versia.md §9.2; Mastodon sends Like
/// to the author's personal inbox).
pub fn like_audience(note_author: &Account, local_domain: &Domain) -> Audience {
    account_audience(note_author, local_domain)
}

/// The audience of a profile change of a local account: its followers, at their
/// shared inboxes (versia.md §9.2 "Profile changed"; Mastodon sends `Update` of the
/// actor to followers, activitypub.md §5.9).
pub fn followers_audience(followers: &[Account], local_domain: &Domain) -> Audience {
    let mut audience = Collector::new(local_domain);
    for follower in followers {
        audience.add(follower, false);
    }
    audience.finish()
}

/// The audience of a share (boost) by `sharer`: the sharer (own home timeline), the
/// sharer's accepted followers and the shared note's author, who MUST receive it
/// (versia.md §10.11).
pub fn share_audience(
    sharer: &Account,
    sharer_followers: &[Account],
    note_author: &Account,
    local_domain: &Domain,
) -> Audience {
    let mut audience = Collector::new(local_domain);
    audience.add(sharer, false);
    for follower in sharer_followers {
        audience.add(follower, false);
    }
    audience.add(note_author, false);
    audience.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{id, local, note, remote_ap, remote_versia};

    const SHARED_B: &str = "https://b.test/inbox";

    fn ours() -> Domain {
        Domain::parse("a.test").unwrap()
    }

    fn inboxes(audience: &Audience) -> Vec<&str> {
        audience
            .remote
            .iter()
            .map(|r| r.target.inbox.as_str())
            .collect()
    }

    fn locals(audience: &Audience) -> Vec<i64> {
        audience
            .local_recipients
            .iter()
            .map(|a| a.as_i64())
            .collect()
    }

    #[test]
    fn delivery_targets_from_inbox_urls() {
        let table = [
            ("https://b.test/inbox", Some("b.test")),
            ("https://B.Test/users/x/inbox", Some("b.test")),
            ("https://b.test:443/inbox", Some("b.test")),
            ("http://localhost:8080/inbox", Some("localhost:8080")),
            ("ftp://b.test/inbox", None),
            ("not a url", None),
            ("", None),
        ];
        for (inbox, host) in table {
            let got = delivery_target(inbox);
            assert_eq!(got.as_ref().map(|t| t.host.as_str()), host, "{inbox:?}");
            if let Some(t) = got {
                assert_eq!(t.inbox, inbox);
            }
        }
    }

    #[test]
    fn note_fan_out() {
        use Visibility::*;
        let author = local(1);
        let followers = [
            local(2),
            remote_ap(3, "b.test", Some(SHARED_B)),
            remote_ap(4, "b.test", Some(SHARED_B)),
            remote_ap(5, "c.test", None),
            remote_versia(6, "v.test"),
            remote_versia(7, "v.test"),
            // A remote account claiming an inbox on our own host is never delivered to.
            remote_ap(8, "a.test", None),
        ];
        let mentioned = [
            local(10),
            remote_ap(11, "b.test", Some(SHARED_B)),
            remote_versia(12, "w.test"),
        ];
        let parent = remote_ap(13, "d.test", Some("https://d.test/inbox"));
        let m = [id(10), id(11), id(12)];
        // (visibility, local recipients, inboxes)
        let followers_inboxes = vec![
            SHARED_B,
            "https://c.test/users/user5/inbox",
            "https://v.test/.versia/v0.6/inbox",
            "https://w.test/.versia/v0.6/inbox",
        ];
        let mut world = followers_inboxes.clone();
        world.insert(2, "https://d.test/inbox");
        let table = [
            (Public, vec![1, 2, 10], world.clone()),
            (Unlisted, vec![1, 2, 10], world),
            (FollowersOnly, vec![1, 2, 10], followers_inboxes),
            (
                Direct,
                vec![1, 10],
                vec![
                    "https://b.test/users/user11/inbox",
                    "https://w.test/.versia/v0.6/inbox",
                ],
            ),
        ];
        for (vis, expected_locals, expected_inboxes) in table {
            let n = note(id(1), vis, &m);
            let audience =
                note_audience(&n, &author, &followers, &mentioned, Some(&parent), &ours());
            assert_eq!(locals(&audience), expected_locals, "{vis:?}");
            assert_eq!(inboxes(&audience), expected_inboxes, "{vis:?}");
            assert!(
                audience.remote.iter().all(|r| r.target.host != "a.test"),
                "{vis:?}"
            );
        }
    }

    #[test]
    fn direct_messages_use_personal_inboxes_but_versia_shares_one() {
        let author = local(1);
        let mentioned = [
            remote_ap(2, "b.test", Some(SHARED_B)),
            remote_ap(3, "b.test", Some(SHARED_B)),
            remote_versia(4, "v.test"),
            remote_versia(5, "v.test"),
        ];
        let n = note(id(1), Visibility::Direct, &[id(2), id(3), id(4), id(5)]);
        let audience = note_audience(&n, &author, &[], &mentioned, None, &ours());
        assert_eq!(
            inboxes(&audience),
            vec![
                "https://b.test/users/user2/inbox",
                "https://b.test/users/user3/inbox",
                "https://v.test/.versia/v0.6/inbox",
            ]
        );
        let protocols: Vec<Protocol> = audience.remote.iter().map(|r| r.protocol).collect();
        assert_eq!(
            protocols,
            vec![
                Protocol::ActivityPub,
                Protocol::ActivityPub,
                Protocol::Versia
            ]
        );
    }

    #[test]
    fn one_to_one_activities() {
        // (account, local recipients, inboxes)
        let table = [
            (local(2), vec![2], vec![]),
            (
                remote_ap(3, "b.test", Some(SHARED_B)),
                vec![],
                vec!["https://b.test/users/user3/inbox"],
            ),
            (
                remote_versia(4, "v.test"),
                vec![],
                vec!["https://v.test/.versia/v0.6/inbox"],
            ),
            (remote_ap(5, "a.test", None), vec![], vec![]),
        ];
        for (account, expected_locals, expected_inboxes) in table {
            for audience in [
                account_audience(&account, &ours()),
                like_audience(&account, &ours()),
            ] {
                assert_eq!(locals(&audience), expected_locals, "{}", account.acct());
                assert_eq!(inboxes(&audience), expected_inboxes, "{}", account.acct());
            }
        }
    }

    #[test]
    fn shares_reach_followers_and_the_author() {
        let sharer = local(1);
        let followers = [
            local(2),
            remote_ap(3, "b.test", Some(SHARED_B)),
            remote_ap(4, "b.test", Some(SHARED_B)),
        ];
        // (note author, local recipients, inboxes)
        let table = [
            (
                remote_ap(5, "b.test", Some(SHARED_B)),
                vec![1, 2],
                vec![SHARED_B],
            ),
            (
                remote_versia(6, "v.test"),
                vec![1, 2],
                vec![SHARED_B, "https://v.test/.versia/v0.6/inbox"],
            ),
            (local(7), vec![1, 2, 7], vec![SHARED_B]),
            (local(1), vec![1, 2], vec![SHARED_B]),
        ];
        for (author, expected_locals, expected_inboxes) in table {
            let audience = share_audience(&sharer, &followers, &author, &ours());
            assert_eq!(locals(&audience), expected_locals, "{}", author.acct());
            assert_eq!(inboxes(&audience), expected_inboxes, "{}", author.acct());
        }
    }
}
