//! Avatars, headers and profile fields end to end: `update_credentials` with real image
//! files and `fields_attributes`, the Mastodon Account showing them (and the served
//! placeholder when unset), a non-image refused with 422, and a follower's server
//! seeing them after the Update over ActivityPub (actor `icon`/`image`/`attachment`,
//! activitypub.md §3.1) and over Versia (User `avatar`/`header`/`fields`, versia.md §8.1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod media_support;
mod versia_support;

use std::time::Duration;

use media_support::{answer, call, local, png, reachable};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

/// `PATCH /api/v1/accounts/update_credentials` as multipart: `files` are
/// (field, bytes, file name, claimed type), `texts` the other fields.
async fn update_credentials(
    instance: &TestInstance,
    token: &str,
    files: Vec<(&str, Vec<u8>, &str, &str)>,
    texts: &[(&str, &str)],
) -> (u16, Value) {
    let mut form = Form::new();
    for (field, bytes, name, mime) in files {
        let part = Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(mime)
            .unwrap();
        form = form.part(field.to_owned(), part);
    }
    for (name, value) in texts {
        form = form.text(name.to_string(), value.to_string());
    }
    let request = reqwest::Client::new()
        .patch(local(instance, "/api/v1/accounts/update_credentials"))
        .bearer_auth(token)
        .multipart(form);
    answer(request.send().await.unwrap()).await
}

