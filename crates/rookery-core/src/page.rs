//! One page of a Mastodon-style list: `max_id`, `since_id`, `min_id` and `limit`, with
//! Mastodon's defaults, caps and ordering (its `Paginable` concern).

use crate::error::CoreError;
use crate::id::Id;

/// A validated page request. Ids are exclusive bounds.
///
/// - `max_id`: only items older than it (scrolling down).
/// - `since_id`: only items newer than it, but the *newest* `limit` of them (a gap may
///   remain between `since_id` and the page).
/// - `min_id`: the `limit` items right after it, *oldest first* (scrolling up without
///   gaps). When both are given, `min_id` wins, as in Mastodon.
///
/// Whatever the request, the items of a page are returned newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub max_id: Option<Id>,
    pub since_id: Option<Id>,
    pub min_id: Option<Id>,
    pub limit: u32,
}

impl Page {
    pub const DEFAULT_LIMIT: u32 = 20;
    /// Mastodon caps statuses pages at 40 (`DEFAULT_STATUSES_LIMIT * 2`).
    pub const MAX_LIMIT: u32 = 40;

    /// The newest `limit` items (clamped into `1..=40`).
    pub fn newest(limit: u32) -> Self {
        Page::new(None, None, None, Some(i64::from(limit)))
    }

    /// Builds a page, clamping `limit` into `1..=40` (missing: 20), as Mastodon's
    /// `limit_param` does instead of refusing.
    pub fn new(
        max_id: Option<Id>,
        since_id: Option<Id>,
        min_id: Option<Id>,
        limit: Option<i64>,
    ) -> Self {
        let limit = limit.map_or(Self::DEFAULT_LIMIT, |l| {
            // Lossless: the value is clamped into 1..=40 first.
            l.clamp(1, i64::from(Self::MAX_LIMIT)) as u32
        });
        Page {
            max_id,
            since_id,
            min_id,
            limit,
        }
    }

    /// Builds a page from query-string values. Malformed ids are refused (they could
    /// never match anything, and silently ignoring one would return the wrong page); a
    /// malformed `limit` falls back to the default, since a page of some size is always
    /// a sensible answer.
    pub fn from_query(
        max_id: Option<&str>,
        since_id: Option<&str>,
        min_id: Option<&str>,
        limit: Option<&str>,
    ) -> Result<Self, CoreError> {
        let id = |field: &'static str, value: Option<&str>| -> Result<Option<Id>, CoreError> {
            match value.map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| CoreError::invalid(field, format!("{v:?} is not an id"))),
            }
        };
        let limit = limit.and_then(|l| l.trim().parse::<i64>().ok());
        Ok(Page::new(
            id("max_id", max_id)?,
            id("since_id", since_id)?,
            id("min_id", min_id)?,
            limit,
        ))
    }

    /// Whether items are picked from the oldest end of the range.
    pub fn oldest_first(&self) -> bool {
        self.min_id.is_some()
    }

    /// The exclusive lower bound: `min_id`, else `since_id`.
    pub fn lower_bound(&self) -> Option<Id> {
        self.min_id.or(self.since_id)
    }

    /// Whether `id` lies inside the page's bounds (before applying `limit`).
    pub fn contains(&self, id: Id) -> bool {
        self.max_id.is_none_or(|max| id < max) && self.lower_bound().is_none_or(|min| id > min)
    }

    /// The reference semantics stores must match: picks this page out of `ids` (any
    /// order, no duplicates) and returns it newest first.
    pub fn select(&self, ids: &[Id]) -> Vec<Id> {
        let mut inside: Vec<Id> = ids
            .iter()
            .copied()
            .filter(|id| self.contains(*id))
            .collect();
        let limit = self.limit as usize;
        if self.oldest_first() {
            inside.sort_unstable();
            inside.truncate(limit);
            inside.reverse();
        } else {
            inside.sort_unstable_by(|a, b| b.cmp(a));
            inside.truncate(limit);
        }
        inside
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::new(None, None, None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(raw: &[i64]) -> Vec<Id> {
        raw.iter().map(|&n| Id::from_i64(n)).collect()
    }

    #[test]
    fn limits_are_clamped() {
        let table = [
            (None, 20),
            (Some(0), 1),
            (Some(-5), 1),
            (Some(1), 1),
            (Some(39), 39),
            (Some(40), 40),
            (Some(41), 40),
            (Some(i64::MAX), 40),
        ];
        for (limit, expected) in table {
            assert_eq!(
                Page::new(None, None, None, limit).limit,
                expected,
                "{limit:?}"
            );
        }
        assert_eq!(Page::default().limit, Page::DEFAULT_LIMIT);
    }

    #[test]
    fn query_values_are_parsed() {
        // (max_id, since_id, min_id, limit, Ok((max, since, min, limit)) or Err(field))
        type Want = Result<(Option<i64>, Option<i64>, Option<i64>, u32), &'static str>;
        let table: [(_, _, _, _, Want); 7] = [
            (None, None, None, None, Ok((None, None, None, 20))),
            (
                Some("10"),
                Some("2"),
                None,
                Some("5"),
                Ok((Some(10), Some(2), None, 5)),
            ),
            (
                None,
                None,
                Some(" 7 "),
                Some("100"),
                Ok((None, None, Some(7), 40)),
            ),
            (
                Some(""),
                None,
                None,
                Some("abc"),
                Ok((None, None, None, 20)),
            ),
            (Some("x"), None, None, None, Err("max_id")),
            (None, Some("-1"), None, None, Err("since_id")),
            (None, None, Some("1.5"), None, Err("min_id")),
        ];
        for (max, since, min, limit, expected) in table {
            let got = Page::from_query(max, since, min, limit)
                .map(|p| {
                    let raw = |i: Option<Id>| i.map(Id::as_i64);
                    (raw(p.max_id), raw(p.since_id), raw(p.min_id), p.limit)
                })
                .map_err(|e| match e {
                    CoreError::Invalid { field, .. } => field,
                    _ => "other error",
                });
            assert_eq!(got, expected, "{max:?} {since:?} {min:?} {limit:?}");
        }
    }

    #[test]
    fn selection_follows_mastodon() {
        let all = ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let id = |n| Some(Id::from_i64(n));
        // (max_id, since_id, min_id, limit, expected page, newest first)
        let table = [
            (None, None, None, 3, vec![10, 9, 8]),
            (id(8), None, None, 3, vec![7, 6, 5]),
            (id(2), None, None, 3, vec![1]),
            (id(1), None, None, 3, vec![]),
            // since_id: the newest items, stopping at since_id (a gap 4..=7 remains).
            (None, id(3), None, 3, vec![10, 9, 8]),
            // min_id: the items right after min_id, still returned newest first.
            (None, None, id(3), 3, vec![6, 5, 4]),
            (id(6), None, id(3), 5, vec![5, 4]),
            // min_id wins over since_id.
            (None, id(8), id(3), 2, vec![5, 4]),
            (None, None, id(10), 3, vec![]),
            (id(5), id(5), None, 3, vec![]),
        ];
        for (max, since, min, limit, expected) in table {
            let page = Page::new(max, since, min, Some(limit));
            assert_eq!(page.select(&all), ids(&expected), "{page:?}");
        }
        // Input order does not matter.
        let shuffled = ids(&[5, 1, 9, 3, 7]);
        assert_eq!(
            Page::new(None, None, None, Some(2)).select(&shuffled),
            ids(&[9, 7])
        );
    }
}
