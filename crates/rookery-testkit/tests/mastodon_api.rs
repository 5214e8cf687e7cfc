//! The Mastodon-compatible client API over real HTTP: instance, credentials and scopes,
//! posting, reading, following, timelines with Link paging, favourites, notifications,
//! deletes, and Mastodon's error bodies and codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_core::{AccessToken, Id, TokenId};
use rookery_net::HttpResponse;
use rookery_testkit::{TestCluster, TestInstance};
use serde_json::{json, Value};

struct Api<'a> {
    instance: &'a TestInstance,
}

impl Api<'_> {
    fn headers(token: Option<&str>, json_body: bool) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            headers.insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
            );
        }
        if json_body {
            headers.insert("content-type", HeaderValue::from_static("application/json"));
        }
        headers
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value, HttpResponse) {
        let response = self
            .instance
            .state()
            .http
            .get(&self.instance.url(path), Self::headers(token, false))
            .await
            .unwrap();
        let body = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        (response.status.as_u16(), body, response)
    }

    async fn send(
        &self,
        method: http::Method,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> (u16, Value) {
        let request = rookery_net::OutboundRequest::new(method, self.instance.url(path))
            .with_headers(Self::headers(token, true))
            .with_body(Bytes::from(body.to_string()));
        let response = self.instance.state().http.execute(request).await.unwrap();
        let body = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        (response.status.as_u16(), body)
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.send(http::Method::POST, path, token, body).await
    }
}

#[tokio::test]
async fn the_client_api_core() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (_bob, bob_token) = a.create_user("bob").await.unwrap();

    // The instance, for clients deciding which features to enable.
    let (status, instance, _) = api.get("/api/v2/instance", None).await;
    assert_eq!(status, 200);
    assert!(instance["version"]
        .as_str()
        .unwrap()
        .contains("(compatible; rookery "));
    assert_eq!(instance["domain"], "a.test");
    let (_, v1, _) = api.get("/api/v1/instance", None).await;
    assert_eq!(v1["stats"]["user_count"], 2);

    // Credentials: none, a wrong one, a right one.
    let (status, body, _) = api.get("/api/v1/accounts/verify_credentials", None).await;
    assert_eq!((status, body["error"].is_string()), (401, true));
    let (status, _, _) = api
        .get("/api/v1/accounts/verify_credentials", Some("nope"))
        .await;
    assert_eq!(status, 401);
    let (status, me, _) = api
        .get("/api/v1/accounts/verify_credentials", Some(&alice_token))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (me["username"].as_str(), me["acct"].as_str()),
        (Some("alice"), Some("alice"))
    );
    assert_eq!(me["id"], alice.id.to_string());

    // Posting: validated, rendered, readable.
    let (status, error) = api
        .post(
            "/api/v1/statuses",
            Some(&alice_token),
            json!({"status": "  "}),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    let (status, posted) = api
        .post(
            "/api/v1/statuses",
            Some(&alice_token),
            json!({"status": "Hello, @bob! #rookery", "spoiler_text": "greeting"}),
        )
        .await;
    assert_eq!(status, 200, "{posted}");
    assert_eq!(posted["spoiler_text"], "greeting");
    assert_eq!(posted["sensitive"], true);
    assert_eq!(posted["visibility"], "public");
    assert_eq!(posted["mentions"][0]["acct"], "bob");
    assert!(posted["content"].as_str().unwrap().contains("mention"));
    let id = posted["id"].as_str().unwrap().to_owned();
    let (status, shown, _) = api.get(&format!("/api/v1/statuses/{id}"), None).await;
    assert_eq!((status, shown["id"].as_str()), (200, Some(id.as_str())));
    let (status, _, _) = api.get("/api/v1/statuses/12345", None).await;
    assert_eq!(status, 404);
    let (status, _, _) = api.get("/api/v1/statuses/not-a-number", None).await;
    assert_eq!(status, 404);

    // Following and the home timeline, with Mastodon's Link header.
    let (status, relationship) = api
        .post(
            &format!("/api/v1/accounts/{}/follow", alice.id),
            Some(&bob_token),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, relationship["following"].as_bool()),
        (200, Some(true))
    );
    let (status, home, response) = api.get("/api/v1/timelines/home", Some(&bob_token)).await;
    assert_eq!(status, 200);
    assert_eq!(home[0]["id"], id.as_str());
    let link = response.headers["link"].to_str().unwrap();
    assert!(
        link.contains("rel=\"next\"") && link.contains(&format!("max_id={id}")),
        "{link}"
    );
    let (_, public, _) = api.get("/api/v1/timelines/public?local=true", None).await;
    assert_eq!(public.as_array().unwrap().len(), 1);

    // Favourite, then the author's notifications.
    let (status, faved) = api
        .post(
            &format!("/api/v1/statuses/{id}/favourite"),
            Some(&bob_token),
            json!({}),
        )
        .await;
    assert_eq!(
        (
            status,
            faved["favourites_count"].as_u64(),
            faved["favourited"].as_bool()
        ),
        (200, Some(1), Some(true))
    );
    let (_, notifications, _) = api.get("/api/v1/notifications", Some(&alice_token)).await;
    let kinds: Vec<&str> = notifications
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"favourite") && kinds.contains(&"follow"),
        "{kinds:?}"
    );

    // Scopes: a read-only token may read but not post (403).
    let secret = "read-only-token-secret";
    let hash = rookery_server::accounts::token_hash(secret);
    a.state()
        .store
        .create_access_token(&AccessToken {
            id: TokenId(Id::from_i64(1)),
            account: alice.id,
            token_sha256: hash,
            scopes: "read".into(),
            app_name: None,
            created_at: rookery_server::instance::now(),
        })
        .await
        .unwrap();
    let (status, _, _) = api
        .get("/api/v1/accounts/verify_credentials", Some(secret))
        .await;
    assert_eq!(status, 200);
    let (status, body) = api
        .post("/api/v1/statuses", Some(secret), json!({"status": "hi"}))
        .await;
    assert_eq!(status, 403, "{body}");

    // Only the author may delete; a deleted status is gone.
    let (status, _) = api
        .send(
            http::Method::DELETE,
            &format!("/api/v1/statuses/{id}"),
            Some(&bob_token),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = api
        .send(
            http::Method::DELETE,
            &format!("/api/v1/statuses/{id}"),
            Some(&alice_token),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, _) = api.get(&format!("/api/v1/statuses/{id}"), None).await;
    assert_eq!(status, 404);
    cluster.shutdown().await;
}

