//! A local upload federates by reference: alice on a.test uploads an image with alt
//! text and posts it publicly; bob on b.test, following her, sees the attachment in his
//! home timeline with its URL on a.test, alt text and size, once with both instances
//! speaking only ActivityPub (a `Document` with `mediaType`, `name`, `blurhash`,
//! `width`, `height`; activitypub.md §5.5) and once speaking only Versia (a
//! ContentFormat with one `remote` entry; versia.md §7.1, §8.2), which has no blurhash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod media_support;

use std::time::Duration;

use media_support::{call, png, reachable, upload};
use reqwest::Method;
use rookery_core::social::FollowState;
use rookery_core::Handle;
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

async fn cluster(protocol: &'static str) -> TestCluster {
    let options = ClusterOptions {
        configure: Some(Box::new(move |_, config| {
            config.federation.protocols = vec![protocol.into()];
            config.federation.prefer = protocol.into();
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(2, options).await.unwrap().unwrap()
}

/// What bob's client shows of alice's post, and what alice's client got when uploading.
struct Seen {
    uploaded: Value,
    on_b: Value,
    note_id: String,
}

async fn bob_sees_alices_picture(cluster: &TestCluster) -> Seen {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, bob_token) = b.create_user("bob").await.unwrap();

    let services = &b.state().services;
    let alice_on_b = services
        .resolve_handle(&Handle::parse("alice@a.test").unwrap())
        .await
        .unwrap()
        .expect("alice resolves");
    services.follow(bob.id, alice_on_b.id).await.unwrap();
    eventually_async("alice accepts bob", WAIT, || async {
        let follow = services
            .repo()
            .follow_between(bob.id, alice_on_b.id)
            .await
            .unwrap();
        (follow.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;

    let (status, uploaded) = upload(
        a,
        "/api/v2/media",
        Some(&alice_token),
        png(900, 600),
        ("sunset.png", "image/png"),
        &[("description", "A sunset over the bay")],
    )
    .await;
    assert_eq!(status, 200, "{uploaded}");
    let (status, posted) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        Some(&alice_token),
        Some(json!({
            "status": "Tonight's sunset",
            "visibility": "public",
            "media_ids": [uploaded["id"]],
        })),
    )
    .await;
    assert_eq!(status, 200, "{posted}");

    let on_b = eventually_async("alice's picture reaches bob's home", WAIT, || async {
        let (status, home) = call(
            b,
            Method::GET,
            "/api/v1/timelines/home",
            Some(&bob_token),
            None,
        )
        .await;
        assert_eq!(status, 200);
        home.as_array()
            .and_then(|statuses| {
                statuses
                    .iter()
                    .find(|s| s["content"].as_str().unwrap_or("").contains("Tonight"))
            })
            .cloned()
    })
    .await;
    Seen {
        uploaded,
        note_id: posted["id"].as_str().unwrap().to_owned(),
        on_b,
    }
}

/// What both protocols carry: the original file on a.test (never the thumbnail), its
/// alt text and size; the file is really there.
async fn assert_shown_by_reference(cluster: &TestCluster, seen: &Seen) {
    let a = cluster.instance("a");
    let attachments = seen.on_b["media_attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{}", seen.on_b);
    let media = &attachments[0];
    let url = seen.uploaded["url"].as_str().unwrap();
    assert!(url.starts_with(&a.url("/media/")), "{url}");
    assert_eq!(media["type"], "image");
    assert_eq!(media["url"], url);
    assert_ne!(media["url"], seen.uploaded["preview_url"]);
    assert_eq!(media["description"], "A sunset over the bay");
    assert_eq!(media["meta"]["original"]["width"], 900);
    assert_eq!(media["meta"]["original"]["height"], 600);
    let file = reqwest::get(reachable(a, url)).await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "image/png");
}

#[tokio::test]
async fn an_uploaded_image_federates_over_activitypub() {
    let cluster = cluster("activitypub").await;
    let seen = bob_sees_alices_picture(&cluster).await;
    assert_shown_by_reference(&cluster, &seen).await;
    // ActivityPub carries the blurhash too.
    assert_eq!(
        seen.on_b["media_attachments"][0]["blurhash"],
        seen.uploaded["blurhash"]
    );

    // The Note a.test serves: a Document with the absolute URL and its facts.
    let a = cluster.instance("a");
    let note = reqwest::Client::new()
        .get(reachable(a, &a.url(&format!("/notes/{}", seen.note_id))))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 200);
    let note: Value = serde_json::from_slice(&note.bytes().await.unwrap()).unwrap();
    let document = &note["attachment"][0];
    assert_eq!(document["type"], "Document");
    assert_eq!(document["mediaType"], "image/png");
    assert_eq!(document["url"], seen.uploaded["url"]);
    assert_eq!(document["name"], "A sunset over the bay");
    assert_eq!(document["blurhash"], seen.uploaded["blurhash"]);
    assert_eq!(
        (document["width"].clone(), document["height"].clone()),
        (json!(900), json!(600))
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn an_uploaded_image_federates_over_versia() {
    let cluster = cluster("versia").await;
    let seen = bob_sees_alices_picture(&cluster).await;
    assert_shown_by_reference(&cluster, &seen).await;
    let b = cluster.instance("b");
    let stored = b
        .state()
        .services
        .repo()
        .note(seen.on_b["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.attachments[0].media_type.as_deref(),
        Some("image/png")
    );
    cluster.shutdown().await;
}
