//! Shared by the Versia cluster tests: a cluster that speaks only Versia, users, and
//! signed requests made with an instance's own key.
#![allow(dead_code)]

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_core::{Account, AccountId, Handle, Timestamp};
use rookery_net::HttpResponse;
use rookery_testkit::{Backend, ClusterOptions, TestCluster, TestInstance};
use rookery_versia::{sign_request, InstanceKey, INSTANCE_KEY_SECRET};

pub const WAIT: Duration = Duration::from_secs(15);

/// Every instance speaks Versia only, so Versia is what federates.
pub async fn versia_cluster(n: usize) -> TestCluster {
    versia_cluster_on(n, Backend::Sqlite)
        .await
        .expect("SQLite instances always start")
}

/// As `versia_cluster`, on the given backend; `None` when PostgreSQL is unreachable
/// (outside CI; the store printed why).
pub async fn versia_cluster_on(n: usize, backend: Backend) -> Option<TestCluster> {
    let options = ClusterOptions {
        backend,
        configure: Some(Box::new(|_, config| {
            config.federation.protocols = vec!["versia".into()];
            config.federation.prefer = "versia".into();
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(n, options).await.unwrap()
}

pub async fn user(instance: &TestInstance, name: &str) -> Account {
    instance.create_user(name).await.unwrap().0
}

/// `handle` as known on `instance`, resolved over federation if needed.
pub async fn resolve(instance: &TestInstance, handle: &str) -> Account {
    let handle = Handle::parse(handle).unwrap();
    instance
        .state()
        .services
        .resolve_handle(&handle)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{handle} did not resolve"))
}

/// The Versia reference of a local account of `instance`.
pub fn reference(instance: &TestInstance, id: AccountId) -> String {
    format!("{}:{}", instance.domain, id.as_i64())
}

/// The instance's own key, read from its database.
pub async fn instance_key(instance: &TestInstance) -> InstanceKey {
    let stored = instance
        .state()
        .store
        .instance_secret(INSTANCE_KEY_SECRET)
        .await
        .unwrap()
        .expect("the instance key is created at start");
    InstanceKey::from_pkcs8_base64(&stored).unwrap()
}

pub fn now() -> Timestamp {
    rookery_server::instance::now()
}

/// POSTs `body` to `to`'s inbox from `from`, signed with `from`'s key at `signed_at`
/// over `signed_body` (normally `body` itself).
pub async fn post_inbox(
    from: &TestInstance,
    to: &TestInstance,
    body: &[u8],
    signed_body: &[u8],
    signed_at: Timestamp,
) -> HttpResponse {
    let key = instance_key(from).await;
    let path = "/.versia/v0.6/inbox";
    let signature = sign_request(&key, &from.domain, "post", path, signed_body, signed_at);
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/vnd.versia+json; charset=utf-8"),
    );
    signature.insert_into(&mut headers).unwrap();
    let response = from
        .state()
        .http
        .post(&to.url(path), headers, Bytes::copy_from_slice(body))
        .await
        .unwrap();
    // 202 means queued; what the tests look at next is what applying it did.
    if response.status == http::StatusCode::ACCEPTED {
        to.inbox_settled().await;
    }
    response
}

/// GETs `path` on `to`, signed by `from` (or unsigned when `from` is `None`).
pub async fn get(from: Option<&TestInstance>, to: &TestInstance, path: &str) -> HttpResponse {
    let mut headers = HeaderMap::new();
    headers.insert(
        "accept",
        HeaderValue::from_static("application/vnd.versia+json"),
    );
    let client = match from {
        Some(from) => {
            let key = instance_key(from).await;
            let raw_path = path.split('?').next().unwrap();
            let signature = sign_request(&key, &from.domain, "get", raw_path, b"", now());
            signature.insert_into(&mut headers).unwrap();
            &from.state().http
        }
        None => &to.state().http,
    };
    client.get(&to.url(path), headers).await.unwrap()
}
