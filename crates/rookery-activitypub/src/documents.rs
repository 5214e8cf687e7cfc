//! Our own documents: local actors, the instance actor and notes, shaped as Mastodon
//! reads them (activitypub.md §3.1, §5.3, §5.4). Ids are URLs from [`Urls`].

use rookery_core::local_emojis::LocalEmojis;
use rookery_core::{Account, Note, Timestamp, Visibility};
use serde_json::{json, Value};

use crate::urls::Urls;
use crate::wire::visibility::addressing;
use crate::wire::Context;

/// The AP id of any account: ours by URL layout, a remote one as stored.
pub fn account_uri(urls: &Urls, account: &Account) -> String {
    match account.federation() {
        Some(facts) => facts.uri.clone(),
        None => urls.actor(&account.username),
    }
}

/// The AP id of any note.
pub fn note_uri(urls: &Urls, note: &Note) -> String {
    note.uri.clone().unwrap_or_else(|| urls.note(note.id))
}

/// The followers collection addressed for an account's followers-only posts.
pub fn followers_uri(urls: &Urls, account: &Account) -> String {
    match account.federation() {
        Some(facts) => facts
            .followers
            .clone()
            .unwrap_or_else(|| format!("{}/followers", facts.uri)),
        None => urls.followers(&account.username),
    }
}

/// `@user@domain`, as a Mention tag's name.
pub fn mention_name(local_domain: &str, account: &Account) -> String {
    match &account.domain {
        Some(domain) => format!("@{}@{}", account.username, domain),
        None => format!("@{}@{}", account.username, local_domain),
    }
}

pub fn context(value: Context) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A local account as a `Person`.
pub fn actor(
    urls: &Urls,
    domain: &str,
    account: &Account,
    public_key_pem: &str,
    emojis: &LocalEmojis,
) -> Value {
    let id = urls.actor(&account.username);
    let mut actor = json!({
        "@context": context(Context::actor()),
        "id": id,
        "type": if account.bot { "Service" } else { "Person" },
        "preferredUsername": account.username,
        "name": account.display_name,
        "summary": account.note,
        "url": urls.profile(&account.username),
        "inbox": urls.inbox(&account.username),
        "outbox": urls.collection(&account.username, "outbox"),
        "followers": urls.followers(&account.username),
        "following": urls.collection(&account.username, "following"),
        "featured": urls.collection(&account.username, "featured"),
        "endpoints": {"sharedInbox": urls.shared_inbox()},
        "publicKey": {
            "id": urls.key_id(&account.username),
            "owner": id,
            "publicKeyPem": public_key_pem,
        },
        "manuallyApprovesFollowers": account.locked,
        "discoverable": account.discoverable,
        "indexable": account.discoverable,
        "published": account.created_at.to_rfc3339(),
        // FEP-2c59: the canonical handle.
        "webfinger": format!("{}@{}", account.username, domain),
        "attachment": profile_fields(account),
        "tag": crate::emoji_tags::actor_emoji_tags(urls, emojis, account),
    });
    if let Some(url) = &account.profile.avatar {
        actor["icon"] = image(url);
    }
    if let Some(url) = &account.profile.header {
        actor["image"] = image(url);
    }
    actor
}

/// An actor's `icon`/`image`: an `Image` with its type, as Mastodon sends them
/// (activitypub.md §3.1).
fn image(url: &str) -> Value {
    let lower = url.to_ascii_lowercase();
    let media_type = if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".gif") {
        "image/gif"
    } else if lower.ends_with(".webp") {
        "image/webp"
    } else {
        // The media library stores everything else as JPEG.
        "image/jpeg"
    };
    json!({"type": "Image", "mediaType": media_type, "url": url})
}

/// Profile fields as `PropertyValue` attachments, `value` as HTML (activitypub.md §3.1).
fn profile_fields(account: &Account) -> Vec<Value> {
    account
        .profile
        .fields
        .iter()
        .map(|f| json!({"type": "PropertyValue", "name": f.name, "value": f.value}))
        .collect()
}

