//! Remote custom emoji over each protocol: a note with emoji arrives signed from another
//! instance and the client API shows them in the status's `emojis` (shortcode, the image
//! URL by reference as `url` and `static_url`, `visible_in_picker: false`); invalid names
//! and non-web URLs are dropped (activitypub.md §5.4, versia.md §10.1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod versia_support;

use std::time::SystemTime;

use http::{HeaderMap, HeaderValue};
use rookery_testkit::TestInstance;
use serde_json::{json, Value};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The client API's Status for the note stored under `uri` on `instance`.
async fn status_of(instance: &TestInstance, token: &str, uri: &str) -> Value {
    let note = instance
        .state()
        .store
        .note_by_uri(uri)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{uri} stored"));
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    let url = instance.url(&format!("/api/v1/statuses/{}", note.id));
    let response = instance.state().http.get(&url, headers).await.unwrap();
    assert!(response.status.is_success(), "{:?}", response.status);
    serde_json::from_slice(&response.body).unwrap()
}

fn emoji(shortcode: &str, url: &str) -> Value {
    json!({"shortcode": shortcode, "url": url, "static_url": url, "visible_in_picker": false})
}

#[tokio::test]
async fn activitypub_note_with_emoji_shows_them() {
    use activitypub_support::{ap_cluster, client, install_key, post_signed};
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_carol, token) = a.create_user("carol").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    let (key, key_id) = install_key(b, &dan).await;
    let actor = b.url("/users/dan");
    let note_id = b.url("/notes/424242");
    let blob = "https://b.test/emoji/blobcat.png";
    let body = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{note_id}/activity"),
        "type": "Create",
        "actor": actor,
        "to": [PUBLIC],
        "object": {
            "id": note_id,
            "type": "Note",
            "attributedTo": actor,
            "content": "<p>hi :blobcat: :blob-cat: :js: :x:</p>",
            "to": [PUBLIC],
            "published": "2026-01-01T00:00:00Z",
            "tag": [
                {"type": "Emoji", "name": ":blobcat:",
                 "icon": {"type": "Image", "mediaType": "image/png", "url": blob}},
                {"type": "Emoji", "name": ":blob-cat:", "icon": {"type": "Image", "url": blob}},
                {"type": "Emoji", "name": ":js:",
                 "icon": {"type": "Image", "url": "javascript:alert(1)"}},
                {"type": "Emoji", "name": ":x:", "icon": {"type": "Image", "url": blob}}
            ]
        }
    });
    let body = serde_json::to_vec(&body).unwrap();
    let response = post_signed(
        &client(b),
        (&key, &key_id),
        &a.url("/inbox"),
        &body,
        SystemTime::now(),
    )
    .await;
    assert!(response.status.is_success(), "{:?}", response.status);
    a.inbox_settled().await;

    let status = status_of(a, &token, &note_id).await;
    assert_eq!(status["emojis"], json!([emoji("blobcat", blob)]));
    cluster.shutdown().await;
}

#[tokio::test]
async fn versia_note_with_emoji_shows_them() {
    use versia_support::{now, post_inbox, reference, user, versia_cluster};
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let carol = user(a, "carol").await;
    let (_dan, token) = b.create_user("dan").await.unwrap();
    let happy = "https://a.test/emoji/happy.webp";
    let wave = "https://a.test/emoji/wave.png";
    let id = "01a202fa-a656-755b-a2a3-e3bec5c9e000";
    // `content` as the docs say, and `url` as the reference server writes (§10.1).
    let note = json!({
        "type": "Note",
        "id": id,
        "created_at": now().to_rfc3339(),
        "author": reference(a, carol.id),
        "content": {
            "text/html": {"content": "<p>:happy-face: :wave:</p>", "remote": false},
            "text/plain": {"content": ":happy-face: :wave:", "remote": false}
        },
        "attachments": [],
        "previews": [],
        "is_sensitive": false,
        "mentions": [],
        "quotes": null,
        "replies_to": null,
        "subject": null,
        "group": "public",
        "extensions": {
            "pub.versia:custom_emojis": {
                "emojis": [
                    {"name": ":happy-face:",
                     "content": {"image/webp": {"content": happy, "remote": true}}},
                    {"name": ":wave:",
                     "url": {"image/png": {"content": wave, "remote": true}}}
                ]
            }
        }
    })
    .to_string();
    let response = post_inbox(a, b, note.as_bytes(), note.as_bytes(), now()).await;
    assert!(response.status.is_success(), "{:?}", response.status);

    let status = status_of(b, &token, &format!("{}:{id}", a.domain)).await;
    assert_eq!(
        status["emojis"],
        json!([emoji("happy-face", happy), emoji("wave", wave)])
    );
    cluster.shutdown().await;
}
