//! Versia Instance Messaging (versia.md §10.4): plain-text messages are accepted
//! unsigned at both the v0.6 path and the reference's `/messaging`, capped at 4 KiB, and
//! the endpoint is advertised in InstanceMetadata the way the reference reads it. Our
//! Likes and Shares are served at their entity URLs (§4, §10.6, §10.11), signed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_core::service::Draft;
use rookery_core::Visibility;
use rookery_net::HttpResponse;
use rookery_testkit::TestInstance;
use rookery_versia::mapping::interaction_id;
use rookery_versia::paths::entity_path;
use rookery_versia::signature::verify_response;
use rookery_versia::validate::ValidationMode;
use serde_json::Value;
use versia_support::{get, instance_key, now, reference, user, versia_cluster};

const MESSAGING: &str = "/.versia/v0.6/messaging";

/// An unsigned `text/plain` POST of `body` to `path` on `to`.
async fn post_text(to: &TestInstance, path: &str, body: Vec<u8>) -> HttpResponse {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("text/plain"));
    to.state()
        .http
        .post(&to.url(path), headers, Bytes::from(body))
        .await
        .unwrap()
}

#[tokio::test]
async fn instance_messages_are_accepted_capped_and_advertised() {
    let cluster = versia_cluster(1).await;
    let a = cluster.instance("a");

    for path in [MESSAGING, "/messaging"] {
        let text = b"Note b.test:42 failed validation: content missing".to_vec();
        let ok = post_text(a, path, text).await;
        assert_eq!(ok.status, 200, "{path}");
        assert!(ok.body.is_empty(), "{path}: no response body (§10.4)");

        let at_cap = post_text(a, path, vec![b'x'; 4096]).await;
        assert_eq!(at_cap.status, 200, "{path}: 4 KiB is allowed");

        let too_big = post_text(a, path, vec![b'x'; 4097]).await;
        assert_eq!(too_big.status, 413, "{path}: above 4 KiB");
    }

    let meta = get(None, a, "/.versia/v0.6/instance").await;
    assert_eq!(meta.status, 200);
    let body: Value = serde_json::from_slice(&meta.body).unwrap();
    let endpoint = body["extensions"]["pub.versia:instance_messaging"]["endpoint"]
        .as_str()
        .unwrap_or_else(|| panic!("no messaging endpoint in {body}"));
    assert!(endpoint.ends_with(MESSAGING), "{endpoint}");
    assert!(endpoint.contains(&a.domain), "absolute URL: {endpoint}");
    let extensions = body["compatibility"]["extensions"].as_array().unwrap();
    assert!(
        extensions.contains(&Value::from("pub.versia:instance_messaging")),
        "{extensions:?}"
    );
}

/// GETs `path` on `to` (signed by `from` if given), expects a 200 signed by `to` over
/// this request (§3.4, §3.5) and returns the JSON body.
async fn fetch_signed(from: Option<&TestInstance>, to: &TestInstance, path: &str) -> Value {
    let r = get(from, to, path).await;
    assert_eq!(
        r.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.headers["versia-signed-by"], to.domain.as_str());
    let key = instance_key(to).await.public_key();
    verify_response(
        "get",
        path,
        &r.headers,
        &r.body,
        &to.domain,
        &key,
        now(),
        ValidationMode::LOOPBACK_TEST,
    )
    .unwrap();
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn likes_and_shares_are_served_at_their_entity_urls() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let services = &a.state().services;
    let alice = user(a, "alice").await;
    let bob = user(a, "bob").await;
    let note = services
        .post_note(alice.id, Draft::public("like and share me"))
        .await
        .unwrap()
        .note;
    let note_ref = rookery_versia::entities::Reference::new(&*a.domain, note.id.to_string());

    let like = services.like(bob.id, note.id).await.unwrap();
    let like_id = interaction_id(like.id.as_i64(), &note_ref);
    let like_path = entity_path("pub.versia:likes/Like", &like_id);
    for from in [None, Some(b)] {
        let body = fetch_signed(from, a, &like_path).await;
        assert_eq!(body["type"], "pub.versia:likes/Like", "{body}");
        assert_eq!(body["id"], like_id.as_str());
        assert_eq!(body["author"], reference(a, bob.id));
        assert_eq!(body["liked"], note_ref.to_string());
    }

    let share = services.share(bob.id, note.id).await.unwrap();
    let share_id = interaction_id(share.id.as_i64(), &note_ref);
    let body = fetch_signed(
        Some(b),
        a,
        &entity_path("pub.versia:share/Share", &share_id),
    )
    .await;
    assert_eq!(body["type"], "pub.versia:share/Share", "{body}");
    assert_eq!(body["id"], share_id.as_str());
    assert_eq!(body["author"], reference(a, bob.id));
    assert_eq!(body["shared"], note_ref.to_string());

    // Unknown ids, and a Like id under the Share type, are 404.
    let unknown = interaction_id(like.id.as_i64() + 1_000_000, &note_ref);
    for path in [
        entity_path("pub.versia:likes/Like", &unknown),
        entity_path("pub.versia:likes/Like", "nonsense"),
        entity_path("pub.versia:share/Share", &like_id),
    ] {
        assert_eq!(get(Some(b), a, &path).await.status, 404, "{path}");
    }

    // A like on a followers-only note is not served to an unsigned requester.
    let mut draft = Draft::public("followers only");
    draft.visibility = Visibility::FollowersOnly;
    let hidden = services.post_note(alice.id, draft).await.unwrap().note;
    let hidden_ref = rookery_versia::entities::Reference::new(&*a.domain, hidden.id.to_string());
    let hidden_like = services.like(alice.id, hidden.id).await.unwrap();
    let path = entity_path(
        "pub.versia:likes/Like",
        &interaction_id(hidden_like.id.as_i64(), &hidden_ref),
    );
    assert_eq!(get(None, a, &path).await.status, 404);

    cluster.shutdown().await;
}
