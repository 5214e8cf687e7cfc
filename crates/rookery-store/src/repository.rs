//! The store as core's storage port: [`Repository`] for `Store` and [`WriteTx`] for
//! `StoreTx`. Pure forwarding to the inherent methods, whose errors become `PortError`s.

use async_trait::async_trait;
use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::notification::Notification;
use rookery_core::ports::{ArrivingNote, NewNote, PortResult, Repository, WriteTx};
use rookery_core::reaction::{Dislike, Reaction};
use rookery_core::social::{Block, DomainBlock, Follow, FollowState, Like, Mute, Share};
use rookery_core::visibility::Relations;
use rookery_core::{
    Account, AccountId, Domain, FollowId, LikeId, Note, NoteId, Page, ReactionId, Report, ShareId,
    Timestamp,
};

use crate::store::Store;
use crate::tx::StoreTx;

/// Forwards to an inherent method and converts its error.
macro_rules! forward {
    ($e:expr) => {
        $e.await.map_err(Into::into)
    };
}

fn accounts_only<T>(rows: Vec<(T, Account)>) -> Vec<Account> {
    rows.into_iter().map(|(_, account)| account).collect()
}

#[async_trait]
impl Repository for Store {
    async fn account(&self, id: AccountId) -> PortResult<Option<Account>> {
        forward!(Store::account(self, id))
    }
    async fn accounts(&self, ids: &[AccountId]) -> PortResult<Vec<Account>> {
        forward!(Store::accounts(self, ids))
    }
    async fn local_account_by_username(&self, username: &str) -> PortResult<Option<Account>> {
        forward!(Store::local_account_by_username(self, username))
    }
    async fn remote_account_by_handle(
        &self,
        username: &str,
        domain: &str,
    ) -> PortResult<Option<Account>> {
        forward!(Store::remote_account_by_handle(self, username, domain))
    }
    async fn account_by_uri(&self, uri: &str) -> PortResult<Option<Account>> {
        forward!(Store::account_by_uri(self, uri))
    }
    async fn account_by_personal_inbox(&self, inbox: &str) -> PortResult<Option<Account>> {
        forward!(Store::account_by_personal_inbox(self, inbox))
    }
    async fn count_local_accounts(&self) -> PortResult<u64> {
        forward!(Store::count_local_accounts(self))
    }
    async fn local_signing_key(
        &self,
        account: AccountId,
        algorithm: &str,
    ) -> PortResult<Option<String>> {
        forward!(Store::local_signing_key(self, account, algorithm))
    }
    async fn instance_secret(&self, name: &str) -> PortResult<Option<String>> {
        forward!(Store::instance_secret(self, name))
    }

    async fn note(&self, id: NoteId) -> PortResult<Option<Note>> {
        forward!(Store::note(self, id))
    }
    async fn note_by_uri(&self, uri: &str) -> PortResult<Option<Note>> {
        forward!(Store::note_by_uri(self, uri))
    }
    async fn replies_to(&self, id: NoteId) -> PortResult<Vec<Note>> {
        forward!(Store::replies_to(self, id))
    }
    async fn count_notes_by(&self, author: AccountId) -> PortResult<u64> {
        forward!(Store::count_notes_by(self, author))
    }
    async fn count_local_notes(&self) -> PortResult<u64> {
        forward!(Store::count_local_notes(self))
    }

