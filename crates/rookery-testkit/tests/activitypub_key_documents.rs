//! Key ids that are documents of their own (activitypub.md §4.1; issue 7, B1): a
//! GoToSocial-like peer signs with `…/users/bob/main-key`, which is not its actor's id.
//! The first request fetches the key document and the actor it names; later ones are
//! verified from the store and memory without fetching either again, while a signature
//! made with a wrong key under the same key id is still refused after one re-fetch, and
//! further forgeries within a minute without any.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use activitypub_support::{ap_cluster, client, post_signed, AP_JSON, WAIT};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use rookery_activitypub::signatures::{generate_rsa_key_pair, SigningKey};
use rookery_testkit::eventually_async;
use serde_json::{json, Value};

const ACTOR: &str = "http://gts.test/users/bob";
const KEY_ID: &str = "http://gts.test/users/bob/main-key";
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A stand-in for a GoToSocial server on loopback: serves bob's actor and his key
/// document (shaped as in `fixtures/peers/gotosocial/actor-bob.json`) and counts the
/// GETs of each path.
#[derive(Clone)]
struct GtsPeer {
    addr: SocketAddr,
    gets: Arc<Mutex<HashMap<String, u64>>>,
}

#[derive(Clone)]
struct Served {
    actor: Value,
    key: Value,
    gets: Arc<Mutex<HashMap<String, u64>>>,
}

impl GtsPeer {
    async fn start(public_key_pem: &str) -> GtsPeer {
        let public_key = json!({ "id": KEY_ID, "owner": ACTOR, "publicKeyPem": public_key_pem });
        let actor = json!({
            "@context": [
                "https://gotosocial.org/ns",
                "https://w3id.org/security/v1",
                "https://www.w3.org/ns/activitystreams",
            ],
            "id": ACTOR,
            "type": "Person",
            "preferredUsername": "bob",
            "name": "bob",
            "inbox": format!("{ACTOR}/inbox"),
            "outbox": format!("{ACTOR}/outbox"),
            "followers": format!("{ACTOR}/followers"),
            "following": format!("{ACTOR}/following"),
            "manuallyApprovesFollowers": false,
            "discoverable": false,
            "published": "2026-11-22T10:22:45Z",
            "url": "http://gts.test/@bob",
            "publicKey": public_key,
        });
        // The key document: the key object alone, naming its owner (no inbox).
        let mut key = public_key;
        key["@context"] = json!("https://w3id.org/security/v1");
        let gets = Arc::new(Mutex::new(HashMap::new()));
        let served = Served {
            actor,
            key,
            gets: gets.clone(),
        };
        let app = axum::Router::new().fallback(serve).with_state(served);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        GtsPeer { addr, gets }
    }

    fn gets(&self, path: &str) -> u64 {
        self.gets.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

async fn serve(State(served): State<Served>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() == http::Method::GET {
        *served.gets.lock().unwrap().entry(path.clone()).or_default() += 1;
    }
    let body = match path.as_str() {
        "/users/bob" => &served.actor,
        "/users/bob/main-key" => &served.key,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, AP_JSON)], body.to_string()).into_response()
}

/// A GoToSocial-shaped public `Create(Note)` by bob, note number `n`.
fn create_note(n: u32) -> (String, Vec<u8>) {
    let note = format!("{ACTOR}/statuses/01KEYDOC{n:04}");
    let body = serde_json::to_vec(&json!({
        "@context": ["https://gotosocial.org/ns", "https://www.w3.org/ns/activitystreams"],
        "id": format!("{note}/activity#Create"),
        "type": "Create",
        "actor": ACTOR,
        "to": PUBLIC,
        "cc": format!("{ACTOR}/followers"),
        "published": "2026-11-22T11:06:46Z",
        "object": {
            "id": note,
            "type": "Note",
            "attributedTo": ACTOR,
            "content": format!("<p>note {n} from bob</p>"),
            "published": "2026-11-22T11:06:46Z",
            "to": PUBLIC,
            "cc": format!("{ACTOR}/followers"),
            "tag": [],
        },
    }))
    .unwrap();
    (note, body)
}

#[tokio::test]
async fn a_key_document_is_fetched_once_and_bad_signatures_still_fail() {
    let pair = generate_rsa_key_pair().unwrap();
    let key = SigningKey::from_pem(&pair.private_key_pem).unwrap();
    let peer = GtsPeer::start(&pair.public_key_pem).await;
    let addr = peer.addr;
    let cluster = ap_cluster(1, move |_, config| {
        config
            .federation
            .resolve
            .insert("gts.test".into(), addr.to_string());
    })
    .await;
    let a = cluster.instance("a");
    a.create_user("alice").await.unwrap();
    let http = client(a);
    let inbox = a.url("/inbox");
    let services = &a.state().services;

    // Three notes by bob, one after the other, each signed with his key document's id.
    let mut notes = Vec::new();
    for n in 1..=3 {
        let (note, body) = create_note(n);
        let response = post_signed(&http, (&key, KEY_ID), &inbox, &body, SystemTime::now()).await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "note {n}");
        notes.push(note);
    }
    eventually_async("a stores bob's three notes", WAIT, || async {
        for note in &notes {
            services.note_by_uri(note).await.unwrap()?;
        }
        Some(())
    })
    .await;
    // The first request needed the key document and the actor it names; the second and
    // third were verified from what the first stored.
    assert_eq!(peer.gets("/users/bob/main-key"), 1, "key document GETs");
    assert!(peer.gets("/users/bob") <= 1, "actor GETs");

    // A signature by another key under bob's key id: refused, memory or not.
    let (key_before, actor_before) = (peer.gets("/users/bob/main-key"), peer.gets("/users/bob"));
    let impostor = SigningKey::from_pem(&generate_rsa_key_pair().unwrap().private_key_pem).unwrap();
    let (forged, body) = create_note(4);
    let response = post_signed(&http, (&impostor, KEY_ID), &inbox, &body, SystemTime::now()).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    // It may fetch bob's key once more (a rotated key, §4.1), no more than that.
    assert!(peer.gets("/users/bob/main-key") - key_before <= 1);
    assert!(peer.gets("/users/bob") - actor_before <= 1);
    // More forgeries within the minute are refused without fetching anything: forged
    // requests must not make us hammer bob's server.
    for n in 5..=8 {
        let (_, body) = create_note(n);
        let response =
            post_signed(&http, (&impostor, KEY_ID), &inbox, &body, SystemTime::now()).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "forgery {n}");
    }
    assert!(peer.gets("/users/bob/main-key") - key_before <= 1);
    assert!(peer.gets("/users/bob") - actor_before <= 1);
    a.inbox_settled().await;
    assert!(services.note_by_uri(&forged).await.unwrap().is_none());
    cluster.shutdown().await;
}
