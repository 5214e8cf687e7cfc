//! Content objects (activitypub.md §5.3): Note and Question are first class; Article,
//! Page, Image, Video, Audio and Event are kept for the readable fallback (name +
//! summary + link); Tombstone answers deletions (§5.9). One struct carries the fields
//! of all of them; what a type does not use stays `None`.

use serde::{Deserialize, Serialize};

use super::attachment::Attachment;
use super::audience::Audience;
use super::collection::Collection;
use super::context::Context;
use super::kind::kind_enum;
use super::language_map::LanguageMap;
use super::lenient::{lenient, lenient_list};
use super::link::{first_html_url, LinkRef};
use super::object_or_id::{HasId, ObjectOrId};
use super::one_or_many::OneOrMany;
use super::reference::Reference;
use super::tag::{Hashtag, Mention, Tag};

kind_enum! {
    /// Object types we read; anything else is `Other` and gets no special treatment.
    ObjectType {
        Note, Question, Article, Page, Image, Video, Audio, Event, Document, Tombstone,
    }
    other Other
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Object {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: ObjectType,
    /// Content warning text for Mastodon (§5.6); a summary for Mitra and long-form types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// HTML; wins over `contentMap` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub content_map: Option<LanguageMap>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<Source>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub sensitive: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_reply_to: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Present and newer ⇒ the Update is an edit (§5.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<OneOrMany<LinkRef>>,
    /// The author; Peertube lists several (the first Person counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<OneOrMany<Reference>>,
    #[serde(default, skip_serializing_if = "Audience::is_empty")]
    pub to: Audience,
    #[serde(default, skip_serializing_if = "Audience::is_empty")]
    pub cc: Audience,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tag: Vec<Tag>,
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attachment: Vec<Attachment>,
    /// A collection (Mastodon embeds its first page) or a link to one (§7).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub replies: Option<ObjectOrId<Collection>>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub likes: Option<ObjectOrId<Collection>>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub shares: Option<ObjectOrId<Collection>>,
    /// Thread grouping (ostatus); `context` carries the same value (FEP-7888).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub conversation: Option<Reference>,
    #[serde(
        rename = "context",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub thread_context: Option<Reference>,
    /// FEP-044f quote (§5.7); the legacy forms follow.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub quote: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub quote_uri: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub quote_url: Option<Reference>,
    #[serde(
        rename = "_misskey_quote",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub misskey_quote: Option<Reference>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub quote_authorization: Option<Reference>,
    /// Question: single choice.
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub one_of: Vec<PollOption>,
    /// Question: multiple choice.
    #[serde(
        default,
        deserialize_with = "lenient_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub any_of: Vec<PollOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// A time (Mastodon) or `true`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub closed: Option<Closed>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub voters_count: Option<u64>,
    /// Tombstone: what the deleted object was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
}

impl HasId for Object {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl Object {
    /// An empty object of `kind`; fill in the fields you need.
    pub fn new(kind: ObjectType) -> Self {
        Object {
            context: None,
            id: None,
            kind,
            summary: None,
            name: None,
            content: None,
            content_map: None,
            source: None,
            sensitive: None,
            in_reply_to: None,
            published: None,
            updated: None,
            url: None,
            attributed_to: None,
            to: Audience::default(),
            cc: Audience::default(),
            tag: Vec::new(),
            attachment: Vec::new(),
            replies: None,
            likes: None,
            shares: None,
            conversation: None,
            thread_context: None,
            quote: None,
            quote_uri: None,
            quote_url: None,
            misskey_quote: None,
            quote_authorization: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            end_time: None,
            closed: None,
            voters_count: None,
            former_type: None,
            deleted: None,
        }
    }

    /// The author: the first `attributedTo`.
    pub fn author(&self) -> Option<&str> {
        self.attributed_to
            .as_ref()
            .and_then(OneOrMany::first)
            .map(Reference::as_str)
    }

    /// HTML content and its language: `content` wins, else the first `contentMap`
    /// entry (§5.3).
    pub fn content_html(&self) -> Option<&str> {
        self.content.as_deref().or_else(|| {
            self.content_map
                .as_ref()
                .and_then(|m| m.first())
                .map(|(_, c)| c)
        })
    }

    pub fn language(&self) -> Option<&str> {
        self.content_map
            .as_ref()
            .and_then(LanguageMap::first)
            .map(|(lang, _)| lang)
    }

    /// The content warning; empty strings (GoToSocial sends `""`) count as none.
    pub fn content_warning(&self) -> Option<&str> {
        self.summary.as_deref().filter(|s| !s.trim().is_empty())
    }

    pub fn mentions(&self) -> impl Iterator<Item = &Mention> {
        self.tag.iter().filter_map(|t| match t {
            Tag::Mention(m) => Some(m),
            _ => None,
        })
    }

    /// The valid `Emoji` tags (§5.4: `:shortcode:` and an http(s) `icon.url`); others
    /// are dropped.
    pub fn emojis(&self) -> impl Iterator<Item = rookery_core::emoji::CustomEmoji> + '_ {
        self.tag.iter().filter_map(|t| match t {
            Tag::Emoji(e) => {
                rookery_core::emoji::CustomEmoji::from_activitypub(&e.name, e.icon.href()?)
            }
            _ => None,
        })
    }

    pub fn hashtags(&self) -> impl Iterator<Item = &Hashtag> {
        self.tag.iter().filter_map(|t| match t {
            Tag::Hashtag(h) => Some(h),
            _ => None,
        })
    }

    /// The quoted object: FEP-044f `quote` first, then the legacy properties (§5.7).
    pub fn quoted(&self) -> Option<&str> {
        [
            &self.quote,
            &self.quote_uri,
            &self.misskey_quote,
            &self.quote_url,
        ]
        .into_iter()
        .find_map(|q| q.as_ref().map(Reference::as_str))
    }

    pub fn profile_url(&self) -> Option<&str> {
        self.url.as_ref().and_then(first_html_url)
    }

    /// Poll options with their vote counts, `oneOf` or `anyOf`.
    pub fn poll_options(&self) -> &[PollOption] {
        if self.one_of.is_empty() {
            &self.any_of
        } else {
            &self.one_of
        }
    }
}

/// `source {content, mediaType}`: what the author typed (Akkoma/Misskey read it).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// A poll option: `{type: Note, name, replies: {type: Collection, totalItems}}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PollOption {
    #[serde(rename = "type", default = "note_type")]
    pub kind: String,
    pub name: String,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub replies: Option<PollVotes>,
}

fn note_type() -> String {
    "Note".to_owned()
}

impl PollOption {
    pub fn new(name: impl Into<String>, votes: u64) -> Self {
        PollOption {
            kind: note_type(),
            name: name.into(),
            replies: Some(PollVotes {
                kind: "Collection".to_owned(),
                total_items: votes,
            }),
        }
    }

    pub fn votes(&self) -> Option<u64> {
        self.replies.as_ref().map(|r| r.total_items)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PollVotes {
    #[serde(rename = "type", default = "collection_type")]
    pub kind: String,
    #[serde(default)]
    pub total_items: u64,
}

fn collection_type() -> String {
    "Collection".to_owned()
}

/// `closed`: when the poll closed, or just `true`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Closed {
    At(String),
    Flag(bool),
}