/// Alice's new avatar, header and two fields, sent through the API.
async fn give_alice_a_profile(a: &TestInstance, token: &str) -> Value {
    let (status, account) = update_credentials(
        a,
        token,
        vec![
            ("avatar", png(64, 64), "me.png", "image/png"),
            ("header", png(300, 100), "banner.png", "image/png"),
        ],
        &[
            ("fields_attributes[0][name]", "Site"),
            ("fields_attributes[0][value]", "https://alice.example/about"),
            ("fields_attributes[1][name]", "Pronouns"),
            ("fields_attributes[1][value]", "she/her"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{account}");
    account
}

/// The image at `url` (one of `instance`'s) is served as a decodable PNG.
async fn serves_png(instance: &TestInstance, url: &str) -> (u32, u32) {
    let response = reqwest::get(reachable(instance, url)).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    assert_eq!(response.headers()["content-type"], "image/png", "{url}");
    let image = image::load_from_memory(&response.bytes().await.unwrap()).unwrap();
    (image.width(), image.height())
}

#[tokio::test]
async fn avatar_header_and_fields_are_stored_and_shown() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (_alice, secret) = a.create_user("alice").await.unwrap();

    // Before: Mastodon's placeholders, which we serve.
    let (_, before) = call(
        a,
        Method::GET,
        "/api/v1/accounts/verify_credentials",
        Some(&secret),
        None,
    )
    .await;
    let placeholder = before["avatar"].as_str().unwrap().to_owned();
    assert!(
        placeholder.ends_with("/avatars/original/missing.png"),
        "{placeholder}"
    );
    assert!(before["header"]
        .as_str()
        .unwrap()
        .ends_with("/headers/original/missing.png"));
    serves_png(a, &placeholder).await;
    assert_eq!(before["fields"], Value::Array(Vec::new()));

    let updated = give_alice_a_profile(a, &secret).await;
    let (_, account) = call(
        a,
        Method::GET,
        "/api/v1/accounts/verify_credentials",
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(account["avatar"], updated["avatar"]);
    let avatar = account["avatar"].as_str().unwrap();
    let header = account["header"].as_str().unwrap();
    assert!(avatar.starts_with(&a.url("/media/")), "{avatar}");
    assert_eq!(account["avatar_static"], account["avatar"]);
    assert_eq!(account["header_static"], account["header"]);
    assert_eq!(serves_png(a, avatar).await, (64, 64));
    assert_eq!(serves_png(a, header).await, (300, 100));

    let fields = account["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 2, "{account}");
    assert_eq!(fields[0]["name"], "Site");
    let value = fields[0]["value"].as_str().unwrap();
    assert!(
        value.contains("href=\"https://alice.example/about\""),
        "{value}"
    );
    assert_eq!(fields[0]["verified_at"], Value::Null);
    assert_eq!(fields[1]["value"], "she/her");
    assert_eq!(account["source"]["fields"][1]["value"], "she/her");

    // The public profile page shows them too.
    let page = reqwest::get(local(a, "/@alice")).await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("src=\"{avatar}\"")), "{page}");
    assert!(page.contains("alt=\"alice's avatar\""), "{page}");
    assert!(page.contains(&format!("src=\"{header}\"")), "{page}");
    assert!(page.contains("<dt>Pronouns</dt><dd>she/her"), "{page}");

    // Fields are replaced as a whole; images stay when not sent again.
    let (status, cleared) = call(
        a,
        Method::PATCH,
        "/api/v1/accounts/update_credentials",
        Some(&secret),
        Some(serde_json::json!({"fields_attributes": [{"name": "Only", "value": "one"}]})),
    )
    .await;
    assert_eq!(status, 200, "{cleared}");
    assert_eq!(cleared["fields"].as_array().unwrap().len(), 1);
    assert_eq!(cleared["avatar"], account["avatar"]);

    // Over Mastodon's limit of four fields: refused.
    let five: Vec<(String, String)> = (0..5)
        .flat_map(|i| {
            [
                (format!("fields_attributes[{i}][name]"), format!("n{i}")),
                (format!("fields_attributes[{i}][value]"), "v".to_owned()),
            ]
        })
        .collect();
    let five: Vec<(&str, &str)> = five.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, _) = update_credentials(a, &secret, Vec::new(), &five).await;
    assert_eq!(status, 422);
}

/// A PNG of noise (it does not compress): about 3 bytes a pixel.
fn noisy_png(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let image = image::RgbImage::from_fn(width, height, |_, _| {
        // xorshift: cheap bytes that defeat PNG's compression.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Avatars are often larger than the server's general 1 MiB body limit: the route is
/// mounted with the uploads, under the media limit instead.
#[tokio::test]
async fn an_avatar_above_one_mebibyte_is_accepted() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (_alice, secret) = a.create_user("alice").await.unwrap();
    let avatar = noisy_png(700, 600);
    assert!(avatar.len() > 1024 * 1024, "{}", avatar.len());
    let (status, account) = update_credentials(
        a,
        &secret,
        vec![("avatar", avatar, "big.png", "image/png")],
        &[],
    )
    .await;
    assert_eq!(status, 200, "{account}");
    let url = account["avatar"].as_str().unwrap();
    assert_eq!(serves_png(a, url).await, (700, 600));
}

#[tokio::test]
async fn a_non_image_avatar_is_refused_and_nothing_changes() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (_alice, secret) = a.create_user("alice").await.unwrap();
    let (status, body) = update_credentials(
        a,
        &secret,
        vec![(
            "avatar",
            b"%PDF-1.4 not an image".to_vec(),
            "me.png",
            "image/png",
        )],
        &[("display_name", "Changed")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, account) = call(
        a,
        Method::GET,
        "/api/v1/accounts/verify_credentials",
        Some(&secret),
        None,
    )
    .await;
    assert!(account["avatar"].as_str().unwrap().ends_with("missing.png"));
    assert_ne!(account["display_name"], "Changed");
}

/// b.test's bob follows alice; alice sets her profile through the API; bob's client
/// API on b shows her avatar, header and fields.
async fn a_follower_sees_the_new_profile(cluster: TestCluster) {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_alice, alice_secret) = a.create_user("alice").await.unwrap();
    let (bob, bob_secret) = b.create_user("bob").await.unwrap();
    let alice_on_b = activitypub_support::follow(b, &bob, "alice@a.test").await;

    let updated = give_alice_a_profile(a, &alice_secret).await;
    let path = format!("/api/v1/accounts/{}", alice_on_b.id);
    let seen = eventually_async("b shows alice's new profile", WAIT, || async {
        let (_, account) = call(b, Method::GET, &path, Some(&bob_secret), None).await;
        (account["fields"].as_array().map(Vec::len) == Some(2)).then_some(account)
    })
    .await;
    assert_eq!(seen["avatar"], updated["avatar"], "{seen}");
    assert_eq!(seen["header"], updated["header"], "{seen}");
    assert_eq!(seen["fields"][0]["name"], "Site");
    let value = seen["fields"][0]["value"].as_str().unwrap();
    assert!(value.contains("https://alice.example/about"), "{value}");
    assert_eq!(seen["fields"][1]["value"], "she/her");
}

#[tokio::test]
async fn activitypub_followers_see_avatar_and_fields() {
    a_follower_sees_the_new_profile(activitypub_support::ap_cluster(2, |_, _| {}).await).await;
}

#[tokio::test]
async fn versia_followers_see_avatar_and_fields() {
    a_follower_sees_the_new_profile(versia_support::versia_cluster(2).await).await;
}
