//! A remote Versia user's `pub.versia:vanity` (versia.md §10.12) is shown: a.test pushes
//! jane's User with pronouns, location, birthday and time zone to b.test (§9.2 "Profile
//! changed"), and b.test shows them in the Mastodon API Account (as extra `fields`, but
//! not in `source.fields`) and on jane's web profile page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::{json, Value};
use versia_support::{now, post_inbox, resolve, user, versia_cluster, WAIT};

/// A client that reaches every instance of the cluster by its domain.
fn client(cluster: &TestCluster) -> reqwest::Client {
    let mut builder = reqwest::Client::builder();
    for instance in &cluster.instances {
        builder = builder.resolve(&instance.domain, instance.addr());
    }
    builder.build().unwrap()
}

async fn api_get(client: &reqwest::Client, on: &TestInstance, path: &str, token: &str) -> Value {
    let r = client
        .get(on.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
}

fn pronoun(subject: &str, object: &str, possessive: &str, reflexive: &str) -> Value {
    json!({
        "subject": subject,
        "object": object,
        "dependent_possessive": possessive,
        "independent_possessive": possessive,
        "reflexive": reflexive,
    })
}

#[tokio::test]
async fn a_remote_users_vanity_is_shown_in_the_api_and_on_the_web() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let jane = user(a, "jane").await;
    let (_, token) = b.create_user("bob").await.unwrap();
    let jane_on_b = resolve(b, "jane@a.test").await;
    let http = client(&cluster);
    let before = api_get(
        &http,
        b,
        &format!("/api/v1/accounts/{}", jane_on_b.id),
        &token,
    )
    .await;
    assert_eq!(before["fields"], json!([]), "no vanity yet");

    // a.test sends jane's User again, now with the vanity extension (and a field).
    let mut pushed = serde_json::to_value(rookery_versia::mapping::local_user(&jane)).unwrap();
    pushed["fields"] = json!([{
        "key": {"text/plain": {"content": "Site", "remote": false}},
        "value": {"text/plain": {"content": "jane.example", "remote": false}},
    }]);
    pushed["extensions"] = json!({
        "pub.versia:vanity": {
            "pronouns": {
                "en-US": [pronoun("she", "her", "her", "herself"), pronoun("they", "them", "their", "themself")],
            },
            "location": "Lyon <b>centre</b>",
            "birthday": "0000-04-12",
            "timezone": "Europe/Paris",
            "aliases": [],
        }
    });
    let body = pushed.to_string();
    let r = post_inbox(a, b, body.as_bytes(), body.as_bytes(), now()).await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));

    // The Mastodon API: the profile's own field first, then the vanity, escaped.
    let path = format!("/api/v1/accounts/{}", jane_on_b.id);
    let account = eventually_async("jane's vanity on b", WAIT, || async {
        let account = api_get(&http, b, &path, &token).await;
        (account["fields"].as_array().map(Vec::len) == Some(5)).then_some(account)
    })
    .await;
    let fields: Vec<(&str, &str)> = account["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("Site", "jane.example"),
            ("Pronouns", "she/her, they/them"),
            ("Location", "Lyon &lt;b&gt;centre&lt;/b&gt;"),
            ("Birthday", "12 April"),
            ("Time zone", "Europe/Paris"),
        ]
    );
    // Lookup by handle renders the same account.
    let looked_up = api_get(&http, b, "/api/v1/accounts/lookup?acct=jane@a.test", &token).await;
    assert_eq!(looked_up["fields"], account["fields"]);

    // The web profile page lists them as plain text.
    let page = http
        .get(b.url("/@jane@a.test"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for shown in [
        "<dt>Pronouns</dt><dd>she/her, they/them</dd>",
        "<dt>Location</dt><dd>Lyon &lt;b&gt;centre&lt;/b&gt;</dd>",
        "<dt>Birthday</dt><dd>12 April</dd>",
        "<dt>Time zone</dt><dd>Europe/Paris</dd>",
    ] {
        assert!(html.contains(shown), "{shown} missing from the page");
    }

    // A User sent again without the extension clears it.
    let mut plain = serde_json::to_value(rookery_versia::mapping::local_user(&jane)).unwrap();
    plain["extensions"] = Value::Null;
    let body = plain.to_string();
    let r = post_inbox(a, b, body.as_bytes(), body.as_bytes(), now()).await;
    assert_eq!(r.status, 202);
    eventually_async("jane's vanity cleared on b", WAIT, || async {
        let account = api_get(&http, b, &path, &token).await;
        (account["fields"] == json!([])).then_some(())
    })
    .await;
    cluster.shutdown().await;
}