/// The instance actor (activitypub.md §1.4): signs our fetches, served unsigned.
pub fn instance_actor(urls: &Urls, domain: &str, public_key_pem: &str) -> Value {
    let id = urls.instance_actor();
    json!({
        "@context": context(Context::actor()),
        "id": id,
        "type": "Application",
        "preferredUsername": domain,
        "name": domain,
        "url": urls.base(),
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "endpoints": {"sharedInbox": urls.shared_inbox()},
        "publicKey": {"id": urls.instance_key_id(), "owner": id, "publicKeyPem": public_key_pem},
        "manuallyApprovesFollowers": true,
    })
}

/// What a note needs besides itself to be rendered.
pub struct NoteParts<'a> {
    pub note: &'a Note,
    pub author: &'a Account,
    pub mentioned: &'a [Account],
    /// The AP id of the note replied to.
    pub in_reply_to: Option<String>,
    pub local_domain: &'a str,
    /// The instance's own emoji: those a local note uses are tagged.
    pub local_emojis: &'a LocalEmojis,
}

/// A note as a `Note` object, addressed as Mastodon addresses each visibility (§5.2).
pub fn note(urls: &Urls, parts: &NoteParts<'_>) -> Value {
    let NoteParts {
        note,
        author,
        mentioned,
        ..
    } = parts;
    let id = note_uri(urls, note);
    let mentioned_ids: Vec<String> = mentioned.iter().map(|a| account_uri(urls, a)).collect();
    let (to, cc) = addressing(
        note.visibility,
        &followers_uri(urls, author),
        &mentioned_ids,
    );
    let mut tags: Vec<Value> = mentioned
        .iter()
        .map(|a| {
            json!({
                "type": "Mention",
                "href": account_uri(urls, a),
                "name": mention_name(parts.local_domain, a),
            })
        })
        .collect();
    if note.visibility != Visibility::Direct {
        for tag in rookery_html::extract_hashtags(&note.source) {
            tags.push(
                json!({"type": "Hashtag", "href": urls.tag(&tag), "name": format!("#{tag}")}),
            );
        }
    }
    tags.extend(crate::emoji_tags::note_emoji_tags(
        urls,
        parts.local_emojis,
        author,
        note,
    ));
    let attachments: Vec<Value> = note
        .attachments
        .iter()
        .map(crate::media::attachment_out)
        .collect();
    let mut object = json!({
        "id": id,
        "type": "Note",
        "attributedTo": account_uri(urls, author),
        "content": note.content_html,
        "summary": (!note.content_warning.is_empty()).then_some(&note.content_warning),
        "sensitive": note.sensitive || !note.content_warning.is_empty(),
        "inReplyTo": parts.in_reply_to,
        "published": note.created_at.to_rfc3339(),
        "url": note.url.clone().unwrap_or_else(|| urls.note_page(&author.username, note.id)),
        "to": to,
        "cc": cc,
        "tag": tags,
        "attachment": attachments,
        // An embedded empty first page: a bare link makes Mastodon fetch it on every
        // Create (Mastodon #31921, activitypub.md §5.3).
        "replies": {
            "id": format!("{id}/replies"),
            "type": "Collection",
            "first": {"type": "CollectionPage", "partOf": format!("{id}/replies"), "items": []},
        },
    });
    if let Some(language) = &note.language {
        object["contentMap"] = json!({ language: note.content_html });
    }
    if let Some(edited) = note.edited_at {
        object["updated"] = json!(edited.to_rfc3339());
    }
    object
}

/// A deleted note's stand-in (§5.9).
pub fn tombstone(id: &str) -> Value {
    json!({"id": id, "type": "Tombstone", "formerType": "Note"})
}

/// What a deleted note's URL answers, with 410 Gone (§5.9).
pub fn tombstone_document(id: &str, deleted: Timestamp) -> Value {
    let mut document = tombstone(id);
    document["@context"] = context(Context::activitystreams());
    document["deleted"] = json!(deleted.to_rfc3339());
    document
}
