//! The instance's own custom emoji, between two real instances over each protocol: the
//! operator adds `blobcat` with the CLI's code (the image through the media library),
//! `GET /api/v1/custom_emojis` lists it, and when alice on a.test puts `:blobcat:` in
//! her display name and in a post, bob on b.test sees both with the emoji by reference
//! to a's image URL (ActivityPub `Emoji` tags on the actor and the Note, activitypub.md
//! §5.4; Versia `pub.versia:custom_emojis` on the User and the Note, versia.md §10.1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod media_support;
mod versia_support;

use std::time::Duration;

use http::{HeaderMap, HeaderValue};
use rookery_core::emoji::LocalEmoji;
use rookery_core::service::{Draft, ProfileChange};
use rookery_core::social::FollowState;
use rookery_core::{Account, Handle};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy)]
enum Proto {
    ActivityPub,
    Versia,
}

/// A client API GET on `instance` as the holder of `token` (none: anonymous).
async fn api_get(instance: &TestInstance, token: Option<&str>, path: &str) -> Value {
    let mut headers = HeaderMap::new();
    if let Some(token) = token {
        headers.insert(
            "authorization",
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
    }
    let response = instance
        .state()
        .http
        .get(&instance.url(path), headers)
        .await
        .unwrap();
    assert!(
        response.status.is_success(),
        "{path}: {:?}",
        response.status
    );
    serde_json::from_slice(&response.body).unwrap()
}

/// `follower` (on `instance`) follows `handle` and waits for the Accept.
async fn follow(instance: &TestInstance, follower: &Account, handle: &str) -> Account {
    let services = &instance.state().services;
    let followee = services
        .resolve_handle(&Handle::parse(handle).unwrap())
        .await
        .unwrap()
        .unwrap();
    services.follow(follower.id, followee.id).await.unwrap();
    eventually_async("the follow is accepted", WAIT, || async {
        let follow = services
            .repo()
            .follow_between(follower.id, followee.id)
            .await
            .unwrap();
        (follow.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;
    followee
}

/// The operator adds `blobcat` on `instance` as `rookery emoji add` does.
async fn add_blobcat(instance: &TestInstance) -> LocalEmoji {
    rookery_server::emoji_cli::add(
        instance.state().services.local_emojis(),
        &instance.state().media,
        "blobcat",
        media_support::png(32, 32),
        Some("Blobs".into()),
    )
    .await
    .unwrap()
}

async fn local_emoji_reach_the_other_instance(cluster: TestCluster, proto: Proto) {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, bob_token) = b.create_user("bob").await.unwrap();

    let blobcat = add_blobcat(a).await;
    assert!(
        blobcat.url.starts_with(&a.url("/media/")),
        "{}",
        blobcat.url
    );
    assert_eq!(blobcat.media_type, "image/png");
    // The image is served, and listed for client pickers.
    let image = reqwest::get(media_support::reachable(a, &blobcat.url))
        .await
        .unwrap();
    assert_eq!(image.status(), 200);
    assert_eq!(
        api_get(a, None, "/api/v1/custom_emojis").await,
        json!([{"shortcode": "blobcat", "url": blobcat.url, "static_url": blobcat.url,
                "visible_in_picker": true, "category": "Blobs"}])
    );

    let alice_on_b = follow(b, &bob, "alice@a.test").await;
    assert!(alice_on_b.profile.emojis.is_empty());

    // A profile update carries the emoji of the new name.
    a.state()
        .services
        .update_profile(
            alice.id,
            ProfileChange {
                display_name: Some("Alice :blobcat:".into()),
                ..ProfileChange::default()
            },
        )
        .await
        .unwrap();
    let remote = json!([{"shortcode": "blobcat", "url": blobcat.url,
                         "static_url": blobcat.url, "visible_in_picker": false}]);
    let account_path = format!("/api/v1/accounts/{}", alice_on_b.id);
    eventually_async("b shows alice's name emoji", WAIT, || async {
        let account = api_get(b, Some(&bob_token), &account_path).await;
        (account["display_name"] == "Alice :blobcat:").then_some(())
    })
    .await;
    let account = api_get(b, Some(&bob_token), &account_path).await;
    assert_eq!(account["emojis"], remote);
    // On a, her own account shows it as a local emoji.
    let own = api_get(a, Some(&alice_token), "/api/v1/accounts/verify_credentials").await;
    assert_eq!(own["emojis"][0]["shortcode"], "blobcat");
    assert_eq!(own["emojis"][0]["visible_in_picker"], true);

    // A post using it, and one naming an emoji that does not exist.
    let posted = a
        .state()
        .services
        .post_note(alice.id, Draft::public(":blobcat: hi :nosuch:"))
        .await
        .unwrap();
    let mine = api_get(
        a,
        Some(&alice_token),
        &format!("/api/v1/statuses/{}", posted.note.id),
    )
    .await;
    assert_eq!(mine["emojis"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["emojis"][0]["url"], blobcat.url.as_str());
    let uri = match proto {
        Proto::ActivityPub => a.url(&format!("/notes/{}", posted.note.id)),
        Proto::Versia => format!("{}:{}", a.domain, posted.note.id),
    };
    let on_b = eventually_async("the note reaches b", WAIT, || async {
        b.state().store.note_by_uri(&uri).await.unwrap()
    })
    .await;
    let status = api_get(
        b,
        Some(&bob_token),
        &format!("/api/v1/statuses/{}", on_b.id),
    )
    .await;
    assert_eq!(status["emojis"], remote);
    cluster.shutdown().await;
}

#[tokio::test]
async fn local_emoji_reach_activitypub_peers() {
    let cluster = activitypub_support::ap_cluster(2, |_, _| {}).await;
    local_emoji_reach_the_other_instance(cluster, Proto::ActivityPub).await;
}

#[tokio::test]
async fn local_emoji_reach_versia_peers() {
    let cluster = versia_support::versia_cluster(2).await;
    local_emoji_reach_the_other_instance(cluster, Proto::Versia).await;
}

/// `rookery emoji remove` takes the emoji out of rendering at once; a bad shortcode,
/// a JPEG and an oversized file are refused.
#[tokio::test]
async fn removing_and_refusing_emoji() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (alice, token) = a.create_user("alice").await.unwrap();
    add_blobcat(a).await;
    let state = a.state();
    let emojis = state.services.local_emojis();
    let posted = state
        .services
        .post_note(alice.id, Draft::public("hi :blobcat:"))
        .await
        .unwrap();
    let path = format!("/api/v1/statuses/{}", posted.note.id);
    assert_eq!(
        api_get(a, Some(&token), &path).await["emojis"][0]["shortcode"],
        "blobcat"
    );

    assert!(
        rookery_server::emoji_cli::remove(emojis, &state.media, "blobcat")
            .await
            .unwrap()
    );
    assert!(
        !rookery_server::emoji_cli::remove(emojis, &state.media, "blobcat")
            .await
            .unwrap()
    );
    assert_eq!(api_get(a, Some(&token), &path).await["emojis"], json!([]));
    assert_eq!(api_get(a, None, "/api/v1/custom_emojis").await, json!([]));

    let add = |code: &'static str, bytes: Vec<u8>| async move {
        rookery_server::emoji_cli::add(emojis, &state.media, code, bytes, None).await
    };
    assert!(add("b", media_support::png(8, 8)).await.is_err());
    assert!(add("blob-cat", media_support::png(8, 8)).await.is_err());
    let mut jpeg = Vec::new();
    image::DynamicImage::new_rgb8(8, 8)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    assert!(add("photo", jpeg).await.is_err());
    let mut big = media_support::png(8, 8);
    big.resize(rookery_server::emoji_cli::MAX_EMOJI_BYTES + 1, 0);
    assert!(add("big", big).await.is_err());
    assert!(emojis.all().is_empty());
    cluster.shutdown().await;
}
