//! Status edits, their history and source, and profile updates, through the client API
//! over real HTTP: Mastodon's shapes and errors, and edits made on one instance showing
//! as history on the follower's instance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

/// One request: a JSON value is sent as JSON, a string as-is with `content_type`.
async fn call(
    instance: &TestInstance,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let mut headers = HeaderMap::new();
    if let Some(token) = token {
        headers.insert(
            "authorization",
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
    }
    let mut request = rookery_net::OutboundRequest::new(method, instance.url(path));
    if let Some((content_type, bytes)) = body {
        headers.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        request = request.with_body(Bytes::from(bytes));
    }
    let response = instance
        .state()
        .http
        .execute(request.with_headers(headers))
        .await
        .unwrap();
    let body = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    (response.status.as_u16(), body)
}

fn json_body(value: Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", value.to_string().into_bytes()))
}

fn form_body(form: &str) -> Option<(&'static str, Vec<u8>)> {
    Some((
        "application/x-www-form-urlencoded",
        form.as_bytes().to_vec(),
    ))
}

#[tokio::test]
async fn edits_history_and_source() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (_alice, alice) = a.create_user("alice").await.unwrap();
    let (_bob, bob) = a.create_user("bob").await.unwrap();

    let (status, posted) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        Some(&alice),
        json_body(json!({"status": "first version", "language": "en"})),
    )
    .await;
    assert_eq!(status, 200, "{posted}");
    assert_eq!(posted["edited_at"], Value::Null);
    let id = posted["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/statuses/{id}");

    // Unedited: the history is the current version alone.
    let (status, history) = call(a, Method::GET, &format!("{path}/history"), None, None).await;
    assert_eq!(status, 200);
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["content"], posted["content"]);

    // Edited twice, once as JSON and once as a form (with media_ids kept as they are).
    let (status, edited) = call(
        a,
        Method::PUT,
        &path,
        Some(&alice),
        json_body(json!({"status": "second version", "spoiler_text": "cw"})),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["id"], id.as_str());
    assert!(edited["content"]
        .as_str()
        .unwrap()
        .contains("second version"));
    assert_eq!(edited["spoiler_text"], "cw");
    assert_eq!(
        edited["sensitive"], true,
        "a content warning makes it sensitive"
    );
    assert_eq!(edited["language"], "en", "kept when not sent");
    assert!(edited["edited_at"].is_string());
    let (status, edited) = call(
        a,
        Method::PUT,
        &path,
        Some(&alice),
        form_body("status=third+version&language=de&media_ids%5B%5D="),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["spoiler_text"], "");
    assert_eq!(edited["sensitive"], false);
    assert_eq!(edited["language"], "de");

    let (status, history) = call(a, Method::GET, &format!("{path}/history"), None, None).await;
    assert_eq!(status, 200);
    let versions = history.as_array().unwrap();
    assert_eq!(versions.len(), 3, "{history}");
    let texts: Vec<&str> = versions
        .iter()
        .map(|v| v["content"].as_str().unwrap())
        .collect();
    assert!(texts[0].contains("first version"));
    assert!(texts[1].contains("second version"));
    assert!(texts[2].contains("third version"));
    assert_eq!(versions[1]["spoiler_text"], "cw");
    assert_eq!(versions[1]["sensitive"], true);
    assert_eq!(versions[0]["created_at"], posted["created_at"]);
    assert_eq!(versions[2]["created_at"], edited["edited_at"]);
    assert_eq!(versions[0]["account"]["username"], "alice");

    let (status, source) = call(
        a,
        Method::GET,
        &format!("{path}/source"),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        source,
        json!({"id": id, "text": "third version", "spoiler_text": ""})
    );

    // Errors: someone else's status, an unknown one, no token, a read-only scope, an
    // empty text.
    let (status, body) = call(
        a,
        Method::PUT,
        &path,
        Some(&bob),
        json_body(json!({"status": "hijacked"})),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "Record not found");
    let (status, _) = call(
        a,
        Method::PUT,
        "/api/v1/statuses/123456",
        Some(&alice),
        json_body(json!({"status": "x"})),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = call(
        a,
        Method::PUT,
        &path,
        None,
        json_body(json!({"status": "x"})),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = call(a, Method::GET, &format!("{path}/source"), None, None).await;
    assert_eq!(status, 401);
    let (status, body) = call(
        a,
        Method::PUT,
        &path,
        Some(&alice),
        json_body(json!({"status": " "})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, after) = call(a, Method::GET, &path, None, None).await;
    assert!(after["content"].as_str().unwrap().contains("third version"));
    let (_, history) = call(a, Method::GET, &format!("{path}/history"), None, None).await;
    assert_eq!(
        history.as_array().unwrap().len(),
        3,
        "refused edits leave no trace"
    );

    // A private status's history is as hidden as the status.
    let (_, private) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        Some(&alice),
        json_body(json!({"status": "secret", "visibility": "direct"})),
    )
    .await;
    let private_history = format!(
        "/api/v1/statuses/{}/history",
        private["id"].as_str().unwrap()
    );
    let (status, _) = call(a, Method::GET, &private_history, Some(&bob), None).await;
    assert_eq!(status, 404);
    let (status, _) = call(a, Method::GET, &private_history, Some(&alice), None).await;
    assert_eq!(status, 200);
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_remote_edit_shows_in_the_followers_history() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_alice, alice) = a.create_user("alice").await.unwrap();
    let (_bob, bob) = b.create_user("bob").await.unwrap();
    let (status, found) = call(
        b,
        Method::GET,
        "/api/v1/accounts/lookup?acct=alice@a.test",
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(status, 200, "{found}");
    let alice_on_b = found["id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        b,
        Method::POST,
        &format!("/api/v1/accounts/{alice_on_b}/follow"),
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(status, 200);
    // The follow is accepted asynchronously: post once it is.
    let relationship = format!("/api/v1/accounts/relationships?id[]={alice_on_b}");
    eventually_async("the follow accepted", WAIT, || async {
        let (_, rel) = call(b, Method::GET, &relationship, Some(&bob), None).await;
        (rel[0]["following"] == true).then_some(())
    })
    .await;
    let (_, posted) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        Some(&alice),
        json_body(json!({"status": "before"})),
    )
    .await;
    eventually_async("the post on b", WAIT, || async {
        let (_, home) = call(b, Method::GET, "/api/v1/timelines/home", Some(&bob), None).await;
        home.as_array()
            .unwrap()
            .iter()
            .find(|s| s["content"].as_str().unwrap_or_default().contains("before"))
            .cloned()
    })
    .await;
    let (status, _) = call(
        a,
        Method::PUT,
        &format!("/api/v1/statuses/{}", posted["id"].as_str().unwrap()),
        Some(&alice),
        json_body(json!({"status": "after"})),
    )
    .await;
    assert_eq!(status, 200);
    let on_b = eventually_async("the edit on b", WAIT, || async {
        let (_, home) = call(b, Method::GET, "/api/v1/timelines/home", Some(&bob), None).await;
        home.as_array()
            .unwrap()
            .iter()
            .find(|s| s["content"].as_str().unwrap_or_default().contains("after"))
            .cloned()
    })
    .await;
    assert!(on_b["edited_at"].is_string());
    let (status, history) = call(
        b,
        Method::GET,
        &format!("/api/v1/statuses/{}/history", on_b["id"].as_str().unwrap()),
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let versions = history.as_array().unwrap();
    assert_eq!(versions.len(), 2, "{history}");
    assert!(versions[0]["content"].as_str().unwrap().contains("before"));
    assert!(versions[1]["content"].as_str().unwrap().contains("after"));
    cluster.shutdown().await;
}

/// A multipart body of text fields (and one file part, which must not break it).
fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "rookeryboundary7MA4YWxk";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

#[tokio::test]
async fn update_credentials_as_form_multipart_and_json() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (alice_account, alice) = a.create_user("alice").await.unwrap();
    let path = "/api/v1/accounts/update_credentials";

    let (status, me) = call(
        a,
        Method::PATCH,
        path,
        Some(&alice),
        form_body("display_name=Alice+A.&note=Hello+%23world&locked=true&bot=1"),
    )
    .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["id"], alice_account.id.to_string());
    assert_eq!(me["display_name"], "Alice A.");
    assert!(me["note"].as_str().unwrap().starts_with("<p>Hello"));
    assert_eq!(me["locked"], true);
    assert_eq!(me["bot"], true);
    assert_eq!(me["source"]["note"], "Hello #world");

    let (content_type, body) = multipart(&[("display_name", "Alice M."), ("locked", "false")]);
    let (status, me) = call(
        a,
        Method::PATCH,
        path,
        Some(&alice),
        Some((&content_type, body)),
    )
    .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["display_name"], "Alice M.");
    assert_eq!(me["locked"], false);
    assert_eq!(me["bot"], true, "unsent fields stay");

    let (status, me) = call(
        a,
        Method::PATCH,
        path,
        Some(&alice),
        json_body(json!({"bot": false, "discoverable": true})),
    )
    .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["bot"], false);
    assert_eq!(me["discoverable"], true);
    let (_, verified) = call(
        a,
        Method::GET,
        "/api/v1/accounts/verify_credentials",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(verified["display_name"], "Alice M.");
    assert_eq!(verified["source"]["note"], "Hello #world");

    // Errors: too long a name, a bad boolean, no token; nothing changes.
    let long = "x".repeat(31);
    let (status, body) = call(
        a,
        Method::PATCH,
        path,
        Some(&alice),
        form_body(&format!("display_name={long}")),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = call(
        a,
        Method::PATCH,
        path,
        Some(&alice),
        form_body("locked=perhaps"),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = call(a, Method::PATCH, path, None, form_body("display_name=x")).await;
    assert_eq!(status, 401);
    let (_, verified) = call(
        a,
        Method::GET,
        "/api/v1/accounts/verify_credentials",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(verified["display_name"], "Alice M.");
    cluster.shutdown().await;
}
