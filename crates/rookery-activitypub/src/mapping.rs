//! Remote ActivityPub documents to core terms: actors to accounts (with their
//! protocol-tagged federation facts) and objects to incoming notes. Remote HTML is
//! sanitized here, on the way in (activitypub.md §6.6).

use rookery_core::profile::{is_web_url, MAX_PROFILE_FIELDS};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, Origin, Profile, ProfileField, Protocol,
    PublicKey, Timestamp,
};

use crate::fetch::authority;
use crate::wire::{Actor, Object};

#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("actor has no preferredUsername (required by Mastodon too)")]
    NoUsername,
    #[error("actor has no inbox")]
    NoInbox,
    #[error("actor id is not a usable URL: {0}")]
    BadId(String),
}

/// A remote actor as a core account. `id` is used only if the account is new: the store
/// keeps the id of an account it already knows.
pub fn actor_to_account(
    actor: &Actor,
    id: AccountId,
    now: Timestamp,
) -> Result<Account, MappingError> {
    let username = actor
        .preferred_username
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .ok_or(MappingError::NoUsername)?;
    let inbox = actor.inbox.as_ref().ok_or(MappingError::NoInbox)?;
    let domain = authority(&actor.id)
        .and_then(|a| Domain::parse(&a).ok())
        .ok_or_else(|| MappingError::BadId(actor.id.clone()))?;
    let public_keys = actor
        .public_keys()
        .map(|k| PublicKey {
            key_id: k.id.clone(),
            algorithm: "rsa-sha256".into(),
            material: k.public_key_pem.clone(),
        })
        .collect();
    let facts = FederationFacts {
        protocol: Protocol::ActivityPub,
        uri: actor.id.clone(),
        inbox: inbox.as_str().to_owned(),
        shared_inbox: actor.shared_inbox().map(str::to_owned),
        url: actor.profile_url().map(str::to_owned),
        outbox: actor.outbox.as_ref().map(|r| r.as_str().to_owned()),
        followers: actor.followers.as_ref().map(|r| r.as_str().to_owned()),
        public_keys,
    };
    let created_at = actor
        .published
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
        .unwrap_or(now);
    Ok(Account {
        id,
        username: username.to_owned(),
        domain: Some(domain),
        display_name: actor.name.clone().unwrap_or_default(),
        note: actor
            .summary
            .as_deref()
            .map(rookery_html::sanitize_remote)
            .unwrap_or_default(),
        locked: actor.manually_approves_followers.unwrap_or(false),
        bot: actor.is_bot(),
        discoverable: actor.discoverable.unwrap_or(false),
        profile: actor_profile(actor),
        origin: Origin::Remote(Box::new(facts)),
        created_at,
        updated_at: now,
    })
}

/// `icon`, `image` (a URL or Image, the first of an array) and the `PropertyValue`
/// attachments (activitypub.md §3.1). Only http(s) image URLs are kept; field values
/// are remote HTML and sanitized like a bio; at most Mastodon's four fields.
pub fn actor_profile(actor: &Actor) -> Profile {
    let web = |url: Option<&str>| url.filter(|u| is_web_url(u)).map(str::to_owned);
    Profile {
        avatar: web(actor.avatar_url()),
        header: web(actor.header_url()),
        fields: actor
            .fields()
            .take(MAX_PROFILE_FIELDS)
            .map(|(name, value)| ProfileField {
                name: rookery_html::plain_text(name),
                value: rookery_html::sanitize_remote(value),
                verified_at: None,
            })
            .collect(),
        // The actor's `Emoji` tags: those of its name and bio (§5.4, as on notes).
        emojis: rookery_core::emoji::dedupe(actor.tag.iter().filter_map(|t| match t {
            crate::wire::Tag::Emoji(e) => {
                rookery_core::emoji::CustomEmoji::from_activitypub(&e.name, e.icon.href()?)
            }
            _ => None,
        })),
        vanity: Default::default(),
    }
}

/// The parts of a remote note that need no lookups.
pub struct NoteText {
    pub content_html: String,
    pub source: String,
    pub content_warning: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub url: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
}

