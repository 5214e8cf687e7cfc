//! A Versia Note with an attachment and a hashtag (versia.md §7.1, §8.2), crafted and
//! signed as a.test, delivered to b.test: b keeps the media by reference and the
//! hashtag read from the text, and its client API renders both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use http::HeaderMap;
use serde_json::json;
use versia_support::{now, post_inbox, reference, user, versia_cluster};

#[tokio::test]
async fn a_versia_note_with_media_is_stored_by_reference() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let carol = user(a, "carol").await;
    let media_url = "https://media.example/song.ogg";
    let note = json!({
        "type": "Note",
        "id": "01a202fa-a656-755b-a2a3-e3bec5c95999",
        "created_at": now().to_rfc3339(),
        "author": reference(a, carol.id),
        "content": {
            "text/html": {"content": "<p>Listen #NowPlaying</p>", "remote": false},
            "text/plain": {"content": "Listen #NowPlaying", "remote": false}
        },
        "attachments": [{
            "audio/ogg": {"content": media_url, "remote": true, "description": "A song",
                          "duration": 12}
        }],
        "previews": [],
        "is_sensitive": false,
        "mentions": [],
        "quotes": null,
        "replies_to": null,
        "subject": null,
        "group": "public",
        "extensions": null
    })
    .to_string();
    let response = post_inbox(a, b, note.as_bytes(), note.as_bytes(), now()).await;
    assert!(response.status.is_success(), "{:?}", response.status);

    let uri = format!("{}:01a202fa-a656-755b-a2a3-e3bec5c95999", a.domain);
    let stored = b
        .state()
        .services
        .repo()
        .note_by_uri(&uri)
        .await
        .unwrap()
        .expect("the note is stored");
    assert_eq!(stored.tags, vec!["nowplaying".to_owned()]);
    assert_eq!(stored.attachments.len(), 1);
    assert_eq!(stored.attachments[0].url, media_url);
    assert_eq!(
        stored.attachments[0].media_type.as_deref(),
        Some("audio/ogg")
    );

    let status = b
        .state()
        .http
        .get(
            &b.url(&format!("/api/v1/statuses/{}", stored.id)),
            HeaderMap::new(),
        )
        .await
        .unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.body).unwrap();
    let media = &status["media_attachments"][0];
    assert_eq!(media["type"], "audio");
    assert_eq!(media["url"], media_url);
    assert_eq!(media["description"], "A song");
    assert_eq!(status["tags"][0]["name"], "nowplaying");
}
