//! Following: a local account follows, unfollows, accepts or refuses followers. Remote
//! parties are told through federation; local ones are notified.

use crate::audience::account_audience;
use crate::error::CoreError;
use crate::follow_policy::{decide_follow, FollowDecision};
use crate::id::{AccountId, FollowId};
use crate::notify::follow_notification;
use crate::ports::{Event, FollowEvent};
use crate::social::{Follow, FollowState};
use crate::Account;

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

impl Services {
    /// `follower` (local) follows `followee` (local or remote). A local followee decides
    /// at once (accepted, or a request when locked); a remote one answers later through
    /// federation, so the follow stays pending until its Accept arrives.
    pub async fn follow(&self, follower: AccountId, followee: AccountId) -> ServiceResult<Follow> {
        let follower = self.local_account(follower).await?;
        let followee = self
            .repo
            .account(followee)
            .await?
            .ok_or_else(|| not_found("account"))?;
        Self::check_not_self(follower.id, followee.id)?;
        let existing = self.repo.follow_between(follower.id, followee.id).await?;
        if let Some(follow) = &existing {
            // Already following or asked: nothing new to say (Mastodon re-sends nothing).
            if follow.state != FollowState::Rejected {
                return Ok(follow.clone());
            }
        }
        let blocked = self
            .repo
            .blocked_either_way(follower.id, followee.id)
            .await?;
        let domain_blocked = match &followee.domain {
            Some(domain) => self.repo.is_domain_blocked(follower.id, domain).await?,
            None => false,
        };
        if blocked || domain_blocked {
            return Err(forbidden("blocked"));
        }
        let decision = decide_follow(&followee, &follower, None, false, false);
        let Some(state) = decision.state() else {
            return Err(forbidden("this follow is not allowed"));
        };
        let follow = Follow {
            id: FollowId(self.new_id()),
            follower: follower.id,
            followee: followee.id,
            state,
            uri: None,
            show_reblogs: true,
            notify: false,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        if let Some(old) = existing {
            tx.delete_follow(old.id).await?;
        }
        tx.insert_follow(&follow).await?;
        let mut queued = 0;
        if followee.is_local() {
            let candidate = self.candidate(&followee, &follower).await?;
            let intents = follow_notification(&candidate, follower.id, None, decision);
            self.store_notifications(tx.as_mut(), intents.as_slice())
                .await?;
        } else {
            let event = Event::FollowRequested(FollowEvent {
                follow: &follow,
                follower: &follower,
                followee: &followee,
            });
            let audience = account_audience(&followee, &self.local_domain);
            queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        }
        self.commit(tx, queued).await?;
        Ok(follow)
    }

    /// Stops following (or withdraws a request). Idempotent.
    pub async fn unfollow(&self, follower: AccountId, followee: AccountId) -> ServiceResult<()> {
        let follower = self.local_account(follower).await?;
        let Some(follow) = self.repo.follow_between(follower.id, followee).await? else {
            return Ok(());
        };
        let followee = self
            .repo
            .account(followee)
            .await?
            .ok_or_else(|| not_found("account"))?;
        let mut tx = self.repo.begin().await?;
        tx.delete_follow(follow.id).await?;
        let event = Event::Unfollowed(FollowEvent {
            follow: &follow,
            follower: &follower,
            followee: &followee,
        });
        let queued = self
            .enqueue(
                tx.as_mut(),
                &event,
                &account_audience(&followee, &self.local_domain),
            )
            .await?;
        self.commit(tx, queued).await
    }

    /// Local `followee` accepts `follower`'s pending request.
    pub async fn accept_follow_request(
        &self,
        followee: AccountId,
        follower: AccountId,
    ) -> ServiceResult<Follow> {
        let (follow, followee, follower) = self.pending_request(followee, follower).await?;
        let mut tx = self.repo.begin().await?;
        tx.set_follow_state(follow.id, FollowState::Accepted)
            .await?;
        let accepted = Follow {
            state: FollowState::Accepted,
            ..follow
        };
        let event = Event::FollowAccepted(FollowEvent {
            follow: &accepted,
            follower: &follower,
            followee: &followee,
        });
        let queued = self
            .enqueue(
                tx.as_mut(),
                &event,
                &account_audience(&follower, &self.local_domain),
            )
            .await?;
        self.commit(tx, queued).await?;
        Ok(accepted)
    }

    /// Local `followee` refuses a pending request, or removes an existing follower.
    pub async fn reject_follower(
        &self,
        followee: AccountId,
        follower: AccountId,
    ) -> ServiceResult<()> {
        let followee = self.local_account(followee).await?;
        let Some(follow) = self.repo.follow_between(follower, followee.id).await? else {
            return Ok(());
        };
        let follower = self
            .repo
            .account(follower)
            .await?
            .ok_or_else(|| not_found("account"))?;
        let mut tx = self.repo.begin().await?;
        tx.delete_follow(follow.id).await?;
        let event = Event::FollowRejected(FollowEvent {
            follow: &follow,
            follower: &follower,
            followee: &followee,
        });
        let queued = self
            .enqueue(
                tx.as_mut(),
                &event,
                &account_audience(&follower, &self.local_domain),
            )
            .await?;
        self.commit(tx, queued).await
    }

    async fn pending_request(
        &self,
        followee: AccountId,
        follower: AccountId,
    ) -> ServiceResult<(Follow, Account, Account)> {
        let followee = self.local_account(followee).await?;
        let follow = self
            .repo
            .follow_between(follower, followee.id)
            .await?
            .filter(|f| f.state == FollowState::Pending)
            .ok_or_else(|| not_found("follow request"))?;
        let follower = self
            .repo
            .account(follower)
            .await?
            .ok_or_else(|| not_found("account"))?;
        Ok((follow, followee, follower))
    }

    /// Refuses following oneself with a clear message (the rule in `decide_follow`
    /// would only say "not allowed").
    pub(crate) fn check_not_self(a: AccountId, b: AccountId) -> ServiceResult<()> {
        if a == b {
            return Err(CoreError::invalid("account", "cannot be yourself").into());
        }
        Ok(())
    }
}

impl FollowDecision {
    /// Whether the followee's server must be told the answer right away.
    pub(crate) fn answers_now(self) -> bool {
        !matches!(self, FollowDecision::Pending)
    }
}
