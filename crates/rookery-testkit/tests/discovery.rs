//! Discovery as other servers use it: WebFinger, host-meta and NodeInfo, over HTTP from
//! another instance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use http::HeaderMap;
use rookery_testkit::TestCluster;
use serde_json::Value;

#[tokio::test]
async fn webfinger_host_meta_and_nodeinfo() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    b.create_user("Joe").await.unwrap();
    let client = &a.state().http;
    let get = |path: &str| {
        let url = b.url(path);
        async move { client.get(&url, HeaderMap::new()).await.unwrap() }
    };

    let found = get("/.well-known/webfinger?resource=acct:joe@b.test").await;
    assert_eq!(found.status, 200);
    assert!(found.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/jrd+json"));
    assert_eq!(found.headers["access-control-allow-origin"], "*");
    let jrd: Value = serde_json::from_slice(&found.body).unwrap();
    assert_eq!(
        jrd["subject"], "acct:Joe@b.test",
        "the stored spelling of the name"
    );
    let links = jrd["links"].as_array().unwrap();
    assert!(links
        .iter()
        .any(|l| l["rel"] == "http://webfinger.net/rel/profile-page"
            && l["href"] == "http://b.test/@Joe"));
    for resource in ["joe@b.test", "acct:@JOE@B.TEST", "http://b.test/@Joe"] {
        let r = get(&format!("/.well-known/webfinger?resource={resource}")).await;
        assert_eq!(r.status, 200, "{resource}");
    }
    for (query, status) in [
        ("resource=acct:nobody@b.test", 404),
        ("resource=acct:joe@a.test", 404),
        ("resource=", 400),
        ("", 400),
    ] {
        let r = get(&format!("/.well-known/webfinger?{query}")).await;
        assert_eq!(r.status, status, "{query}");
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert!(body["error"].is_string());
    }

    let host_meta = get("/.well-known/host-meta").await;
    let xrd = String::from_utf8(host_meta.body.to_vec()).unwrap();
    assert!(xrd.contains("template=\"http://b.test/.well-known/webfinger?resource={uri}\""));

    let discovery: Value =
        serde_json::from_slice(&get("/.well-known/nodeinfo").await.body).unwrap();
    let hrefs: Vec<&str> = discovery["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["href"].as_str().unwrap())
        .collect();
    assert_eq!(
        hrefs,
        ["http://b.test/nodeinfo/2.0", "http://b.test/nodeinfo/2.1"]
    );
    for version in ["2.0", "2.1"] {
        let doc = get(&format!("/nodeinfo/{version}")).await;
        assert_eq!(doc.status, 200);
        let info: Value = serde_json::from_slice(&doc.body).unwrap();
        assert_eq!(info["version"], version);
        assert_eq!(info["software"]["name"], "rookery");
        assert_eq!(info["usage"]["users"]["total"], 1);
        assert_eq!(
            info["protocols"],
            serde_json::json!(["activitypub", "versia"])
        );
    }
    assert_eq!(get("/nodeinfo/9.9").await.status, 404);
    cluster.shutdown().await;
}
