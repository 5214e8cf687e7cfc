//! `@context` (activitypub.md §2.1, §3.3): a string, or an array of strings and term
//! maps. Mastodon reads compacted keys literally, so on input we only check that the
//! ActivityStreams context is there; on output we write the contexts Mastodon writes.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::one_or_many::OneOrMany;

pub const ACTIVITYSTREAMS: &str = "https://www.w3.org/ns/activitystreams";
pub const SECURITY_V1: &str = "https://w3id.org/security/v1";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ContextEntry {
    Iri(String),
    Terms(Map<String, Value>),
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Context(pub OneOrMany<ContextEntry>);

impl Context {
    /// Whether the ActivityStreams context is included (Mastodon drops documents
    /// without it, §2.1).
    pub fn includes_activitystreams(&self) -> bool {
        self.0.iter().any(|entry| match entry {
            ContextEntry::Iri(iri) => {
                iri.trim_end_matches(".jsonld") == ACTIVITYSTREAMS
                    || iri == "http://www.w3.org/ns/activitystreams"
            }
            ContextEntry::Terms(_) => false,
        })
    }

    /// Just ActivityStreams: activities and collections.
    pub fn activitystreams() -> Self {
        Context(OneOrMany::One(ContextEntry::Iri(
            ACTIVITYSTREAMS.to_owned(),
        )))
    }

    /// Actors: ActivityStreams, security v1 (publicKey) and Mastodon's extension terms
    /// (§3.2, §3.3).
    pub fn actor() -> Self {
        Self::with_terms(
            &[ACTIVITYSTREAMS, SECURITY_V1],
            json!({
                "toot": "http://joinmastodon.org/ns#",
                "schema": "http://schema.org#",
                "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
                "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
                "movedTo": {"@id": "as:movedTo", "@type": "@id"},
                "featured": {"@id": "toot:featured", "@type": "@id"},
                "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
                "discoverable": "toot:discoverable",
                "indexable": "toot:indexable",
                "memorial": "toot:memorial",
                "suspended": "toot:suspended",
                "Emoji": "toot:Emoji",
                "PropertyValue": "schema:PropertyValue",
                "value": "schema:value",
                "Hashtag": "as:Hashtag"
            }),
        )
    }

    /// Notes and the activities that embed them (§3.3, §5.3–5.7).
    pub fn note() -> Self {
        Self::with_terms(
            &[ACTIVITYSTREAMS],
            json!({
                "toot": "http://joinmastodon.org/ns#",
                "ostatus": "http://ostatus.org#",
                "sensitive": "as:sensitive",
                "Hashtag": "as:Hashtag",
                "Emoji": "toot:Emoji",
                "blurhash": "toot:blurhash",
                "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
                "votersCount": "toot:votersCount",
                "conversation": "ostatus:conversation",
                "quote": {"@id": "https://w3id.org/fep/044f#quote", "@type": "@id"},
                "quoteUri": "http://fedibird.com/ns#quoteUri",
                "_misskey_quote": "https://misskey-hub.net/ns#_misskey_quote"
            }),
        )
    }

    fn with_terms(iris: &[&str], terms: Value) -> Self {
        let mut entries: Vec<ContextEntry> = iris
            .iter()
            .map(|iri| ContextEntry::Iri((*iri).to_owned()))
            .collect();
        if let Value::Object(map) = terms {
            entries.push(ContextEntry::Terms(map));
        }
        Context(OneOrMany::Many(entries))
    }
}
