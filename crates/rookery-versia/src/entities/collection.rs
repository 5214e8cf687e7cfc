//! Collection and URICollection (versia.md §7.2), the bodies of the collection endpoint.

use serde::{Deserialize, Serialize};

use super::Reference;

/// One page of a collection. There is no `type`, `id` or paging link in v0.6; `author`
/// is always written, as `null` when there is no owner (§7.2 [REF]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection<T> {
    pub author: Option<Reference>,
    /// Items across all pages.
    pub total: u64,
    pub items: Vec<T>,
}

/// A collection of references (followers, following, replies, ...).
pub type UriCollection = Collection<Reference>;