/// Reads an object's text. Types Mastodon converts (Article, Page, ...) get a readable
/// fallback: their name as a heading and a link to the original (activitypub.md §5.3).
pub fn note_text(object: &Object) -> NoteText {
    let raw = object.content_html().unwrap_or_default();
    let convert = !matches!(
        object.kind,
        crate::wire::ObjectType::Note | crate::wire::ObjectType::Question
    );
    let html = if convert {
        let mut html = String::new();
        if let Some(name) = object.name.as_deref() {
            html.push_str(&format!(
                "<p><strong>{}</strong></p>",
                rookery_html::escape_html(name)
            ));
        }
        if let Some(summary) = object.summary.as_deref() {
            html.push_str(&format!("<p>{}</p>", rookery_html::escape_html(summary)));
        }
        if let Some(url) = object.profile_url().or(object.id.as_deref()) {
            html.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                rookery_html::escape_html(url),
                rookery_html::escape_html(url)
            ));
        }
        html
    } else {
        raw.to_owned()
    };
    let content_html = rookery_html::sanitize_remote(&html);
    NoteText {
        source: object
            .source
            .as_ref()
            .map(|s| s.content.clone())
            .unwrap_or_else(|| rookery_html::plain_text(&content_html)),
        content_html,
        // An Article's summary is a summary, not a content warning (Mitra, §5.6).
        content_warning: if convert {
            String::new()
        } else {
            object.content_warning().unwrap_or_default().to_owned()
        },
        sensitive: object.sensitive.unwrap_or(false),
        language: object.language().map(str::to_owned),
        url: object.profile_url().map(str::to_owned),
        published: object
            .published
            .as_deref()
            .and_then(Timestamp::parse_rfc3339),
        updated: object.updated.as_deref().and_then(Timestamp::parse_rfc3339),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rookery_core::Id;

    #[test]
    fn maps_a_gotosocial_actor() {
        let text = include_str!("../../../fixtures/peers/gotosocial/actor-bob.json");
        let actor: Actor = serde_json::from_str(text).unwrap();
        let account = actor_to_account(
            &actor,
            AccountId(Id::from_i64(1)),
            Timestamp::from_millis(0),
        )
        .unwrap();
        assert_eq!(account.username, "bob");
        assert_eq!(
            account.domain.as_ref().map(Domain::as_str),
            Some("127.0.0.1:8080")
        );
        let facts = account.federation().unwrap();
        assert_eq!(facts.protocol, Protocol::ActivityPub);
        assert_eq!(facts.uri, actor.id);
        // GoToSocial publishes no shared inbox: deliveries go to the personal inbox.
        assert_eq!(facts.shared_inbox, None);
        assert_eq!(
            facts.preferred_inbox(),
            "http://127.0.0.1:8080/users/bob/inbox"
        );
        assert_eq!(facts.public_keys.len(), 1);
        assert!(facts.public_keys[0].material.contains("BEGIN PUBLIC KEY"));
    }

    #[test]
    fn articles_get_a_readable_fallback() {
        let object: Object = serde_json::from_value(serde_json::json!({
            "id": "https://blog.example/p/1", "type": "Article",
            "name": "A <long> read", "summary": "What it is about",
            "content": "<p>very long</p><script>x</script>"
        }))
        .unwrap();
        let text = note_text(&object);
        assert!(text
            .content_html
            .contains("<strong>A &lt;long&gt; read</strong>"));
        assert!(text.content_html.contains("https://blog.example/p/1"));
        assert!(!text.content_html.contains("very long"));
        assert_eq!(text.content_warning, "");
    }
}

/// The profile mapping on the real peer actors, with `icon`, `image` and `attachment`
/// added in the shapes each peer sends them (GoToSocial: Image objects and
/// PropertyValues; Fedify: `url` as a Link, arrays).
#[cfg(test)]
mod profile_tests {
    use super::*;
    use serde_json::{json, Value};

    fn with(text: &str, extra: Value) -> Actor {
        let mut actor: Value = serde_json::from_str(text).unwrap();
        for (key, value) in extra.as_object().unwrap() {
            actor[key] = value.clone();
        }
        serde_json::from_value(actor).unwrap()
    }

    #[test]
    fn the_fixtures_as_captured_have_an_empty_profile() {
        for text in [
            include_str!("../../../fixtures/peers/gotosocial/actor-bob.json"),
            include_str!("../../../fixtures/peers/fedify/actor-fed.json"),
        ] {
            let actor: Actor = serde_json::from_str(text).unwrap();
            assert_eq!(actor_profile(&actor), Profile::default());
        }
    }

    #[test]
    fn gotosocial_images_and_property_values() {
        let actor = with(
            include_str!("../../../fixtures/peers/gotosocial/actor-bob.json"),
            json!({
                "icon": {"type": "Image", "mediaType": "image/png",
                         "url": "http://127.0.0.1:8080/fileserver/bob/avatar.png"},
                "image": {"type": "Image", "mediaType": "image/jpeg",
                          "url": "http://127.0.0.1:8080/fileserver/bob/header.jpg"},
                "attachment": [
                    {"type": "PropertyValue", "name": "Site",
                     "value": "<a href=\"https://bob.example\" rel=\"me\" onclick=\"x()\">bob.example</a>"},
                    {"type": "PropertyValue", "name": "Pronouns", "value": "he/him<script>x</script>"},
                    {"type": "Document", "url": "http://127.0.0.1:8080/x.png"}
                ]
            }),
        );
        let profile = actor_profile(&actor);
        assert_eq!(
            profile.avatar.as_deref(),
            Some("http://127.0.0.1:8080/fileserver/bob/avatar.png")
        );
        assert_eq!(
            profile.header.as_deref(),
            Some("http://127.0.0.1:8080/fileserver/bob/header.jpg")
        );
        assert_eq!(profile.fields.len(), 2, "the Document is not a field");
        assert_eq!(profile.fields[0].name, "Site");
        assert!(profile.fields[0].value.contains("https://bob.example"));
        assert!(!profile.fields[0].value.contains("onclick"));
        assert_eq!(profile.fields[1].name, "Pronouns");
        assert!(!profile.fields[1].value.contains("script"));
        assert_eq!(profile.fields[1].verified_at, None);
    }

    #[test]
    fn fedify_arrays_bare_urls_and_unsafe_schemes() {
        let actor = with(
            include_str!("../../../fixtures/peers/fedify/actor-fed.json"),
            json!({
                "icon": [
                    {"type": "Image", "url": {"type": "Link", "href": "https://cdn.test/fed.webp"}},
                    {"type": "Image", "url": "https://cdn.test/other.png"}
                ],
                "image": "javascript:alert(1)",
                "attachment": (0..6)
                    .map(|i| json!({"type": "PropertyValue", "name": format!("f{i}"), "value": "v"}))
                    .collect::<Vec<_>>()
            }),
        );
        let profile = actor_profile(&actor);
        assert_eq!(profile.avatar.as_deref(), Some("https://cdn.test/fed.webp"));
        assert_eq!(profile.header, None, "only http(s) images are kept");
        assert_eq!(profile.fields.len(), MAX_PROFILE_FIELDS);
        let account =
            actor_to_account(&actor, AccountId::from_i64(1), Timestamp::from_millis(0)).unwrap();
        assert_eq!(account.profile, profile);
    }
}
