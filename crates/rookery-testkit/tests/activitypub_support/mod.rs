//! Shared by the ActivityPub cluster tests: clusters that speak only ActivityPub, follows
//! over federation, keys installed into an instance's store so a test can sign requests
//! as one of its users, a raw HTTP client, and a TCP proxy that can play a server down.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_activitypub::signatures::{cavage, generate_rsa_key_pair, SigningKey};
use rookery_core::ports::DeliveryQueue;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Account, Handle, Protocol, Visibility};
use rookery_net::{HttpClient, HttpResponse};
use rookery_server::config::Config;
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster, TestInstance};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub const WAIT: Duration = Duration::from_secs(20);
pub const AP_JSON: &str = "application/activity+json";

/// Every instance speaks ActivityPub only; `extra` adjusts each one further.
pub async fn ap_cluster(
    n: usize,
    extra: impl Fn(&str, &mut Config) + Send + Sync + 'static,
) -> TestCluster {
    let options = ClusterOptions {
        configure: Some(Box::new(move |domain, config| {
            config.federation.protocols = vec!["activitypub".into()];
            config.federation.prefer = "activitypub".into();
            extra(domain, config);
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(n, options).await.unwrap().unwrap()
}

pub fn draft(text: &str, visibility: Visibility) -> Draft {
    Draft {
        visibility,
        ..Draft::public(text)
    }
}

/// `follower` (local on `instance`) follows `handle` and waits for the Accept.
pub async fn follow(instance: &TestInstance, follower: &Account, handle: &str) -> Account {
    let services = &instance.state().services;
    let followee = services
        .resolve_handle(&Handle::parse(handle).unwrap())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{handle} resolves"));
    services.follow(follower.id, followee.id).await.unwrap();
    eventually_async("the follow is accepted", WAIT, || async {
        let follow = services
            .repo()
            .follow_between(follower.id, followee.id)
            .await
            .unwrap();
        (follow.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;
    followee
}

/// Waits until `instance` has no delivery left to make.
pub async fn drained(instance: &TestInstance) {
    eventually_async("the delivery queue drains", WAIT, || async {
        (instance.state().store.depth().await.unwrap() == 0).then_some(())
    })
    .await;
}

/// Gives `account` (local on `instance`) a key the test knows, before anything else
/// creates one; returns it with its key id.
pub async fn install_key(instance: &TestInstance, account: &Account) -> (SigningKey, String) {
    let pair = generate_rsa_key_pair().unwrap();
    let store = &instance.state().store;
    let mut tx = store.begin().await.unwrap();
    tx.set_local_signing_key(account.id, "rsa-sha256", &pair.private_key_pem)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let stored = store
        .local_signing_key(account.id, "rsa-sha256")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, pair.private_key_pem, "the account had no key yet");
    let key = SigningKey::from_pem(&stored).unwrap();
    (
        key,
        instance.url(&format!("/users/{}#main-key", account.username)),
    )
}

/// An outbound client that reaches every instance of the cluster by name.
pub fn client(instance: &TestInstance) -> HttpClient {
    let config = rookery_server::instance::net_config(&instance.state().config).unwrap();
    HttpClient::new(config).unwrap()
}

/// POSTs `body` to `url` signed with `key` as if at `when`.
pub async fn post_signed(
    client: &HttpClient,
    (key, key_id): (&SigningKey, &str),
    url: &str,
    body: &[u8],
    when: SystemTime,
) -> HttpResponse {
    let parsed = url::Url::parse(url).unwrap();
    let headers = cavage::sign_post(key, key_id, &parsed, AP_JSON, body, when).unwrap();
    client
        .post(url, headers, Bytes::copy_from_slice(body))
        .await
        .unwrap()
}

/// GETs `url` asking for ActivityPub JSON, signed by `signer` when given.
pub async fn get_json(
    client: &HttpClient,
    url: &str,
    signer: Option<(&SigningKey, &str)>,
) -> HttpResponse {
    let headers = match signer {
        Some((key, key_id)) => {
            let parsed = url::Url::parse(url).unwrap();
            cavage::sign_get(key, key_id, &parsed, AP_JSON, SystemTime::now()).unwrap()
        }
        None => {
            let mut headers = HeaderMap::new();
            headers.insert(http::header::ACCEPT, HeaderValue::from_static(AP_JSON));
            headers
        }
    };
    client.get(url, headers).await.unwrap()
}

pub fn json(response: &HttpResponse) -> serde_json::Value {
    serde_json::from_slice(&response.body).unwrap()
}

/// The ActivityPub adapter's counter `name` on `instance`.
pub fn counter(instance: &TestInstance, name: &str) -> u64 {
    let adapter = instance
        .state()
        .adapters
        .iter()
        .find(|a| a.protocol() == Protocol::ActivityPub)
        .expect("the instance speaks ActivityPub");
    adapter
        .counters()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no counter {name}"))
}

/// Every inbox POST `instance` received.
pub fn inbox_posts(instance: &TestInstance) -> u64 {
    ["shared", "personal", "instance"]
        .iter()
        .map(|kind| counter(instance, &format!("inbox_requests.{kind}")))
        .sum()
}

/// A TCP proxy standing in for a server: "up", it forwards every connection to the
/// target; "down", it cuts the connections it carries and closes new ones at once (the
/// peer sees a dropped connection, as from a server that is restarting), counting those.
#[derive(Clone)]
pub struct Proxy {
    pub addr: SocketAddr,
    up: Arc<watch::Sender<bool>>,
    refused: Arc<AtomicU64>,
    target: Arc<Mutex<Option<SocketAddr>>>,
}

impl Proxy {
    pub async fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            addr: listener.local_addr().unwrap(),
            up: Arc::new(watch::Sender::new(true)),
            refused: Arc::new(AtomicU64::new(0)),
            target: Arc::new(Mutex::new(None)),
        };
        let shared = proxy.clone();
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let target = *shared.target.lock().unwrap();
                match target.filter(|_| *shared.up.borrow()) {
                    Some(target) => {
                        let mut up = shared.up.subscribe();
                        tokio::spawn(async move {
                            let Ok(mut outbound) = TcpStream::connect(target).await else {
                                return;
                            };
                            let mut inbound = inbound;
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                _ = up.wait_for(|up| !*up) => {}
                            }
                        });
                    }
                    None => {
                        shared.refused.fetch_add(1, Ordering::SeqCst);
                        drop(inbound);
                    }
                }
            }
        });
        proxy
    }

    pub fn forward_to(&self, target: SocketAddr) {
        *self.target.lock().unwrap() = Some(target);
    }

    pub fn set_up(&self, up: bool) {
        self.up.send_replace(up);
    }

    /// Connections dropped while down.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::SeqCst)
    }
}
