//! The store as core's `Directory` port: account search, familiar followers, known
//! peers and weekly activity figures.

use async_trait::async_trait;
use rookery_core::ports::{Activity, Directory, PortResult};
use rookery_core::{AccountId, Timestamp};
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::get_count;
use crate::store::Store;

/// `text` with LIKE's wildcards escaped (by `\`), so user input matches literally.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    async fn count_between(
        &self,
        sql: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<u64, StoreError> {
        let row = sqlx::query(sql)
            .bind(from.as_millis())
            .bind(to.as_millis())
            .fetch_one(&self.read)
            .await?;
        get_count(&row, "n")
    }

    async fn account_ids<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Vec<AccountId>, StoreError> {
        query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| Ok(AccountId::from_i64(row.try_get("id")?)))
            .collect()
    }
}

#[async_trait]
impl Directory for Store {
    async fn search_accounts(
        &self,
        prefix: &str,
        domain: Option<&str>,
        followed_by: Option<AccountId>,
        limit: u32,
    ) -> PortResult<Vec<AccountId>> {
        let lower = prefix.to_lowercase();
        let mut sql = String::from(
            "SELECT a.id AS id FROM accounts a WHERE (a.username_key LIKE $1 ESCAPE '\\' \
             OR LOWER(a.display_name) LIKE $2 ESCAPE '\\')",
        );
        let mut next = 3;
        if domain.is_some() {
            sql.push_str(&format!(" AND a.domain = ${next}"));
            next += 1;
        }
        if followed_by.is_some() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${next} \
                 AND f.followee_id = a.id AND f.state = 'accepted')"
            ));
            next += 1;
        }
        sql.push_str(&format!(
            " ORDER BY CASE WHEN a.domain IS NULL THEN 0 ELSE 1 END, a.username_key, a.id \
             LIMIT ${next}"
        ));
        let mut query = sqlx::query(&sql)
            .bind(format!("{}%", like_escape(&lower)))
            .bind(format!("%{}%", like_escape(&lower)));
        if let Some(domain) = domain {
            query = query.bind(domain.to_ascii_lowercase());
        }
        if let Some(follower) = followed_by {
            query = query.bind(follower.as_i64());
        }
        query = query.bind(i64::from(limit));
        Ok(self.account_ids(query).await?)
    }

    async fn familiar_followers(
        &self,
        me: AccountId,
        of: AccountId,
        limit: u32,
    ) -> PortResult<Vec<AccountId>> {
        let query = sqlx::query(
            "SELECT mine.followee_id AS id FROM follows mine \
             JOIN follows theirs ON theirs.follower_id = mine.followee_id \
             WHERE mine.follower_id = $1 AND mine.state = 'accepted' \
             AND theirs.followee_id = $2 AND theirs.state = 'accepted' \
             ORDER BY mine.followee_id LIMIT $3",
        )
        .bind(me.as_i64())
        .bind(of.as_i64())
        .bind(i64::from(limit));
        Ok(self.account_ids(query).await?)
    }

    async fn peers(&self) -> PortResult<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT domain FROM accounts WHERE domain IS NOT NULL ORDER BY domain",
        )
        .fetch_all(&self.read)
        .await
        .map_err(StoreError::from)?;
        Ok(rows
            .iter()
            .map(|row| row.try_get("domain"))
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)?)
    }

    async fn activity(&self, from: Timestamp, to: Timestamp) -> PortResult<Activity> {
        Ok(Activity {
            statuses: self
                .count_between(
                    "SELECT COUNT(*) AS n FROM notes n JOIN accounts a ON a.id = n.author_id \
                     WHERE a.domain IS NULL AND n.created_at >= $1 AND n.created_at < $2",
                    from,
                    to,
                )
                .await?,
            logins: self
                .count_between(
                    "SELECT COUNT(DISTINCT account_id) AS n FROM access_tokens \
                     WHERE created_at >= $1 AND created_at < $2",
                    from,
                    to,
                )
                .await?,
            registrations: self
                .count_between(
                    "SELECT COUNT(*) AS n FROM accounts \
                     WHERE domain IS NULL AND created_at >= $1 AND created_at < $2",
                    from,
                    to,
                )
                .await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::like_escape;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(like_escape("a_b%c\\d"), "a\\_b\\%c\\\\d");
        assert_eq!(like_escape("plain"), "plain");
    }
}
