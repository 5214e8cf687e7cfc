//! Who among some accounts may be notified of what one account did: for each local
//! account, its blocks, mutes and domain blocks towards the actor and its follow of the
//! actor, all in one statement.

use rookery_core::notify::Candidate;
use rookery_core::social::FollowState;
use rookery_core::visibility::Relations;
use rookery_core::{AccountId, Domain};
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::{get_bool, placeholders};
use crate::store::Store;

impl Store {
    /// The local accounts among `accounts` as notification candidates of `actor` (whose
    /// domain is `actor_domain`, `None` for a local one); remote or unknown ids are left
    /// out. The same answers as `relations_between` and `follow_between` for each, in
    /// one read: a remote note mentioning local users asked those two per user, and on
    /// SQLite each read is a round trip to a reader thread (issue 7, B1).
    pub async fn notification_candidates(
        &self,
        accounts: &[AccountId],
        actor: AccountId,
        actor_domain: Option<&Domain>,
    ) -> Result<Vec<Candidate>, StoreError> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT a.id AS account_id, \
             EXISTS (SELECT 1 FROM blocks WHERE blocker_id = a.id AND blocked_id = $1) \
               AS viewer_blocks, \
             EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = a.id) \
               AS author_blocks, \
             EXISTS (SELECT 1 FROM mutes WHERE muter_id = a.id AND muted_id = $1) AS mutes, \
             EXISTS (SELECT 1 FROM mutes WHERE muter_id = a.id AND muted_id = $1 \
               AND notifications) AS mutes_notifications, \
             EXISTS (SELECT 1 FROM domain_blocks WHERE account_id = a.id AND domain = $2) \
               AS domain_blocked, \
             EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = a.id \
               AND f.followee_id = $1 AND f.state = $3) AS follows_actor, \
             EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = a.id \
               AND f.followee_id = $1 AND f.state = $3 AND f.notify) AS subscribed \
             FROM accounts a WHERE a.domain IS NULL AND a.id IN ({})",
            placeholders(4, accounts.len())
        );
        let mut query = sqlx::query(&sql)
            .bind(actor.as_i64())
            // No domain (a local actor) matches no domain block.
            .bind(actor_domain.map_or("", |d| d.as_str()))
            .bind(FollowState::Accepted.as_str());
        for account in accounts {
            query = query.bind(account.as_i64());
        }
        let rows = query.fetch_all(&self.read).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let account = AccountId::from_i64(row.try_get("account_id")?);
            let yes = |column: &str| get_bool(row, column);
            // Nobody blocks or mutes themselves: the actor as a candidate has no ties.
            let itself = account == actor;
            let viewer_mutes_author = !itself && yes("mutes")?;
            out.push(Candidate {
                account,
                is_local: true,
                relations: Relations {
                    viewer_blocks_author: !itself && yes("viewer_blocks")?,
                    author_blocks_viewer: !itself && yes("author_blocks")?,
                    viewer_mutes_author,
                    viewer_mutes_author_notifications: viewer_mutes_author
                        && yes("mutes_notifications")?,
                    viewer_domain_blocks_author: !itself
                        && actor_domain.is_some()
                        && yes("domain_blocked")?,
                },
                follows_actor: yes("follows_actor")?,
                subscribed: yes("subscribed")?,
            });
        }
        // In the order asked: notifications take their ids in that order.
        out.sort_by_key(|c| accounts.iter().position(|a| *a == c.account));
        Ok(out)
    }
}
