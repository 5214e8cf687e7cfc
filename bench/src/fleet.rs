//! A simulated fleet of remote ActivityPub hosts, all served from one loopback listener
//! and told apart by `Host` (every `*.fleet.test` name resolves to it through
//! `federation.resolve`). Each host serves actors with real RSA keys and an inbox that
//! counts what it receives, so a benchmark can check correctness as well as speed.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rookery_activitypub::signatures::{generate_rsa_key_pair, SigningKey};
use serde_json::json;
use tokio::sync::Notify;

/// The key pairs the fleet's actors share (generating one RSA key takes ~100 ms; actors
/// get them round-robin, each under its own key id).
const KEYS: usize = 4;

pub struct Fleet {
    pub addr: SocketAddr,
    state: Arc<FleetState>,
}

struct FleetState {
    keys: Vec<(Arc<SigningKey>, String)>,
    received: Mutex<HashMap<String, u64>>,
    arrived: Notify,
}

impl Fleet {
    pub async fn start() -> anyhow::Result<Fleet> {
        let mut keys = Vec::new();
        for _ in 0..KEYS {
            let pair = tokio::task::spawn_blocking(generate_rsa_key_pair).await??;
            keys.push((
                Arc::new(SigningKey::from_pem(&pair.private_key_pem)?),
                pair.public_key_pem,
            ));
        }
        let state = Arc::new(FleetState {
            keys,
            received: Mutex::new(HashMap::new()),
            arrived: Notify::new(),
        });
        let app = Router::new()
            .route("/users/{name}", get(actor))
            .route("/users/{name}/inbox", post(inbox))
            .route("/inbox", post(inbox))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Fleet { addr, state })
    }

    /// `http://h{host}.fleet.test`.
    pub fn host(index: usize) -> String {
        format!("h{index}.fleet.test")
    }

    pub fn actor_id(host: &str, name: &str) -> String {
        format!("http://{host}/users/{name}")
    }

    /// The key an actor signs with, and its key id.
    pub fn signing_key(&self, host: &str, name: &str) -> (Arc<SigningKey>, String) {
        let (key, _) = &self.state.keys[key_index(name)];
        (
            key.clone(),
            format!("{}#main-key", Fleet::actor_id(host, name)),
        )
    }

    /// POSTs received per host.
    pub fn received(&self) -> HashMap<String, u64> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Waits until something arrives.
    pub async fn arrival(&self) {
        self.state.arrived.notified().await;
    }
}

fn key_index(name: &str) -> usize {
    name.bytes().map(usize::from).sum::<usize>() % KEYS
}

fn host_of(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn actor(
    State(state): State<Arc<FleetState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let host = host_of(&headers);
    let id = Fleet::actor_id(&host, &name);
    let (_, public_pem) = &state.keys[key_index(&name)];
    let body = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id,
        "type": "Person",
        "preferredUsername": name,
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "followers": format!("{id}/followers"),
        "endpoints": {"sharedInbox": format!("http://{host}/inbox")},
        "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": public_pem},
    });
    (
        [(header::CONTENT_TYPE, "application/activity+json")],
        body.to_string(),
    )
        .into_response()
}

async fn inbox(
    State(state): State<Arc<FleetState>>,
    headers: HeaderMap,
    _body: Bytes,
) -> StatusCode {
    let host = host_of(&headers);
    if let Ok(mut received) = state.received.lock() {
        *received.entry(host).or_default() += 1;
    }
    state.arrived.notify_waiters();
    StatusCode::ACCEPTED
}
