//! A simulated fleet of remote hosts, all served from one loopback listener and told
//! apart by `Host` (every `*.fleet.test` name resolves to it through rookery's
//! `federation.resolve` wildcard). Each virtual host serves WebFinger and an actor with a
//! real key and an inbox, over ActivityPub or Versia, and behaves as configured
//! ([`FleetConfig`]: latency, 5xx with `Retry-After`, blackholed). Every delivery's
//! signature is verified and counted per host and activity, so a benchmark checks
//! correctness (each live host got each delivery once) as well as speed.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rookery_activitypub::signatures::{generate_rsa_key_pair, SigningKey};
use rookery_versia::InstanceKey;
use serde_json::json;

pub use crate::fleet_config::{Behaviour, FleetConfig, FleetProtocols, HostProtocol};
pub use crate::fleet_tally::Report;
use crate::fleet_tally::Tally;
use crate::fleet_verify::Verifier;
use crate::fleet_versia;

/// The key pairs the fleet's ActivityPub actors share (generating one RSA key takes
/// ~100 ms; actors get them round-robin, each under its own key id).
const KEYS: usize = 4;

/// The accept queue of the fleet's one listener, which every simulated host shares
/// where real hosts each have their own. tokio's default (128, as std's) overflowed
/// when a fan-out opened a thousand connections at once: the kernel dropped the SYNs,
/// and each dropped one delayed its delivery by a 1 s retransmission, which no fan-out
/// to distinct hosts pays. The kernel caps it at `net.core.somaxconn`.
const BACKLOG: u32 = 4096;

/// The suffix every fleet host name carries.
pub const SUFFIX: &str = ".fleet.test";

pub struct Fleet {
    pub addr: SocketAddr,
    state: Arc<FleetState>,
}

struct FleetState {
    config: FleetConfig,
    keys: Vec<(Arc<SigningKey>, String)>,
    tally: Tally,
    verifier: OnceLock<Verifier>,
}

impl Fleet {
    /// A fleet of healthy, instant ActivityPub hosts (a sender fleet).
    pub async fn start() -> anyhow::Result<Fleet> {
        Fleet::start_with(FleetConfig::default()).await
    }

    /// A fleet on a fresh loopback port, its listener with a deep accept queue
    /// ([`BACKLOG`]).
    pub async fn start_with(config: FleetConfig) -> anyhow::Result<Fleet> {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.set_reuseaddr(true)?;
        socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let listener = socket.listen(BACKLOG)?;
        Fleet::serve(config, listener).await
    }

