//! The harness's first promise: instances find each other by host name over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use http::HeaderMap;
use rookery_testkit::{Backend, ClusterOptions, TestCluster};

async fn reach_each_other(cluster: &TestCluster) {
    for (from, to) in [("a", "b"), ("b", "a")] {
        let client = &cluster.instance(from).state().http;
        let target = cluster.instance(to);
        let response = client
            .get(&target.url("/healthz"), HeaderMap::new())
            .await
            .unwrap_or_else(|e| panic!("{from}.test could not reach {to}.test: {e}"));
        assert_eq!(response.status, 200);
        let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(
            body["domain"],
            format!("{to}.test"),
            "the answer came from {to}.test"
        );
        assert!(target.url("/").starts_with(&format!("http://{to}.test")));
    }
}

#[tokio::test]
async fn a_reaches_b_by_hostname_over_http() {
    let cluster = TestCluster::start(2).await.unwrap();
    reach_each_other(&cluster).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_reaches_b_on_postgres() {
    let options = ClusterOptions {
        backend: Backend::Postgres,
        ..ClusterOptions::default()
    };
    let Some(cluster) = TestCluster::start_with(2, options).await.unwrap() else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    reach_each_other(&cluster).await;
    cluster.shutdown().await;
}
