//! Media uploads through the client API over real HTTP (multipart through reqwest):
//! `POST /api/v2/media` and `/api/v1/media`, `GET`/`PUT /api/v1/media/:id`, statuses
//! with `media_ids[]`, the files served under `/media/`, and the refusals: non-images
//! and oversize files 422, unknown uploads 404, a post naming someone else's or an
//! already attached upload 422 with nothing stored, no token 401, a read-only token 403.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod media_support;

use media_support::{answer, call, local, png, reachable, upload};
use reqwest::Method;
use rookery_core::{AccessToken, Id, TokenId};
use rookery_testkit::{Backend, ClusterOptions, TestCluster, TestInstance};
use serde_json::{json, Value};

const MAX_BYTES: u64 = 200_000;
const MAX_PIXELS: u64 = 1_000_000;

/// One instance with small media limits; `None` when PostgreSQL is asked for but not
/// reachable outside CI.
async fn cluster_on(backend: Backend) -> Option<TestCluster> {
    let options = ClusterOptions {
        backend,
        configure: Some(Box::new(|_, config| {
            config.media.max_upload_bytes = MAX_BYTES;
            config.media.max_pixels = MAX_PIXELS;
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(1, options).await.unwrap()
}

async fn cluster() -> TestCluster {
    cluster_on(Backend::Sqlite).await.unwrap()
}

fn media_files(instance: &TestInstance) -> usize {
    let dir = instance.state().config.data.dir.join("media");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

async fn statuses_of(instance: &TestInstance, account: rookery_core::AccountId) -> u64 {
    instance
        .state()
        .services
        .repo()
        .count_notes_by(account)
        .await
        .unwrap()
}

#[tokio::test]
async fn upload_describe_post_and_serve() {
    let cluster = cluster().await;
    let a = cluster.instance("a");
    let (_alice, secret) = a.create_user("alice").await.unwrap();
    let token = Some(secret.as_str());

    // The client claims a text file: the bytes decide.
    let (status, media) = upload(
        a,
        "/api/v2/media",
        token,
        png(1280, 640),
        ("notes.txt", "text/plain"),
        &[("description", "A gradient"), ("focus", "0.5,-0.5")],
    )
    .await;
    assert_eq!(status, 200, "{media}");
    assert_eq!(media["type"], "image");
    let url = media["url"].as_str().unwrap().to_owned();
    let preview = media["preview_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&a.url("/media/")), "{url}");
    assert!(url.ends_with(".png"), "{url}");
    assert!(preview.starts_with(&a.url("/media/")) && preview != url);
    assert_eq!(media["remote_url"], Value::Null);
    assert_eq!(media["meta"]["original"]["width"], 1280);
    assert_eq!(media["meta"]["original"]["height"], 640);
    assert_eq!(media["meta"]["original"]["aspect"], 2.0);
    assert_eq!(media["meta"]["small"]["width"], 640);
    assert_eq!(media["meta"]["small"]["height"], 320);
    assert_eq!(media["meta"]["focus"], json!({"x": 0.5, "y": -0.5}));
    assert_eq!(media["description"], "A gradient");
    let blurhash = media["blurhash"].as_str().unwrap().to_owned();
    assert!(blurhash.len() >= 6, "{blurhash}");
    let id = media["id"].as_str().unwrap().to_owned();

    // The files are served with their type, never sniffed, cached for long.
    for (file, width) in [(&url, 1280), (&preview, 640)] {
        let response = reqwest::get(reachable(a, file)).await.unwrap();
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000"));
        let bytes = response.bytes().await.unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width(), width);
    }
    let missing = reqwest::get(local(a, "/media/0123456789abcdef0123456789abcdef.png"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let outside = reqwest::get(local(a, "/media/..%2Frookery.db"))
        .await
        .unwrap();
    assert_eq!(outside.status(), 404);

    // GET and PUT while unattached.
    let path = format!("/api/v1/media/{id}");
    let (status, shown) = call(a, Method::GET, &path, token, None).await;
    assert_eq!(status, 200);
    assert_eq!(shown["url"], url.as_str());
    let (status, changed) = call(
        a,
        Method::PUT,
        &path,
        token,
        Some(json!({"description": "A blue gradient", "focus": "-1,1"})),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["description"], "A blue gradient");
    assert_eq!(changed["meta"]["focus"], json!({"x": -1.0, "y": 1.0}));
    let (_, shown) = call(a, Method::GET, &path, token, None).await;
    assert_eq!(shown["description"], "A blue gradient");
    let (status, _) = call(a, Method::PUT, &path, token, Some(json!({"focus": "2,0"}))).await;
    assert_eq!(status, 422);
    let (status, _) = call(a, Method::GET, "/api/v1/media/12345", token, None).await;
    assert_eq!(status, 404);
    let (status, _) = call(a, Method::GET, "/api/v1/media/nope", token, None).await;
    assert_eq!(status, 404);

    // v1 answers the same way.
    let (status, second) = upload(
        a,
        "/api/v1/media",
        token,
        png(40, 30),
        ("small.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["meta"]["original"]["width"], 40);
    assert_eq!(second["description"], Value::Null);
    let second_id = second["id"].as_str().unwrap().to_owned();

    // A status with both, the form way (`media_ids[]`); the text may be empty.
    let response = reqwest::Client::new()
        .post(local(a, "/api/v1/statuses"))
        .bearer_auth(&secret)
        .form(&[
            ("status", ""),
            ("media_ids[]", id.as_str()),
            ("media_ids[]", second_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let (status, posted) = answer(response).await;
    assert_eq!(status, 200, "{posted}");
    let attachments = posted["media_attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["url"], url.as_str());
    assert_eq!(attachments[0]["preview_url"], preview.as_str());
    assert_eq!(attachments[0]["description"], "A blue gradient");
    assert_eq!(attachments[0]["blurhash"], blurhash.as_str());
    assert_eq!(attachments[0]["meta"]["original"]["width"], 1280);
    assert_eq!(attachments[1]["meta"]["original"]["height"], 30);
    let (status, read) = call(
        a,
        Method::GET,
        &format!("/api/v1/statuses/{}", posted["id"].as_str().unwrap()),
        token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(read["media_attachments"], posted["media_attachments"]);

    // Posted uploads can no longer be read or changed through the media API.
    let (status, _) = call(a, Method::GET, &path, token, None).await;
    assert_eq!(status, 404);
    let (status, _) = call(
        a,
        Method::PUT,
        &path,
        token,
        Some(json!({"description": "x"})),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn refusals_store_nothing() {
    refusals(cluster().await).await;
}

/// The same on PostgreSQL, where the refused post's transaction must roll back too.
#[tokio::test]
async fn refusals_store_nothing_on_postgres() {
    if let Some(cluster) = cluster_on(Backend::Postgres).await {
        refusals(cluster).await;
    }
}

async fn refusals(cluster: TestCluster) {
    let a = cluster.instance("a");
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, bob_token) = a.create_user("bob").await.unwrap();
    let alice_token = Some(alice_token.as_str());
    let bob_token = Some(bob_token.as_str());

    // Not images, whatever the client claims.
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0; 100]);
    for (bytes, claimed) in [
        (b"just some text\n".to_vec(), ("cat.png", "image/png")),
        (zip, ("cat.jpg", "image/jpeg")),
    ] {
        let (status, body) = upload(a, "/api/v2/media", alice_token, bytes, claimed, &[]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]
            .as_str()
            .unwrap()
            .contains("not a supported image"));
    }
    // Too many bytes, too many pixels.
    let (status, body) = upload(
        a,
        "/api/v2/media",
        alice_token,
        vec![7u8; MAX_BYTES as usize + 1],
        ("big.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = upload(
        a,
        "/api/v2/media",
        alice_token,
        png(1001, 1000),
        ("wide.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"].as_str().unwrap().contains("pixels"), "{body}");
    // A bad focus is refused before the file is processed.
    let (status, _) = upload(
        a,
        "/api/v2/media",
        alice_token,
        png(10, 10),
        ("a.png", "image/png"),
        &[("focus", "left")],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(media_files(a), 0, "refused uploads leave no files");
    let (status, body) = call(
        a,
        Method::POST,
        "/api/v2/media",
        alice_token,
        Some(json!({"file": "not a form"})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"].is_string(), "{body}");

    // Authentication and scopes.
    let (status, _) = upload(
        a,
        "/api/v2/media",
        None,
        png(10, 10),
        ("a.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 401);
    let secret = "read-only-media-token";
    a.state()
        .store
        .create_access_token(&AccessToken {
            id: TokenId(Id::from_i64(1)),
            account: alice.id,
            token_sha256: rookery_server::accounts::token_hash(secret),
            scopes: "read".into(),
            app_name: None,
            created_at: rookery_server::instance::now(),
        })
        .await
        .unwrap();
    let (status, _) = upload(
        a,
        "/api/v2/media",
        Some(secret),
        png(10, 10),
        ("a.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(media_files(a), 0);

    // alice's upload, which bob tries to post.
    let (status, media) = upload(
        a,
        "/api/v2/media",
        alice_token,
        png(20, 20),
        ("a.png", "image/png"),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    let id = media["id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        a,
        Method::GET,
        &format!("/api/v1/media/{id}"),
        bob_token,
        None,
    )
    .await;
    assert_eq!(status, 404, "someone else's upload is not found");
    let (status, body) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        bob_token,
        Some(json!({"status": "mine now", "media_ids": [id]})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(statuses_of(a, bob.id).await, 0, "bob's post was not stored");
    let (status, body) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        alice_token,
        Some(json!({"status": "unknown upload", "media_ids": ["99999"]})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(statuses_of(a, alice.id).await, 0);

    // alice posts it once; a second post naming it is refused and not stored.
    let (status, body) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        alice_token,
        Some(json!({"status": "first", "media_ids": [id]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        alice_token,
        Some(json!({"status": "again", "media_ids": [id]})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(statuses_of(a, alice.id).await, 1);
}
