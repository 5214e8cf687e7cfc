//! Interoperability with a third-party implementation: a small peer built on Fedify
//! (interop/fedify/peer.mjs, Node 22, installed by scripts/setup) and a rookery instance
//! resolve each other, follow each other with Accept, exchange a public note and a reply
//! both ways, a Like each way, and Deletes. Fedify signs with RFC 9421 first and falls
//! back to draft-cavage; rookery signs draft-cavage first. Real HTTP on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Handle, Page};
use rookery_net::{HttpClient, NetConfig};
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

/// The Node process; killed when the test ends, however it ends.
struct Peer {
    child: Child,
    origin: String,
    client: HttpClient,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    fn start() -> Peer {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../interop/fedify");
        let node = dir.join("node_modules/.bin/node");
        assert!(
            node.exists(),
            "the Fedify peer is not installed: run scripts/setup (npm ci in interop/fedify)"
        );
        let mut child = Command::new(node)
            .arg("peer.mjs")
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let port = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the Fedify peer starts within a minute");
            if let Some(port) = line.strip_prefix("listening ") {
                break port.trim().to_owned();
            }
        };
        let client = HttpClient::new(NetConfig {
            allow_private_addresses: true,
            ..NetConfig::default()
        })
        .unwrap();
        Peer {
            child,
            origin: format!("http://127.0.0.1:{port}"),
            client,
        }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let response = self
            .client
            .post(
                &format!("{}/_control/{path}", self.origin),
                headers,
                Bytes::from(body.to_string()),
            )
            .await
            .unwrap();
        let value: Value = serde_json::from_slice(&response.body).unwrap();
        assert!(response.status.is_success(), "control {path}: {value}");
        value
    }

    async fn received(&self) -> Vec<Value> {
        let url = format!("{}/_control/received", self.origin);
        let response = self.client.get(&url, HeaderMap::new()).await.unwrap();
        serde_json::from_slice(&response.body).unwrap()
    }

    /// Waits until the peer has received an activity matching `wanted`.
    async fn wait_for(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        eventually_async(what, WAIT, || async {
            self.received().await.into_iter().find(|a| wanted(a))
        })
        .await
    }
}

#[tokio::test]
async fn rookery_and_fedify_federate_both_ways() {
    let peer = Peer::start();
    let options = ClusterOptions {
        loopback_domains: true,
        configure: Some(Box::new(|_, config| {
            config.federation.protocols = vec!["activitypub".into()];
            config.federation.prefer = "activitypub".into();
        })),
        ..ClusterOptions::default()
    };
    let cluster = TestCluster::start_with(1, options).await.unwrap().unwrap();
    let a = cluster.instance("a");
    let services = &a.state().services;
    let (alice, _) = a.create_user("alice").await.unwrap();
    let alice_uri = a.url("/users/alice");
    let fed_host = peer.origin.trim_start_matches("http://");

    // rookery resolves the peer by handle (WebFinger + signed fetch) and follows it.
    let fed = services
        .resolve_handle(&Handle::parse(&format!("@fed@{fed_host}")).unwrap())
        .await
        .unwrap()
        .expect("the Fedify actor is found");
    let fed_uri = fed.federation().unwrap().uri.clone();
    assert_eq!(fed_uri, format!("{}/users/fed", peer.origin));
    services.follow(alice.id, fed.id).await.unwrap();
    eventually_async("Fedify accepts alice's follow", WAIT, || async {
        let f = services
            .repo()
            .follow_between(alice.id, fed.id)
            .await
            .unwrap();
        (f.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;

    // The peer follows alice; rookery verifies its signature and sends an Accept.
    peer.control("follow", json!({ "actor": alice_uri })).await;
    peer.wait_for("rookery's Accept", |a| a["type"] == "Accept")
        .await;
    assert!(services
        .repo()
        .follow_between(fed.id, alice.id)
        .await
        .unwrap()
        .is_some_and(|f| f.state == FollowState::Accepted));

    // A public note each way.
    let mine = services
        .post_note(alice.id, Draft::public("Hello from rookery"))
        .await
        .unwrap();
    let mine_uri = a.url(&format!("/notes/{}", mine.note.id));
    peer.wait_for("alice's note", |a| {
        a["type"] == "Create" && a["object"] == mine_uri.as_str()
    })
    .await;
    let theirs = peer
        .control("post", json!({ "content": "<p>Hello from Fedify</p>" }))
        .await;
    let theirs_uri = theirs["id"].as_str().unwrap().to_owned();
    let stored = eventually_async("the peer's note reaches alice's home", WAIT, || async {
        let home = services
            .home_timeline(alice.id, &Page::default())
            .await
            .unwrap();
        home.into_iter()
            .find(|n| n.uri.as_deref() == Some(theirs_uri.as_str()))
    })
    .await;
    assert!(stored.content_html.contains("Hello from Fedify"));

    // A reply each way, threaded on both sides.
    let reply = services
        .post_note(
            alice.id,
            Draft {
                in_reply_to: Some(stored.id),
                ..Draft::public("Nice to meet you")
            },
        )
        .await
        .unwrap();
    let reply_uri = a.url(&format!("/notes/{}", reply.note.id));
    let seen = peer
        .wait_for("alice's reply", |a| a["object"] == reply_uri.as_str())
        .await;
    assert_eq!(seen["inReplyTo"], theirs_uri.as_str());
    let their_reply = peer
        .control(
            "post",
            json!({ "content": "<p>Likewise!</p>", "inReplyTo": mine_uri }),
        )
        .await;
    let their_reply_uri = their_reply["id"].as_str().unwrap().to_owned();
    let threaded = eventually_async("the peer's reply reaches rookery", WAIT, || async {
        services.repo().note_by_uri(&their_reply_uri).await.unwrap()
    })
    .await;
    assert_eq!(threaded.in_reply_to, Some(mine.note.id));

    // A Like each way.
    services.like(alice.id, stored.id).await.unwrap();
    peer.wait_for("alice's like", |a| {
        a["type"] == "Like" && a["object"] == theirs_uri.as_str()
    })
    .await;
    peer.control("like", json!({ "object": mine_uri, "author": alice_uri }))
        .await;
    eventually_async("the peer's like reaches rookery", WAIT, || async {
        (services.repo().count_likes(mine.note.id).await.unwrap() == 1).then_some(())
    })
    .await;

    // A Delete each way.
    peer.control("delete", json!({ "id": theirs_uri })).await;
    eventually_async("the peer's delete reaches rookery", WAIT, || async {
        services
            .repo()
            .note_by_uri(&theirs_uri)
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    services.delete_note(alice.id, mine.note.id).await.unwrap();
    peer.wait_for("alice's delete", |a| {
        a["type"] == "Delete" && a["object"] == mine_uri.as_str()
    })
    .await;
    cluster.shutdown().await;
}
