//! Reading outboxes as peers shape them (activitypub.md §7): an `OrderedCollection`
//! whose items are inline (Fedify), or whose `first` page is inline or a link
//! (Mastodon, GoToSocial, bovine); pages with `orderedItems` or `items`; items that are
//! `Create` activities embedding their Note (Fedify, Mastodon), `Create`s naming it by id
//! (GoToSocial), or bare ids (bovine).

use crate::wire::{Activity, ActivityType, AnyObject, Collection, Object, ObjectOrId};

/// One page: its items and the link to the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxPage {
    pub items: Vec<ObjectOrId<AnyObject>>,
    pub next: Option<String>,
}

/// Where an outbox's first page is.
#[derive(Debug, Clone, PartialEq)]
pub enum First {
    Page(OutboxPage),
    Link(String),
    Empty,
}

/// The page `collection` is (its items and `next`).
pub fn page(collection: &Collection) -> OutboxPage {
    OutboxPage {
        items: collection.all_items().cloned().collect(),
        next: collection.next.as_ref().map(|r| r.as_str().to_owned()),
    }
}

/// The first page of the outbox document `outbox`.
pub fn first_page(outbox: &Collection) -> First {
    if outbox.is_page() || outbox.all_items().next().is_some() {
        return First::Page(page(outbox));
    }
    match &outbox.first {
        Some(ObjectOrId::Object(inline)) => First::Page(page(inline)),
        Some(link) => link
            .id()
            .map_or(First::Empty, |id| First::Link(id.to_owned())),
        None => First::Empty,
    }
}

/// What an outbox item gives us.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A content object, with the `Create` that carried it (its addressing counts
    /// when the object has none, §5.2).
    Note(Box<Object>, Option<Box<Activity>>),
    /// An id to fetch: a note, or an activity; with the `Create` that named it.
    Fetch(String, Option<Box<Activity>>),
    /// Announces and anything else: not the account's own notes.
    Skip,
}

pub fn entry(item: &ObjectOrId<AnyObject>) -> Entry {
    match item {
        ObjectOrId::Object(any) => embedded(any),
        other => other
            .id()
            .map_or(Entry::Skip, |id| Entry::Fetch(id.to_owned(), None)),
    }
}

fn embedded(any: &AnyObject) -> Entry {
    match any {
        AnyObject::Object(object) => Entry::Note(object.clone(), None),
        AnyObject::Activity(activity) if activity.kind == ActivityType::Create => {
            match activity.first_object() {
                Some(ObjectOrId::Object(inner)) => match inner.as_ref() {
                    AnyObject::Object(object) => {
                        Entry::Note(object.clone(), Some(activity.clone()))
                    }
                    _ => Entry::Skip,
                },
                Some(reference) => reference.id().map_or(Entry::Skip, |id| {
                    Entry::Fetch(id.to_owned(), Some(activity.clone()))
                }),
                None => Entry::Skip,
            }
        }
        _ => Entry::Skip,
    }
}

/// A fetched document, as an entry: a note keeps the `Create` that named it.
pub fn fetched(document: &AnyObject, by: Option<Box<Activity>>) -> Entry {
    match (document, by) {
        (AnyObject::Object(object), by) => Entry::Note(object.clone(), by),
        (other, None) => embedded(other),
        // A Create naming another activity: nothing of ours to read.
        (_, Some(_)) => Entry::Skip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(text: &str) -> Collection {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn gotosocial_links_its_first_page_of_creates_by_id() {
        let outbox = collection(include_str!(
            "../../../../fixtures/peers/gotosocial/outbox-bob.json"
        ));
        assert_eq!(
            first_page(&outbox),
            First::Link("http://127.0.0.1:8080/users/bob/outbox?limit=40".into())
        );
        let page = page(&collection(include_str!(
            "../../../../fixtures/peers/gotosocial/outbox-bob-first-page.json"
        )));
        assert_eq!(page.items.len(), 12);
        assert!(page.next.as_deref().unwrap().contains("max_id="));
        let Entry::Fetch(id, Some(create)) = entry(&page.items[0]) else {
            panic!("a Create naming its status by id")
        };
        assert_eq!(
            id,
            "http://127.0.0.1:8080/users/bob/statuses/01M81D0N6NMSAJC8XNMA89T4HV"
        );
        assert_eq!(create.actor_id(), Some("http://127.0.0.1:8080/users/bob"));
    }

    #[test]
    fn bovine_links_its_first_page_of_bare_ids() {
        let outbox = collection(include_str!(
            "../../../../fixtures/peers/bovine/outbox-alice.json"
        ));
        let First::Link(first) = first_page(&outbox) else {
            panic!("bovine links its first page")
        };
        assert!(first.ends_with("?first=1"));
        let page = page(&collection(include_str!(
            "../../../../fixtures/peers/bovine/outbox-alice-first-page.json"
        )));
        assert_eq!(page.items.len(), 10);
        assert!(page.next.is_some());
        assert!(page
            .items
            .iter()
            .all(|item| matches!(entry(item), Entry::Fetch(id, None) if id.contains("/objects/"))));
    }

    #[test]
    fn fedify_inlines_its_creates_with_their_notes() {
        let outbox = collection(include_str!(
            "../../../../fixtures/peers/fedify/outbox-fed.json"
        ));
        let First::Page(page) = first_page(&outbox) else {
            panic!("Fedify inlines its items")
        };
        assert_eq!(page.items.len(), 8);
        let notes: Vec<Box<Object>> = page
            .items
            .iter()
            .filter_map(|item| match entry(item) {
                Entry::Note(object, Some(_)) => Some(object),
                _ => None,
            })
            .collect();
        assert!(!notes.is_empty());
        assert!(notes
            .iter()
            .all(|n| n.author() == Some("http://127.0.0.1:8200/users/fed")));
    }

    #[test]
    fn an_inline_first_page_and_announces() {
        let outbox = collection(
            r#"{"type":"OrderedCollection","id":"https://m.test/users/a/outbox",
                "first":{"type":"OrderedCollectionPage","next":"https://m.test/users/a/outbox?page=2",
                  "orderedItems":[
                    {"type":"Announce","id":"https://m.test/a/1","actor":"https://m.test/users/a",
                     "object":"https://x.test/notes/9"},
                    {"type":"Create","id":"https://m.test/a/2","actor":"https://m.test/users/a",
                     "object":{"type":"Note","id":"https://m.test/notes/2",
                               "attributedTo":"https://m.test/users/a","content":"hi"}}]}}"#,
        );
        let First::Page(page) = first_page(&outbox) else {
            panic!("inline first page")
        };
        assert_eq!(
            page.next.as_deref(),
            Some("https://m.test/users/a/outbox?page=2")
        );
        assert_eq!(entry(&page.items[0]), Entry::Skip);
        assert!(
            matches!(entry(&page.items[1]), Entry::Note(n, Some(_)) if n.id.as_deref() == Some("https://m.test/notes/2"))
        );
    }
}
