//! Per-entity rules (versia.md §8, §10), built from the checker's primitives.

use super::checker::{Checker, Media};
use crate::entities::extensions::Poll;
use crate::entities::{
    Collection, CustomEmojis, Delete, Entity, Extensions, InstanceMetadata, Note, NoteGroup,
    Report, User, Vanity,
};
use crate::keys::{InstancePublicKey, ALGORITHM};

pub fn entity(c: &mut Checker, entity: &Entity) {
    match entity {
        Entity::User(e) => user(c, e),
        Entity::Note(e) => note(c, e),
        Entity::Follow(e) => {
            transient(c, e.id.as_deref(), &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("followee", &e.followee);
        }
        Entity::Unfollow(e) => {
            transient(c, e.id.as_deref(), &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("followee", &e.followee);
        }
        Entity::FollowAccept(e) => {
            transient(c, e.id.as_deref(), &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("follower", &e.follower);
        }
        Entity::FollowReject(e) => {
            transient(c, e.id.as_deref(), &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("follower", &e.follower);
        }
        Entity::Delete(e) => delete(c, e),
        Entity::Report(e) => report(c, e),
        Entity::Like(e) => {
            fetchable(c, &e.id, &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("liked", &e.liked);
        }
        Entity::Dislike(e) => {
            fetchable(c, &e.id, &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("disliked", &e.disliked);
        }
        Entity::Share(e) => {
            fetchable(c, &e.id, &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("shared", &e.shared);
        }
        Entity::Reaction(e) => {
            fetchable(c, &e.id, &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("object", &e.object);
            c.non_empty("content", &e.content);
        }
        Entity::Vote(e) => {
            fetchable(c, &e.id, &e.created_at, e.extensions.as_ref());
            c.reference("author", &e.author);
            c.reference("poll", &e.poll);
        }
    }
}

/// Base fields of a fetchable entity (§6.4).
fn fetchable(c: &mut Checker, id: &str, created_at: &str, extensions: Option<&Extensions>) {
    c.id("id", id);
    c.past_timestamp("created_at", created_at);
    basic_extensions(c, extensions);
}

/// Base fields of a transient entity: no id, but `created_at` all the same (§6.4).
fn transient(c: &mut Checker, id: Option<&str>, created_at: &str, ext: Option<&Extensions>) {
    c.no_id(id);
    c.past_timestamp("created_at", created_at);
    basic_extensions(c, ext);
}

fn basic_extensions(c: &mut Checker, extensions: Option<&Extensions>) {
    if let Some(emojis) = extensions.and_then(|e| e.custom_emojis.as_ref()) {
        custom_emojis(c, emojis);
    }
}

pub fn user(c: &mut Checker, user: &User) {
    c.id("id", &user.id);
    c.past_timestamp("created_at", &user.created_at);
    c.username("username", &user.username);
    if let Some(avatar) = &user.avatar {
        c.content_format("avatar", avatar, Media::Image);
    }
    if let Some(header) = &user.header {
        c.content_format("header", header, Media::Image);
    }
    if let Some(bio) = &user.bio {
        c.content_format("bio", bio, Media::Text);
    }
    for (i, field) in user.fields.iter().enumerate() {
        c.content_format(&format!("fields[{i}].key"), &field.key, Media::Text);
        c.content_format(&format!("fields[{i}].value"), &field.value, Media::Text);
    }
    if let Some(ext) = &user.extensions {
        if let Some(emojis) = &ext.custom_emojis {
            custom_emojis(c, emojis);
        }
        if let Some(vanity) = &ext.vanity {
            c.nested("extensions.pub.versia:vanity", |c| self::vanity(c, vanity));
        }
    }
}

pub fn note(c: &mut Checker, note: &Note) {
    c.id("id", &note.id);
    c.past_timestamp("created_at", &note.created_at);
    c.reference("author", &note.author);
    if let Some(content) = &note.content {
        c.content_format("content", content, Media::Text);
    }
    for (i, attachment) in note.attachments.iter().enumerate() {
        c.content_format(&format!("attachments[{i}]"), attachment, Media::Attachment);
    }
    if let Some(device) = &note.device {
        c.non_empty("device.name", &device.name);
        if let Some(url) = &device.url {
            c.web_url("device.url", url);
        }
    }
    if let Some(NoteGroup::Group(group)) = &note.group {
        c.reference("group", group);
    }
    for (i, mention) in note.mentions.iter().enumerate() {
        c.reference(&format!("mentions[{i}]"), mention);
    }
    for (i, preview) in note.previews.iter().enumerate() {
        c.web_url(&format!("previews[{i}].link"), &preview.link);
        if let Some(image) = &preview.image {
            c.fetchable_url(&format!("previews[{i}].image"), image);
        }
        if let Some(icon) = &preview.icon {
            c.fetchable_url(&format!("previews[{i}].icon"), icon);
        }
    }
    if let Some(quotes) = &note.quotes {
        c.reference("quotes", quotes);
    }
    if let Some(replies_to) = &note.replies_to {
        c.reference("replies_to", replies_to);
    }
    if let Some(ext) = &note.extensions {
        if let Some(emojis) = &ext.custom_emojis {
            custom_emojis(c, emojis);
        }
        if let Some(poll) = &ext.poll {
            c.nested("extensions.pub.versia:polls", |c| self::poll(c, poll));
        }
    }
}

fn poll(c: &mut Checker, poll: &Poll) {
    c.check(!poll.options.is_empty(), "options", "must not be empty");
    c.check(
        poll.votes.len() == poll.options.len(),
        "votes",
        "must have one count per option",
    );
    for (i, option) in poll.options.iter().enumerate() {
        c.content_format(&format!("options[{i}]"), option, Media::Text);
    }
    if let Some(expires_at) = &poll.expires_at {
        c.timestamp("expires_at", expires_at);
    }
}

fn delete(c: &mut Checker, delete: &Delete) {
    transient(
        c,
        delete.id.as_deref(),
        &delete.created_at,
        delete.extensions.as_ref(),
    );
    c.reference("author", &delete.author);
    c.reference("deleted", &delete.deleted);
    c.check(
        is_entity_type(&delete.deleted_type),
        "deleted_type",
        "must be an entity type such as Note or pub.versia:likes/Like",
    );
}

fn report(c: &mut Checker, report: &Report) {
    transient(
        c,
        report.id.as_deref(),
        &report.created_at,
        report.extensions.as_ref(),
    );
    if let Some(author) = &report.author {
        c.reference("author", author);
    }
    c.check(!report.reported.is_empty(), "reported", "must not be empty");
    for (i, reported) in report.reported.iter().enumerate() {
        c.reference(&format!("reported[{i}]"), reported);
    }
}

fn custom_emojis(c: &mut Checker, emojis: &CustomEmojis) {
    for (i, emoji) in emojis.emojis.iter().enumerate() {
        let field = format!("extensions.pub.versia:custom_emojis.emojis[{i}]");
        c.check(
            is_emoji_name(&emoji.name),
            &format!("{field}.name"),
            "must be [A-Za-z0-9_-]+ between two delimiter characters, like :blobcat:",
        );
        c.content_format(&format!("{field}.content"), &emoji.content, Media::Image);
    }
}

fn vanity(c: &mut Checker, vanity: &Vanity) {
    for (i, overlay) in vanity.avatar_overlays.iter().flatten().enumerate() {
        c.content_format(&format!("avatar_overlays[{i}]"), overlay, Media::Image);
    }
    if let Some(mask) = &vanity.avatar_mask {
        c.content_format("avatar_mask", mask, Media::Image);
    }
    if let Some(background) = &vanity.background {
        c.content_format("background", background, Media::Image);
    }
    if let Some(audio) = &vanity.audio {
        c.content_format("audio", audio, Media::Audio);
    }
    if let Some(birthday) = &vanity.birthday {
        c.birthday("birthday", birthday);
    }
    for (i, alias) in vanity.aliases.iter().flatten().enumerate() {
        c.reference(&format!("aliases[{i}]"), alias);
    }
}

pub fn instance_metadata(c: &mut Checker, meta: &InstanceMetadata) {
    c.past_timestamp("created_at", &meta.created_at);
    c.non_empty("name", &meta.name);
    c.non_empty("software.name", &meta.software.name);
    c.non_empty("software.version", &meta.software.version);
    c.check(
        !meta.compatibility.versions.is_empty(),
        "compatibility.versions",
        "must not be empty",
    );
    c.domain("domain", &meta.domain);
    c.check(
        meta.public_key.algorithm == ALGORITHM,
        "public_key.algorithm",
        "must be ed25519",
    );
    if let Err(e) = InstancePublicKey::from_spki_base64(&meta.public_key.key) {
        c.fail("public_key.key", e.to_string());
    }
    if let Some(logo) = &meta.logo {
        c.content_format("logo", logo, Media::Image);
    }
    if let Some(banner) = &meta.banner {
        c.content_format("banner", banner, Media::Image);
    }
    let messaging = meta
        .extensions
        .as_ref()
        .and_then(|e| e.instance_messaging.as_ref());
    if let Some(messaging) = messaging {
        c.fetchable_url(
            "extensions.pub.versia:instance_messaging.endpoint",
            &messaging.endpoint,
        );
    }
}

/// `author` and `total` of any collection page (§7.2).
pub fn collection_envelope<T>(c: &mut Checker, collection: &Collection<T>) {
    if let Some(author) = &collection.author {
        c.reference("author", author);
    }
    c.check(
        collection.items.len() as u64 <= collection.total,
        "total",
        "is smaller than the number of items",
    );
}

/// A core type (`Note`, `User`, ...) or `namespace:extension/Name` (§6.2).
fn is_entity_type(text: &str) -> bool {
    let pascal = |s: &str| {
        s.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    match text.split_once(':') {
        None => pascal(text),
        Some((namespace, rest)) => {
            let Some((extension, name)) = rest.split_once('/') else {
                return false;
            };
            let ns_ok = !namespace.is_empty()
                && namespace.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')
                });
            let ext_ok = !extension.is_empty()
                && extension.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-')
                });
            ns_ok && ext_ok && pascal(name)
        }
    }
}

/// `:name:`: one delimiter at each end, outside the name charset (§10.1); at most 256
/// characters like the reference.
fn is_emoji_name(name: &str) -> bool {
    let in_set = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [first, inner @ .., last] => {
            !inner.is_empty()
                && chars.len() <= 256
                && !in_set(*first)
                && !in_set(*last)
                && inner.iter().all(|c| in_set(*c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_and_emoji_names() {
        for (t, ok) in [
            ("Note", true),
            ("pub.versia:likes/Like", true),
            ("pub.versia:share/Share", true),
            ("note", false),
            ("pub.versia:likes", false),
            ("Pub:likes/Like", false),
        ] {
            assert_eq!(is_entity_type(t), ok, "{t}");
        }
        for (n, ok) in [
            (":blobcat:", true),
            ("blobcat", false),
            ("::", false),
            (":a b:", false),
        ] {
            assert_eq!(is_emoji_name(n), ok, "{n}");
        }
    }
}
