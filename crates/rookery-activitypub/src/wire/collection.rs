//! Collections (activitypub.md §7): OrderedCollection, OrderedCollectionPage,
//! Collection, CollectionPage. Consumers must handle an inline first page or a link to
//! it, `items` or `orderedItems`, items as ids or embedded objects, and a missing
//! `totalItems`.

use serde::{Deserialize, Serialize};

use super::any::AnyObject;
use super::context::Context;
use super::kind::kind_enum;
use super::lenient::{lenient, lenient_list};
use super::object_or_id::{HasId, ObjectOrId};
use super::reference::Reference;

kind_enum! {
    CollectionType { OrderedCollection, OrderedCollectionPage, Collection, CollectionPage }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: CollectionType,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_items: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub first: Option<ObjectOrId<Collection>>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub last: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub next: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub prev: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub part_of: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub items: Vec<ObjectOrId<AnyObject>>,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ordered_items: Vec<ObjectOrId<AnyObject>>,
}

impl HasId for Collection {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl Collection {
    pub fn new(kind: CollectionType, id: Option<String>) -> Self {
        Collection {
            context: None,
            id,
            kind,
            total_items: None,
            first: None,
            last: None,
            next: None,
            prev: None,
            part_of: None,
            items: Vec::new(),
            ordered_items: Vec::new(),
        }
    }

    /// The items of this page, whichever property carried them.
    pub fn all_items(&self) -> impl Iterator<Item = &ObjectOrId<AnyObject>> {
        self.ordered_items.iter().chain(&self.items)
    }

    /// The ids of the items (embedded items without an id are skipped).
    pub fn item_ids(&self) -> Vec<&str> {
        self.all_items().filter_map(ObjectOrId::id).collect()
    }

    /// The first page when it is inline.
    pub fn first_page(&self) -> Option<&Collection> {
        self.first.as_ref().and_then(ObjectOrId::object)
    }

    pub fn is_page(&self) -> bool {
        matches!(
            self.kind,
            CollectionType::OrderedCollectionPage | CollectionType::CollectionPage
        )
    }
}
