//! Mastodon-style paging (`max_id`, `since_id`, `min_id`, `limit`) turned into SQL.

use rookery_core::Id;

/// Paging requests are core's [`Page`]; this module turns one into SQL. Every paged
/// query returns items **newest first**, `min_id` pages included (the store fetches
/// oldest-first and reverses), so callers never reorder.
pub use rookery_core::Page;

/// The tail of a paged statement: ` AND ... ORDER BY ... LIMIT $n` and its arguments.
pub(crate) struct Paging {
    pub sql: String,
    pub binds: Vec<i64>,
    /// The rows come oldest first and must be reversed.
    pub reverse: bool,
}

/// Builds the paging tail for `column`, numbering placeholders from `first_param`.
pub(crate) fn paging(page: &Page, column: &str, first_param: usize) -> Paging {
    let mut sql = String::new();
    let mut binds = Vec::new();
    let mut push = |op: &str, id: Id, sql: &mut String| {
        binds.push(id.as_i64());
        sql.push_str(&format!(
            " AND {column} {op} ${}",
            first_param + binds.len() - 1
        ));
    };
    if let Some(id) = page.max_id {
        push("<", id, &mut sql);
    }
    if let Some(id) = page.since_id {
        push(">", id, &mut sql);
    }
    if let Some(id) = page.min_id {
        push(">", id, &mut sql);
    }
    let reverse = page.min_id.is_some();
    let direction = if reverse { "ASC" } else { "DESC" };
    binds.push(i64::from(page.limit));
    sql.push_str(&format!(
        " ORDER BY {column} {direction} LIMIT ${}",
        first_param + binds.len() - 1
    ));
    Paging {
        sql,
        binds,
        reverse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails() {
        let p = paging(&Page::newest(5), "n.id", 2);
        assert_eq!(p.sql, " ORDER BY n.id DESC LIMIT $2");
        assert_eq!(p.binds, vec![5]);
        let page = Page {
            max_id: Some(Id::from_i64(9)),
            min_id: Some(Id::from_i64(3)),
            ..Page::newest(2)
        };
        let p = paging(&page, "n.id", 1);
        assert_eq!(
            p.sql,
            " AND n.id < $1 AND n.id > $2 ORDER BY n.id ASC LIMIT $3"
        );
        assert_eq!(p.binds, vec![9, 3, 2]);
        assert!(p.reverse);
    }
}