    /// Serves the fleet on `listener` (a fixed address survives a sender's restart).
    pub async fn serve(
        config: FleetConfig,
        listener: tokio::net::TcpListener,
    ) -> anyhow::Result<Fleet> {
        let mut keys = Vec::new();
        for _ in 0..KEYS {
            let pair = tokio::task::spawn_blocking(generate_rsa_key_pair).await??;
            keys.push((
                Arc::new(SigningKey::from_pem(&pair.private_key_pem)?),
                pair.public_key_pem,
            ));
        }
        let state = Arc::new(FleetState {
            tally: Tally::new(config.hosts),
            config,
            keys,
            verifier: OnceLock::new(),
        });
        let app = Router::new()
            .route("/.well-known/webfinger", get(webfinger))
            .route("/users/{name}", get(actor))
            .route("/users/{name}/inbox", post(inbox))
            .route("/inbox", post(inbox))
            .route("/.well-known/versia", get(versia_well_known))
            .route("/.versia/v0.6/instance", get(versia_instance))
            .route("/.versia/v0.6/entities/User/{id}", get(versia_user))
            .route("/.versia/v0.6/inbox", post(inbox))
            .with_state(state.clone());
        let addr = listener.local_addr()?;
        // `into_make_service` turns the routes into services once; serving the router
        // itself rebuilds its route table for every connection, and every delivery
        // arrives on a connection of its own.
        let app = app.into_make_service();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Fleet { addr, state })
    }

    /// Lets the fleet verify deliveries from these senders (host name and loopback
    /// address of each rookery instance that will deliver). Call once, before sending.
    pub fn trust_senders(&self, senders: Vec<(String, SocketAddr)>) -> anyhow::Result<()> {
        let verifier = Verifier::new(senders)?;
        self.state
            .verifier
            .set(verifier)
            .map_err(|_| anyhow::anyhow!("fleet senders already set"))
    }

    pub fn config(&self) -> &FleetConfig {
        &self.state.config
    }

    /// `h{index}.fleet.test`.
    pub fn host(index: usize) -> String {
        format!("h{index}{SUFFIX}")
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

    /// The Versia instance key of host `index`.
    pub fn versia_key(&self, index: usize) -> InstanceKey {
        InstanceKey::from_seed(self.state.config.host_seed(index))
    }

    /// Verified deliveries accepted per host name (any activity).
    pub fn received(&self) -> HashMap<String, u64> {
        let mut received = HashMap::new();
        for index in 0..self.state.config.hosts {
            let Some(host) = self.state.tally.host(index) else {
                continue;
            };
            let total: u32 = host.accepted.lock().map(|a| a.values().sum()).unwrap_or(0);
            if total > 0 {
                received.insert(Fleet::host(index), u64::from(total));
            }
        }
        received
    }

    /// Live hosts (not blackholed) that have accepted at least one delivery.
    pub fn reached(&self) -> usize {
        self.state.tally.live_reached()
    }

    /// Live hosts in the configured fleet.
    pub fn live(&self) -> usize {
        (0..self.state.config.hosts)
            .filter(|i| self.state.config.behaviour(*i) != Behaviour::Blackholed)
            .count()
    }

    /// Correctness and arrival times for `activities` (ids as the bodies carry them),
    /// arrivals measured from `since`.
    pub fn report(&self, activities: &[String], since: Instant) -> Report {
        self.state
            .tally
            .report(&self.state.config, activities, since)
    }

    /// How long after `since` the `n`th live host (in order of arrival) was first
    /// reached, from the arrival times the fleet recorded; `None` while fewer were.
    pub fn reached_at(&self, n: usize, since: Instant) -> Option<Duration> {
        let offset = since.saturating_duration_since(self.state.tally.epoch);
        let at = self.state.tally.nth_live_arrival(&self.state.config, n)?;
        Some(at.saturating_sub(offset))
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

/// `h123.fleet.test` is host 123.
fn host_index(host: &str) -> Option<usize> {
    host.strip_suffix(SUFFIX)?.strip_prefix('h')?.parse().ok()
}

#[derive(serde::Deserialize)]
struct WebfingerQuery {
    resource: String,
}

/// RFC 7033: `acct:NAME@HOST` to the actor (ActivityPub hosts) or the Versia user.
async fn webfinger(
    State(state): State<Arc<FleetState>>,
    headers: HeaderMap,
    Query(query): Query<WebfingerQuery>,
) -> Response {
    let host = host_of(&headers);
    let Some((name, at)) = query
        .resource
        .strip_prefix("acct:")
        .and_then(|r| r.split_once('@'))
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if at != host {
        return StatusCode::NOT_FOUND.into_response();
    }
    let link = match host_index(&host).map(|i| state.config.protocol(i)) {
        Some(HostProtocol::Versia) => json!({
            "rel": "self", "type": "application/vnd.versia+json",
            "href": format!("http://{host}/.versia/v0.6/entities/User/{name}"),
        }),
        _ => json!({
            "rel": "self", "type": "application/activity+json",
            "href": Fleet::actor_id(&host, name),
        }),
    };
    let body = json!({ "subject": query.resource, "links": [link] });
    (
        [(header::CONTENT_TYPE, "application/jrd+json")],
        body.to_string(),
    )
        .into_response()
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

async fn versia_well_known() -> Response {
    fleet_versia::well_known()
}

async fn versia_instance(State(state): State<Arc<FleetState>>, headers: HeaderMap) -> Response {
    let host = host_of(&headers);
    match host_index(&host) {
        Some(index) => fleet_versia::instance(
            &host,
            &InstanceKey::from_seed(state.config.host_seed(index)),
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn versia_user(
    State(state): State<Arc<FleetState>>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let host = host_of(&headers);
    match host_index(&host) {
        Some(index) => fleet_versia::user(
            &host,
            &InstanceKey::from_seed(state.config.host_seed(index)),
            &id,
            uri.path(),
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Every inbox: see [`receive`]. Answers close their connection: each virtual host
/// gets about one delivery, and 10,000 hosts kept open on both ends of loopback would
/// need more file descriptors than a process may have.
async fn inbox(
    state: State<Arc<FleetState>>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut response = receive(state, uri, headers, body).await;
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Every inbox (ActivityPub personal and shared, Versia's instance inbox): behave as
/// configured, verify the signature over the raw bytes, count.
async fn receive(
    State(state): State<Arc<FleetState>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let host = host_of(&headers);
    let index = host_index(&host);
    let tally = index.and_then(|i| state.tally.host(i));
    let attempt = tally.map_or(1, |t| t.attempts.fetch_add(1, Ordering::AcqRel) + 1);
    let behaviour = index.map_or(Behaviour::Healthy, |i| state.config.behaviour(i));
    if behaviour == Behaviour::Blackholed {
        // Hold the connection open and never answer: the sender must time out.
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(state.config.latency()).await;
    if behaviour == Behaviour::Failing && attempt <= state.config.failing_attempts {
        let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
        if let Some(secs) = state.config.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        return response;
    }
    let Some(verifier) = state.verifier.get() else {
        return (StatusCode::UNAUTHORIZED, "fleet has no trusted senders").into_response();
    };
    let versia = uri.path().starts_with("/.versia/");
    let verified = if versia {
        verifier.versia(uri.path(), &headers, &body).await.map(drop)
    } else {
        verifier.activitypub(uri.path(), &headers, &body).await
    };
    if let Err(error) = verified {
        if let Some(t) = tally {
            t.bad_signatures.fetch_add(1, Ordering::AcqRel);
        }
        return (StatusCode::UNAUTHORIZED, error.to_string()).into_response();
    }
    if let Some(index) = index {
        let live = behaviour != Behaviour::Blackholed;
        state.tally.accept(index, live, &activity_id(&body));
    }
    StatusCode::ACCEPTED.into_response()
}

/// Just the top-level `id` of a body: serde skips every other member without building
/// a tree, which a full `Value` per delivery would.
#[derive(serde::Deserialize)]
struct Identified<'a> {
    #[serde(borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
}

/// The activity's (or Versia entity's) `id`; a body without one is named by its length,
/// which is enough to tell deliveries apart in a benchmark.
fn activity_id(body: &[u8]) -> String {
    serde_json::from_slice::<Identified<'_>>(body)
        .ok()
        .and_then(|v| v.id.map(std::borrow::Cow::into_owned))
        .unwrap_or_else(|| format!("anonymous-{}", body.len()))
}
