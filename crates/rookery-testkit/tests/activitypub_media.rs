//! A remote note with an attachment and a hashtag (activitypub.md §5.4, §5.5), crafted
//! and signed as a user of a.test, delivered to b.test: b stores both (the media by
//! reference) and its client API renders `media_attachments`, `tags` and the tag
//! timeline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::SystemTime;

use activitypub_support::{ap_cluster, client, install_key, json, post_signed};
use http::HeaderMap;
use serde_json::json;

#[tokio::test]
async fn a_remote_note_with_media_and_a_hashtag_is_shown_by_reference() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (carol, _) = a.create_user("carol").await.unwrap();
    let (key, key_id) = install_key(a, &carol).await;
    let http = client(a);
    let carol_uri = a.url("/users/carol");
    let note_uri = a.url("/notes/4242");
    let now = SystemTime::now();
    let published = rookery_core::Timestamp::from_millis(
        now.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
    .to_rfc3339();
    let media_url = "https://media.example/cat.png";
    let body = serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": a.url("/notes/4242/activity"),
        "type": "Create",
        "actor": carol_uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": {
            "id": note_uri,
            "type": "Note",
            "attributedTo": carol_uri,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "published": published,
            "content": "<p>A cat <a href=\"https://a.test/tags/Cats\" rel=\"tag\">#Cats</a></p>",
            "tag": [{"type": "Hashtag", "name": "#Cats", "href": a.url("/tags/cats")}],
            "attachment": [{
                "type": "Image", "mediaType": "image/png", "url": media_url,
                "name": "A sleeping cat", "blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                "width": 800, "height": 600
            }]
        }
    }))
    .unwrap();
    let response = post_signed(&http, (&key, &key_id), &b.url("/inbox"), &body, now).await;
    assert!(response.status.is_success(), "{:?}", response.status);
    b.inbox_settled().await;

    let note = b
        .state()
        .services
        .repo()
        .note_by_uri(&note_uri)
        .await
        .unwrap()
        .expect("the note is stored");
    assert_eq!(note.tags, vec!["cats".to_owned()]);
    assert_eq!(note.attachments.len(), 1);
    assert_eq!(note.attachments[0].url, media_url);

    let api = client(b);
    let status = api
        .get(
            &b.url(&format!("/api/v1/statuses/{}", note.id)),
            HeaderMap::new(),
        )
        .await
        .unwrap();
    let status = json(&status);
    let media = &status["media_attachments"][0];
    assert_eq!(media["type"], "image");
    assert_eq!(media["url"], media_url);
    assert_eq!(media["preview_url"], media_url);
    assert_eq!(media["remote_url"], media_url);
    assert_eq!(media["description"], "A sleeping cat");
    assert_eq!(media["blurhash"], "LEHV6nWB2yk8pyo0adR*.7kCMdnj");
    assert_eq!(media["meta"]["original"]["width"], 800);
    assert_eq!(media["meta"]["original"]["height"], 600);
    assert_eq!(
        status["tags"],
        json!([{"name": "cats", "url": b.url("/tags/cats")}])
    );

    let tagged = api
        .get(&b.url("/api/v1/timelines/tag/Cats"), HeaderMap::new())
        .await
        .unwrap();
    let tagged = json(&tagged);
    assert_eq!(tagged[0]["id"], note.id.to_string());
    let other = api
        .get(&b.url("/api/v1/timelines/tag/dogs"), HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(json(&other), json!([]));
}
