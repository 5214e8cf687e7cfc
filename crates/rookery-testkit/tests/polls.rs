//! Polls between two instances through the client API: alice on a.test posts a poll,
//! bob on b.test (following her) sees it and votes; a.test counts the vote, and b.test
//! sees the new counts once a.test sends them. Once over ActivityPub (`Question`,
//! `Create(Note{name})`, `Update(Question)`) and once over Versia (`pub.versia:polls`,
//! the Vote entity, the Note sent again). Refused votes: a second one, one's own poll,
//! an option that does not exist, a closed poll.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod versia_support;

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use rookery_core::poll::{Poll, PollOption};
use rookery_core::{NoteId, Timestamp};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

async fn call(
    instance: &TestInstance,
    method: Method,
    path: &str,
    token: &str,
    form: Option<&str>,
) -> (u16, Value) {
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    let mut request = rookery_net::OutboundRequest::new(method, instance.url(path));
    if let Some(form) = form {
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        request = request.with_body(Bytes::from(form.to_owned()));
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

/// The poll of the status in `token`'s home timeline whose text contains `text`.
async fn poll_in_home(instance: &TestInstance, token: &str, text: &str) -> Option<Value> {
    let (_, home) = call(instance, Method::GET, "/api/v1/timelines/home", token, None).await;
    home.as_array()?
        .iter()
        .find(|s| s["content"].as_str().unwrap_or_default().contains(text))
        .map(|s| s["poll"].clone())
        .filter(|p| p.is_object())
}

fn counts(poll: &Value) -> Vec<u64> {
    poll["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["votes_count"].as_u64().unwrap())
        .collect()
}

/// Returns the poll's id on a.test.
async fn poll_round_trip(cluster: &TestCluster) -> String {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_alice, alice) = a.create_user("alice").await.unwrap();
    let (_carol, carol) = a.create_user("carol").await.unwrap();
    let (_bob, bob) = b.create_user("bob").await.unwrap();

    let (status, found) = call(
        b,
        Method::GET,
        "/api/v1/accounts/lookup?acct=alice@a.test",
        &bob,
        None,
    )
    .await;
    assert_eq!(status, 200, "{found}");
    let alice_on_b = found["id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        b,
        Method::POST,
        &format!("/api/v1/accounts/{alice_on_b}/follow"),
        &bob,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let relationship = format!("/api/v1/accounts/relationships?id[]={alice_on_b}");
    eventually_async("the follow accepted", WAIT, || async {
        let (_, rel) = call(b, Method::GET, &relationship, &bob, None).await;
        (rel[0]["following"] == true).then_some(())
    })
    .await;

    let (status, posted) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        &alice,
        Some("status=Tea+or+coffee%3F&poll[options][]=tea&poll[options][]=coffee&poll[expires_in]=600"),
    )
    .await;
    assert_eq!(status, 200, "{posted}");
    let poll_id = posted["poll"]["id"].as_str().unwrap().to_owned();
    assert_eq!(posted["poll"]["multiple"], false);
    assert_eq!(
        posted["poll"]["voted"], true,
        "the author counts as having voted"
    );
    assert_eq!(counts(&posted["poll"]), [0, 0]);

    // b.test's copy: the same options, no votes yet, bob has not voted.
    let seen = eventually_async("the poll on b", WAIT, || {
        poll_in_home(b, &bob, "Tea or coffee")
    })
    .await;
    assert_eq!(seen["options"][0]["title"], "tea");
    assert_eq!(seen["options"][1]["title"], "coffee");
    assert_eq!(counts(&seen), [0, 0]);
    assert_eq!(seen["voted"], false);
    assert!(seen["expires_at"].is_string());
    let remote_poll = seen["id"].as_str().unwrap().to_owned();

    // bob votes on b.test; it shows at once there and is counted on a.test.
    let (status, voted) = call(
        b,
        Method::POST,
        &format!("/api/v1/polls/{remote_poll}/votes"),
        &bob,
        Some("choices[]=1"),
    )
    .await;
    assert_eq!(status, 200, "{voted}");
    assert_eq!(voted["voted"], true);
    assert_eq!(voted["own_votes"], serde_json::json!([1]));
    assert_eq!(counts(&voted), [0, 1]);
    eventually_async("bob's vote counted on a", WAIT, || async {
        let (_, poll) = call(
            a,
            Method::GET,
            &format!("/api/v1/polls/{poll_id}"),
            &alice,
            None,
        )
        .await;
        (counts(&poll) == [0, 1]).then_some(())
    })
    .await;

    // carol (on a.test) votes too: the new counts reach b.test.
    let (status, _) = call(
        a,
        Method::POST,
        &format!("/api/v1/polls/{poll_id}/votes"),
        &carol,
        Some("choices[]=0"),
    )
    .await;
    assert_eq!(status, 200);
    eventually_async("the new counts on b", WAIT, || async {
        let (_, poll) = call(
            b,
            Method::GET,
            &format!("/api/v1/polls/{remote_poll}"),
            &bob,
            None,
        )
        .await;
        (counts(&poll) == [1, 1]).then_some(())
    })
    .await;
    let (_, poll) = call(
        b,
        Method::GET,
        &format!("/api/v1/polls/{remote_poll}"),
        &bob,
        None,
    )
    .await;
    assert_eq!(
        poll["own_votes"],
        serde_json::json!([1]),
        "bob's vote still his"
    );

    // Refused: a second vote, one's own poll, an option that does not exist.
    for (instance, token, id, choice, who) in [
        (b, &bob, &remote_poll, "0", "bob again"),
        (a, &carol, &poll_id, "1", "carol again"),
        (a, &alice, &poll_id, "0", "the author"),
    ] {
        let (status, body) = call(
            instance,
            Method::POST,
            &format!("/api/v1/polls/{id}/votes"),
            token,
            Some(&format!("choices[]={choice}")),
        )
        .await;
        assert_eq!(status, 422, "{who}: {body}");
    }
    let (_, other) = a.create_user("dave").await.unwrap();
    let (status, _) = call(
        a,
        Method::POST,
        &format!("/api/v1/polls/{poll_id}/votes"),
        &other,
        Some("choices[]=2"),
    )
    .await;
    assert_eq!(status, 422, "no third option");
    let (status, _) = call(
        a,
        Method::POST,
        &format!("/api/v1/polls/{poll_id}/votes"),
        &other,
        Some("choices[]=0&choices[]=1"),
    )
    .await;
    assert_eq!(status, 422, "single choice");
    let (_, poll) = call(
        a,
        Method::GET,
        &format!("/api/v1/polls/{poll_id}"),
        &alice,
        None,
    )
    .await;
    assert_eq!(counts(&poll), [1, 1], "refused votes count nothing");
    poll_id
}

#[tokio::test]
async fn polls_over_activitypub() {
    use activitypub_support::{client, get_json, json};
    let cluster = activitypub_support::ap_cluster(2, |_, _| {}).await;
    let poll_id = poll_round_trip(&cluster).await;
    // The note's own URL serves the poll as a `Question` with its counts (§5.3).
    let a = cluster.instance("a");
    let url = a.url(&format!("/notes/{poll_id}"));
    let question = json(&get_json(&client(a), &url, None).await);
    assert_eq!(question["type"], "Question", "{question}");
    assert_eq!(question["oneOf"][0]["name"], "tea");
    assert_eq!(question["oneOf"][1]["replies"]["totalItems"], 1);
    assert_eq!(question["votersCount"], 2);
    assert!(question["endTime"].is_string());
    cluster.shutdown().await;
}

#[tokio::test]
async fn polls_over_versia() {
    let cluster = versia_support::versia_cluster(2).await;
    poll_round_trip(&cluster).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn closed_polls_and_bad_drafts_are_refused() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (_alice, alice) = a.create_user("alice").await.unwrap();
    let (_bob, bob) = a.create_user("bob").await.unwrap();
    for form in [
        "status=q&poll[options][]=only&poll[expires_in]=600",
        "status=q&poll[options][]=a&poll[options][]=b&poll[expires_in]=60",
        "status=q&poll[options][]=a&poll[options][]=b&poll[options][]=c&poll[options][]=d&poll[options][]=e",
    ] {
        let (status, body) = call(a, Method::POST, "/api/v1/statuses", &alice, Some(form)).await;
        assert_eq!(status, 422, "{form}: {body}");
    }
    let (_, posted) = call(
        a,
        Method::POST,
        "/api/v1/statuses",
        &alice,
        Some("status=q&poll[options][]=a&poll[options][]=b"),
    )
    .await;
    let id = posted["poll"]["id"].as_str().unwrap().to_owned();
    // Close it by moving its end into the past (no test waits five minutes).
    let store = &a.state().store;
    let mut poll: Poll = store
        .poll(id.parse::<NoteId>().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        poll.options[0],
        PollOption {
            title: "a".into(),
            votes: 0
        }
    );
    poll.expires_at = Some(Timestamp::from_millis(1_000));
    let mut tx = store.begin().await.unwrap();
    tx.upsert_poll(&poll).await.unwrap();
    tx.commit().await.unwrap();
    let (status, body) = call(
        a,
        Method::POST,
        &format!("/api/v1/polls/{id}/votes"),
        &bob,
        Some("choices[]=0"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, poll) = call(a, Method::GET, &format!("/api/v1/polls/{id}"), &bob, None).await;
    assert_eq!(poll["expired"], true);
    assert_eq!(counts(&poll), [0, 0]);
    cluster.shutdown().await;
}