    async fn follow_between(
        &self,
        follower: AccountId,
        followee: AccountId,
    ) -> PortResult<Option<Follow>> {
        forward!(Store::follow_between(self, follower, followee))
    }
    async fn follow_by_uri(&self, uri: &str) -> PortResult<Option<Follow>> {
        forward!(Store::follow_by_uri(self, uri))
    }
    async fn follow(&self, id: FollowId) -> PortResult<Option<Follow>> {
        forward!(Store::follow(self, id))
    }
    async fn all_followers(&self, account: AccountId) -> PortResult<Vec<Account>> {
        forward!(Store::all_followers(self, account))
    }
    async fn followers(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>> {
        Ok(accounts_only(Store::followers(self, account, page).await?))
    }
    async fn following(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>> {
        Ok(accounts_only(Store::following(self, account, page).await?))
    }
    async fn follow_requests(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>> {
        Ok(accounts_only(
            Store::follow_requests(self, account, page).await?,
        ))
    }
    async fn follow_counts(&self, account: AccountId) -> PortResult<(u64, u64)> {
        let counts = Store::follow_counts(self, account).await?;
        Ok((counts.followers, counts.following))
    }
    async fn blocked_either_way(&self, a: AccountId, b: AccountId) -> PortResult<bool> {
        forward!(Store::blocked_either_way(self, a, b))
    }
    async fn block_between(&self, blocker: AccountId, blocked: AccountId) -> PortResult<bool> {
        Ok(Store::block_between(self, blocker, blocked)
            .await?
            .is_some())
    }
    async fn mute_between(&self, muter: AccountId, muted: AccountId) -> PortResult<Option<Mute>> {
        forward!(Store::mute_between(self, muter, muted))
    }
    async fn viewer_ties(
        &self,
        viewer: AccountId,
        accounts: &[AccountId],
    ) -> PortResult<rookery_core::ports::ViewerTies> {
        forward!(Store::viewer_ties(self, viewer, accounts))
    }
    async fn is_domain_blocked(&self, account: AccountId, domain: &Domain) -> PortResult<bool> {
        forward!(Store::is_domain_blocked(self, account, domain))
    }

    async fn notification_candidates(
        &self,
        accounts: &[AccountId],
        actor: &Account,
    ) -> PortResult<Vec<rookery_core::notify::Candidate>> {
        forward!(Store::notification_candidates(
            self,
            accounts,
            actor.id,
            actor.domain.as_ref()
        ))
    }

    async fn relations_between(
        &self,
        viewer: AccountId,
        author: AccountId,
        author_domain: Option<&Domain>,
    ) -> PortResult<Relations> {
        forward!(Store::relations_between(
            self,
            viewer,
            author,
            author_domain
        ))
    }

    async fn like_between(&self, account: AccountId, note: NoteId) -> PortResult<Option<Like>> {
        forward!(Store::like_between(self, account, note))
    }
    async fn share_between(&self, account: AccountId, note: NoteId) -> PortResult<Option<Share>> {
        forward!(Store::share_between(self, account, note))
    }
    async fn like(&self, id: LikeId) -> PortResult<Option<Like>> {
        forward!(Store::like(self, id))
    }
    async fn share(&self, id: ShareId) -> PortResult<Option<Share>> {
        forward!(Store::share(self, id))
    }
    async fn count_likes(&self, note: NoteId) -> PortResult<u64> {
        forward!(Store::count_likes(self, note))
    }
    async fn count_shares(&self, note: NoteId) -> PortResult<u64> {
        forward!(Store::count_shares(self, note))
    }
    async fn reaction_between(
        &self,
        account: AccountId,
        note: NoteId,
        content: &str,
    ) -> PortResult<Option<Reaction>> {
        forward!(Store::reaction_between(self, account, note, content))
    }
    async fn reaction_by_uri(&self, uri: &str) -> PortResult<Option<Reaction>> {
        forward!(Store::reaction_by_uri(self, uri))
    }
    async fn reactions_on(&self, note: NoteId) -> PortResult<Vec<Reaction>> {
        forward!(Store::reactions_on(self, note))
    }
    async fn dislike_by_uri(&self, uri: &str) -> PortResult<Option<Dislike>> {
        forward!(Store::dislike_by_uri(self, uri))
    }

    async fn home_timeline(&self, owner: AccountId, page: &Page) -> PortResult<Vec<Note>> {
        forward!(Store::home_timeline(self, owner, page))
    }
    async fn public_timeline(&self, local_only: bool, page: &Page) -> PortResult<Vec<Note>> {
        forward!(Store::public_timeline(self, local_only, page))
    }
    async fn account_timeline(&self, account: AccountId, page: &Page) -> PortResult<Vec<Note>> {
        forward!(Store::account_timeline(self, account, page))
    }
    async fn tag_timeline(&self, tag: &str, page: &Page) -> PortResult<Vec<Note>> {
        forward!(Store::tag_timeline(self, tag, page))
    }
    async fn notifications(
        &self,
        recipient: AccountId,
        page: &Page,
    ) -> PortResult<Vec<Notification>> {
        forward!(Store::notifications(self, recipient, page))
    }

    async fn inbox_seen(&self, activity_uri: &str) -> PortResult<bool> {
        forward!(Store::inbox_seen(self, activity_uri))
    }
    async fn tombstone(&self, key: &str) -> PortResult<Option<Timestamp>> {
        forward!(Store::tombstone(self, key))
    }
    async fn arriving_note(&self, uri: &str) -> PortResult<ArrivingNote> {
        forward!(Store::arriving_note(self, uri))
    }

    async fn recent_reports(&self, limit: u32) -> PortResult<Vec<Report>> {
        forward!(Store::recent_reports(self, limit))
    }

    async fn begin(&self) -> PortResult<Box<dyn WriteTx>> {
        // Core's writes share commits (group commit): one flush for many transactions.
        Ok(Box::new(Store::begin_grouped(self).await?))
    }

    async fn store_new_note(&self, new: NewNote) -> PortResult<bool> {
        forward!(Store::store_new_note(self, new))
    }
}

#[async_trait]
impl WriteTx for StoreTx {
    async fn upsert_remote_account(&mut self, account: &Account) -> PortResult<AccountId> {
        forward!(StoreTx::upsert_remote_account(self, account))
    }
    async fn update_account_profile(&mut self, account: &Account) -> PortResult<bool> {
        forward!(StoreTx::update_account_profile(self, account))
    }
    async fn delete_remote_account(&mut self, id: AccountId) -> PortResult<bool> {
        forward!(StoreTx::delete_remote_account(self, id))
    }
    async fn set_local_signing_key(
        &mut self,
        account: AccountId,
        algorithm: &str,
        private_key_pem: &str,
    ) -> PortResult<()> {
        forward!(StoreTx::set_local_signing_key(
            self,
            account,
            algorithm,
            private_key_pem
        ))
    }
    async fn init_instance_secret(&mut self, name: &str, value: &str) -> PortResult<String> {
        forward!(StoreTx::init_instance_secret(self, name, value))
    }

    async fn insert_note(&mut self, note: &Note) -> PortResult<()> {
        forward!(StoreTx::insert_note(self, note))
    }
    async fn update_note(&mut self, note: &Note) -> PortResult<bool> {
        forward!(StoreTx::update_note(self, note))
    }
    async fn delete_note(&mut self, id: NoteId) -> PortResult<bool> {
        forward!(StoreTx::delete_note(self, id))
    }
    async fn insert_tombstone(&mut self, key: &str, deleted_at: Timestamp) -> PortResult<()> {
        forward!(StoreTx::insert_tombstone(self, key, deleted_at))
    }

    async fn insert_follow(&mut self, follow: &Follow) -> PortResult<bool> {
        forward!(StoreTx::insert_follow(self, follow))
    }
    async fn set_follow_state(&mut self, id: FollowId, state: FollowState) -> PortResult<bool> {
        forward!(StoreTx::set_follow_state(self, id, state))
    }
    async fn delete_follow(&mut self, id: FollowId) -> PortResult<bool> {
        forward!(StoreTx::delete_follow(self, id))
    }
    async fn insert_block(&mut self, block: &Block) -> PortResult<bool> {
        forward!(StoreTx::insert_block(self, block))
    }
    async fn delete_block(&mut self, blocker: AccountId, blocked: AccountId) -> PortResult<bool> {
        forward!(StoreTx::delete_block(self, blocker, blocked))
    }
    async fn insert_mute(&mut self, mute: &Mute) -> PortResult<()> {
        forward!(StoreTx::insert_mute(self, mute))
    }
    async fn delete_mute(&mut self, muter: AccountId, muted: AccountId) -> PortResult<bool> {
        forward!(StoreTx::delete_mute(self, muter, muted))
    }
    async fn insert_domain_block(&mut self, block: &DomainBlock) -> PortResult<bool> {
        forward!(StoreTx::insert_domain_block(self, block))
    }
    async fn delete_domain_block(
        &mut self,
        account: AccountId,
        domain: &Domain,
    ) -> PortResult<bool> {
        forward!(StoreTx::delete_domain_block(self, account, domain))
    }

    async fn insert_like(&mut self, like: &Like) -> PortResult<bool> {
        forward!(StoreTx::insert_like(self, like))
    }
    async fn delete_like(&mut self, account: AccountId, note: NoteId) -> PortResult<bool> {
        forward!(StoreTx::delete_like(self, account, note))
    }
    async fn insert_share(&mut self, share: &Share) -> PortResult<bool> {
        forward!(StoreTx::insert_share(self, share))
    }
    async fn delete_share(&mut self, account: AccountId, note: NoteId) -> PortResult<bool> {
        forward!(StoreTx::delete_share(self, account, note))
    }
    async fn insert_reaction(&mut self, reaction: &Reaction) -> PortResult<bool> {
        forward!(StoreTx::insert_reaction(self, reaction))
    }
    async fn delete_reaction(&mut self, id: ReactionId) -> PortResult<bool> {
        forward!(StoreTx::delete_reaction(self, id))
    }
    async fn insert_dislike(&mut self, dislike: &Dislike) -> PortResult<bool> {
        forward!(StoreTx::insert_dislike(self, dislike))
    }
    async fn delete_dislike(&mut self, account: AccountId, note: NoteId) -> PortResult<bool> {
        forward!(StoreTx::delete_dislike(self, account, note))
    }

    async fn insert_notification(&mut self, notification: &Notification) -> PortResult<()> {
        forward!(StoreTx::insert_notification(self, notification))
    }

    async fn enqueue(
        &mut self,
        activity: &OutboundActivity,
        targets: &[DeliveryTarget],
    ) -> PortResult<u64> {
        forward!(StoreTx::enqueue(self, activity, targets))
    }
    async fn insert_report(&mut self, report: &Report) -> PortResult<bool> {
        forward!(StoreTx::insert_report(self, report))
    }
    async fn mark_inbox_seen(&mut self, activity_uri: &str, now: Timestamp) -> PortResult<bool> {
        forward!(StoreTx::mark_inbox_seen(self, activity_uri, now))
    }

    async fn commit(self: Box<Self>) -> PortResult<()> {
        forward!(StoreTx::commit(*self))
    }
}
