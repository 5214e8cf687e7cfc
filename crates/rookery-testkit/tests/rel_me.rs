//! Profile link verification (Mastodon's `rel="me"`), across two real instances: bob on
//! b.test lists alice's profile in a field, so his public profile page links to it with
//! `rel="me"`; when alice lists bob's page in a field, a.test fetches it and marks the
//! field verified. A page that does not link back (carol's) leaves its field unverified.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod media_support;

use std::time::Duration;

use media_support::{answer, local};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

async fn set_fields(instance: &TestInstance, token: &str, fields: &[(&str, &str)]) -> Value {
    let mut form = Vec::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        form.push((format!("fields_attributes[{i}][name]"), name.to_string()));
        form.push((format!("fields_attributes[{i}][value]"), value.to_string()));
    }
    let request = reqwest::Client::new()
        .patch(local(instance, "/api/v1/accounts/update_credentials"))
        .bearer_auth(token)
        .form(&form);
    let (status, account) = answer(request.send().await.unwrap()).await;
    assert_eq!(status, 200, "{account}");
    account
}

async fn my_fields(instance: &TestInstance, token: &str) -> Vec<Value> {
    let request = reqwest::Client::new()
        .get(local(instance, "/api/v1/accounts/verify_credentials"))
        .bearer_auth(token);
    let (status, account) = answer(request.send().await.unwrap()).await;
    assert_eq!(status, 200, "{account}");
    account["fields"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_link_back_with_rel_me_verifies_a_profile_field() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (_, alice) = a.create_user("alice").await.unwrap();
    let (_, bob) = b.create_user("bob").await.unwrap();
    b.create_user("carol").await.unwrap();

    // Bob's profile page on b.test links to alice's profile; pages render field links
    // with rel="me".
    set_fields(b, &bob, &[("Friend", &a.url("/@alice"))]).await;
    let page = reqwest::get(local(b, "/@bob"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        rookery_html::rel_me_links(&page),
        [a.url("/@alice")],
        "bob's page links to alice with rel=me"
    );

    // Carol's page is listed first: it is checked in the same pass, so once bob's field
    // shows verified, carol's has been checked too.
    let saved = set_fields(
        a,
        &alice,
        &[("Carol", &b.url("/@carol")), ("Bob", &b.url("/@bob"))],
    )
    .await;
    assert!(
        saved["fields"][1]["verified_at"].is_null(),
        "not verified at once"
    );

    let fields = eventually_async("the field linking to bob's page verified", WAIT, || async {
        let fields = my_fields(a, &alice).await;
        fields[1]["verified_at"].is_string().then_some(fields)
    })
    .await;
    assert!(
        fields[0]["verified_at"].is_null(),
        "carol's page does not link back"
    );
    assert_eq!(fields[1]["name"], "Bob");

    // Editing the verified field's value drops its verification.
    let saved = set_fields(a, &alice, &[("Bob", &b.url("/@carol"))]).await;
    assert!(saved["fields"][0]["verified_at"].is_null());
}
