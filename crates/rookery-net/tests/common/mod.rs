//! Loopback test servers for the rookery-net integration tests. Each counts accepted
//! TCP connections (to prove a refused request never connected) and records the Host
//! and User-Agent of the last request.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::serve::ListenerExt;
use axum::Router;
use rookery_net::{HttpClient, NetConfig};

#[derive(Default)]
pub struct Seen {
    pub connections: AtomicUsize,
    pub requests: AtomicUsize,
    pub last_host: Mutex<Option<String>>,
    pub last_user_agent: Mutex<Option<String>>,
}

impl Seen {
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
    pub fn last_host(&self) -> Option<String> {
        self.last_host.lock().unwrap().clone()
    }
    pub fn last_user_agent(&self) -> Option<String> {
        self.last_user_agent.lock().unwrap().clone()
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
}

/// Serves `app` on `bind` (e.g. `127.0.0.1:0`), or `None` if that address cannot be
/// bound (no IPv6 loopback in some sandboxes).
pub async fn try_serve(bind: &str, app: Router) -> Option<TestServer> {
    let listener = tokio::net::TcpListener::bind(bind).await.ok()?;
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let on_accept = seen.clone();
    let listener = listener.tap_io(move |_| {
        on_accept.connections.fetch_add(1, Ordering::SeqCst);
    });
    let recorder = seen.clone();
    let app = app.layer(middleware::from_fn(move |req: Request, next: Next| {
        let seen = recorder.clone();
        async move {
            record(&seen, &req);
            next.run(req).await
        }
    }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Some(TestServer { addr, seen })
}

pub async fn serve(app: Router) -> TestServer {
    try_serve("127.0.0.1:0", app).await.unwrap()
}

fn record(seen: &Seen, req: &Request) {
    seen.requests.fetch_add(1, Ordering::SeqCst);
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    *seen.last_host.lock().unwrap() = header(axum::http::header::HOST);
    *seen.last_user_agent.lock().unwrap() = header(axum::http::header::USER_AGENT);
}

/// A client for tests: private addresses allowed (every test server is loopback).
pub fn permissive(resolve: Vec<(&str, SocketAddr)>) -> HttpClient {
    client(NetConfig {
        allow_private_addresses: true,
        resolve: resolve
            .into_iter()
            .map(|(host, addr)| (host.to_owned(), addr))
            .collect(),
        ..NetConfig::default()
    })
}

pub fn client(config: NetConfig) -> HttpClient {
    HttpClient::new(config).unwrap()
}

/// Returns once `server` has accepted every connection opened before this call: a
/// request that completes was accepted after any earlier connection, since the accept
/// queue is first-in first-out. Used instead of sleeping before asserting "no
/// connection happened".
pub async fn barrier(server: &TestServer) {
    let url = format!("http://{}/", server.addr);
    permissive(vec![])
        .get(&url, Default::default())
        .await
        .unwrap();
}