#[tokio::test]
async fn relationships_threads_requests_and_search() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (carol, carol_token) = a.create_user("carol").await.unwrap();
    b.create_user("dora").await.unwrap();

    // A locked account gets follow requests to authorize.
    a.state()
        .services
        .update_profile(
            alice.id,
            rookery_core::service::ProfileChange {
                display_name: None,
                note: None,
                locked: Some(true),
                bot: None,
                discoverable: None,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (_, rel) = api
        .post(
            &format!("/api/v1/accounts/{}/follow", alice.id),
            Some(&carol_token),
            json!({}),
        )
        .await;
    assert_eq!(
        (rel["following"].as_bool(), rel["requested"].as_bool()),
        (Some(false), Some(true))
    );
    let (_, requests, _) = api.get("/api/v1/follow_requests", Some(&alice_token)).await;
    assert_eq!(requests[0]["username"], "carol");
    let (status, rel) = api
        .post(
            &format!("/api/v1/follow_requests/{}/authorize", carol.id),
            Some(&alice_token),
            json!({}),
        )
        .await;
    assert_eq!((status, rel["followed_by"].as_bool()), (200, Some(true)));
    let (_, followers, _) = api
        .get(&format!("/api/v1/accounts/{}/followers", alice.id), None)
        .await;
    assert_eq!(followers[0]["username"], "carol");
    let (_, rels, _) = api
        .get(
            &format!("/api/v1/accounts/relationships?id[]={}", alice.id),
            Some(&carol_token),
        )
        .await;
    assert_eq!(rels[0]["following"], true);

    // A thread: context lists ancestors and descendants.
    let (_, root) = api
        .post(
            "/api/v1/statuses",
            Some(&alice_token),
            json!({"status": "root"}),
        )
        .await;
    let root_id = root["id"].as_str().unwrap();
    let (_, reply) = api
        .post(
            "/api/v1/statuses",
            Some(&carol_token),
            json!({"status": "reply", "in_reply_to_id": root_id}),
        )
        .await;
    assert_eq!(reply["in_reply_to_id"], root_id);
    let (_, context, _) = api
        .get(&format!("/api/v1/statuses/{root_id}/context"), None)
        .await;
    assert_eq!(context["descendants"][0]["id"], reply["id"]);
    let (_, context, _) = api
        .get(
            &format!("/api/v1/statuses/{}/context", reply["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(context["ancestors"][0]["id"], root_id);

    // Block and mute answer with the relationship; a block severs the follow.
    let (_, rel) = api
        .post(
            &format!("/api/v1/accounts/{}/mute", alice.id),
            Some(&carol_token),
            json!({}),
        )
        .await;
    assert_eq!(rel["muting"], true);
    let (_, rel) = api
        .post(
            &format!("/api/v1/accounts/{}/block", alice.id),
            Some(&carol_token),
            json!({}),
        )
        .await;
    assert_eq!(
        (rel["blocking"].as_bool(), rel["following"].as_bool()),
        (Some(true), Some(false))
    );

    // Search resolves a remote handle over federation for a logged-in user only.
    let (status, found, _) = api
        .get("/api/v2/search?q=@dora@b.test&resolve=true", None)
        .await;
    assert_eq!(
        (status, found["accounts"].as_array().unwrap().len()),
        (200, 0)
    );
    let (_, found, _) = api
        .get(
            "/api/v2/search?q=@dora@b.test&resolve=true",
            Some(&alice_token),
        )
        .await;
    assert_eq!(found["accounts"][0]["acct"], "dora@b.test");
    let (_, looked_up, _) = api
        .get("/api/v1/accounts/lookup?acct=dora@b.test", None)
        .await;
    assert_eq!(looked_up["username"], "dora");
    let (status, _, _) = api.get("/api/v2/search", None).await;
    assert_eq!(status, 422);
    cluster.shutdown().await;
}
