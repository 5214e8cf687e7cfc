//! What happens to a follow: the answer to an incoming one, and the state changes that
//! Accept, Reject and Unfollow make (activitypub.md §5.1, versia.md §9.3).

use crate::account::Account;
use crate::error::CoreError;
use crate::social::FollowState;

/// The answer to a follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowDecision {
    /// Store it accepted and send Accept / FollowAccept right away.
    AutoAccept,
    /// Store it as a follow request and wait for the followee (or its server).
    Pending,
    /// Refuse: send Reject / FollowReject and store nothing.
    Reject,
}

impl FollowDecision {
    /// The state to store, `None` for a refused follow.
    pub fn state(self) -> Option<FollowState> {
        match self {
            FollowDecision::AutoAccept => Some(FollowState::Accepted),
            FollowDecision::Pending => Some(FollowState::Pending),
            FollowDecision::Reject => None,
        }
    }
}

/// Decides a follow of `followee` by `follower`.
///
/// `existing` is the state of a follow between the two that is already stored.
/// `domain_blocked` means the followee blocked the follower's domain.
///
/// - Self-follows, blocks and domain blocks are refused (Mastodon answers `Reject`,
///   activitypub.md §5.1).
/// - A follow that is already accepted is accepted again, so that a peer which lost its
///   state gets a fresh Accept (activitypub.md §5.1 "re-sends Accept"; versia.md §9.3).
/// - A remote followee's server decides for it: we wait for its Accept.
/// - A locked ("manually approves followers") followee gets a follow request.
/// - A `Rejected` leftover counts as no follow: asking again is allowed.
pub fn decide_follow(
    followee: &Account,
    follower: &Account,
    existing: Option<FollowState>,
    followee_blocks_follower: bool,
    domain_blocked: bool,
) -> FollowDecision {
    if followee.id == follower.id || followee_blocks_follower || domain_blocked {
        return FollowDecision::Reject;
    }
    if existing == Some(FollowState::Accepted) {
        return FollowDecision::AutoAccept;
    }
    if !followee.is_local() || followee.locked {
        return FollowDecision::Pending;
    }
    FollowDecision::AutoAccept
}

/// A change to an existing follow, from either side or either protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowAction {
    /// The followee (or its server) accepts: Accept / FollowAccept, or a local approval.
    Accept,
    /// The followee refuses a request or removes a follower: Reject / FollowReject.
    Reject,
    /// The follower stops following or withdraws the request: Undo(Follow) / Unfollow.
    Unfollow,
}

/// The state a follow moves to under `action`; `Ok(None)` means the follow is gone.
///
/// Receiving the same thing twice changes nothing (architecture invariant 4), so a second
/// Accept of an accepted follow, or a Reject/Unfollow of a follow that no longer exists,
/// succeeds without effect. What cannot be honoured is an error:
/// - Accept without any follow: there is nothing to accept (versia.md §9.3 "otherwise
///   ignore it"; callers ignore the `NotFound`).
/// - Accept of a rejected follow: the follower must ask again.
pub fn apply_follow_action(
    current: Option<FollowState>,
    action: FollowAction,
) -> Result<Option<FollowState>, CoreError> {
    match (current, action) {
        (Some(FollowState::Pending | FollowState::Accepted), FollowAction::Accept) => {
            Ok(Some(FollowState::Accepted))
        }
        (Some(FollowState::Rejected), FollowAction::Accept) => Err(CoreError::Conflict(
            "this follow request was rejected; it must be sent again".into(),
        )),
        (None, FollowAction::Accept) => Err(CoreError::NotFound("follow request")),
        // Reject removes a pending request *and* an established follow ("remove
        // follower", activitypub.md §5.1, versia.md §9.3). Unfollow removes either too.
        (_, FollowAction::Reject | FollowAction::Unfollow) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{local, locked, remote_ap};

    #[test]
    fn incoming_follow_decisions() {
        use FollowDecision::*;
        use FollowState as S;
        let open = local(1);
        let closed = locked(local(1));
        let remote_followee = remote_ap(1, "b.test", None);
        let follower = remote_ap(2, "c.test", None);
        let me = local(5);
        let open_itself = local(1);
        // (followee, follower, existing, blocked, domain blocked, decision)
        let table = [
            (&open, &follower, None, false, false, AutoAccept),
            (&closed, &follower, None, false, false, Pending),
            (&open, &follower, None, true, false, Reject),
            (&open, &follower, None, false, true, Reject),
            (&closed, &follower, None, true, true, Reject),
            // Re-sent follow that we already accepted: Accept again, even when locked.
            (
                &closed,
                &follower,
                Some(S::Accepted),
                false,
                false,
                AutoAccept,
            ),
            (
                &open,
                &follower,
                Some(S::Accepted),
                false,
                false,
                AutoAccept,
            ),
            // ...but a block placed since wins.
            (&closed, &follower, Some(S::Accepted), true, false, Reject),
            // Re-sent request still awaiting approval stays pending.
            (&closed, &follower, Some(S::Pending), false, false, Pending),
            // The account was unlocked since the request: accept now.
            (&open, &follower, Some(S::Pending), false, false, AutoAccept),
            // An old rejection does not stick.
            (
                &open,
                &follower,
                Some(S::Rejected),
                false,
                false,
                AutoAccept,
            ),
            (&closed, &follower, Some(S::Rejected), false, false, Pending),
            // A remote followee's server answers for it.
            (&remote_followee, &me, None, false, false, Pending),
            (
                &remote_followee,
                &me,
                Some(S::Accepted),
                false,
                false,
                AutoAccept,
            ),
            // Nobody follows themselves.
            (&open, &open_itself, None, false, false, Reject),
        ];
        for (i, (followee, follower, existing, blocked, domain, expected)) in
            table.into_iter().enumerate()
        {
            assert_eq!(
                decide_follow(followee, follower, existing, blocked, domain),
                expected,
                "case {i}"
            );
        }
    }

    #[test]
    fn decisions_map_to_stored_states() {
        let table = [
            (FollowDecision::AutoAccept, Some(FollowState::Accepted)),
            (FollowDecision::Pending, Some(FollowState::Pending)),
            (FollowDecision::Reject, None),
        ];
        for (decision, state) in table {
            assert_eq!(decision.state(), state, "{decision:?}");
        }
    }

    #[test]
    fn transitions() {
        use FollowAction::*;
        use FollowState as S;
        // (current, action, Ok(new state) or Err(is NotFound))
        type Expected = Result<Option<S>, bool>;
        let table: [(Option<S>, FollowAction, Expected); 12] = [
            (Some(S::Pending), Accept, Ok(Some(S::Accepted))),
            (Some(S::Accepted), Accept, Ok(Some(S::Accepted))),
            (Some(S::Rejected), Accept, Err(false)),
            (None, Accept, Err(true)),
            (Some(S::Pending), Reject, Ok(None)),
            (Some(S::Accepted), Reject, Ok(None)),
            (Some(S::Rejected), Reject, Ok(None)),
            (None, Reject, Ok(None)),
            (Some(S::Pending), Unfollow, Ok(None)),
            (Some(S::Accepted), Unfollow, Ok(None)),
            (Some(S::Rejected), Unfollow, Ok(None)),
            (None, Unfollow, Ok(None)),
        ];
        for (current, action, expected) in table {
            let got = apply_follow_action(current, action)
                .map_err(|e| matches!(e, CoreError::NotFound(_)));
            assert_eq!(got, expected, "{current:?} + {action:?}");
        }
    }
}
