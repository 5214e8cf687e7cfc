//! `/metrics` (issue 7): off unless `metrics.listen` is set, then served on that address
//! in Prometheus text format. After real federation between two instances the inbox,
//! delivery and request-latency figures have moved and the queue gauges are there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::Handle;
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster};

const WAIT: Duration = Duration::from_secs(20);

/// The sum of every sample of `name` whose labels contain all of `labels`.
fn sample(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.split_once([' ', '{'])
                .is_some_and(|(metric, _)| metric == name)
        })
        .filter(|line| labels.iter().all(|l| line.contains(l)))
        .filter_map(|line| line.rsplit_once(' ')?.1.parse::<f64>().ok())
        .sum()
}

async fn scrape(addr: &str) -> String {
    let response = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn metrics_move_with_federation() {
    // A free loopback port for a's metrics listener.
    let metrics_addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let listen = metrics_addr.clone();
    let options = ClusterOptions {
        configure: Some(Box::new(move |domain, config| {
            config.federation.protocols = vec!["activitypub".into()];
            config.federation.prefer = "activitypub".into();
            if domain == "a.test" {
                config.metrics.listen = listen.clone();
            }
        })),
        ..ClusterOptions::default()
    };
    let cluster = TestCluster::start_with(2, options).await.unwrap().unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let inbox = "rookery_inbox_activities_total";
    let delivered = "rookery_delivery_attempts_total";

    let before = scrape(&metrics_addr).await;
    assert_eq!(sample(&before, inbox, &[]), 0.0);
    assert_eq!(sample(&before, delivered, &[]), 0.0);
    for gauge in [
        "rookery_queue_deliveries",
        "rookery_queue_due_deliveries",
        "rookery_queue_oldest_age_seconds",
        "rookery_inbox_queue_jobs",
        "rookery_inbox_queue_oldest_age_seconds",
    ] {
        assert!(
            before.lines().any(|l| l.starts_with(gauge)),
            "{gauge} missing"
        );
    }
    assert!(before.contains("rookery_hosts{state=\"unreachable\"} 0"));

    // carol@a follows dan@b (a delivers the Follow, receives the Accept); dan posts
    // (a receives the Create).
    let (carol, _) = a.create_user("carol").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    let sa = &a.state().services;
    let remote_dan = sa
        .resolve_handle(&Handle::parse("@dan@b.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    sa.follow(carol.id, remote_dan.id).await.unwrap();
    eventually_async("b's Accept reaches a", WAIT, || async {
        let follow = sa
            .repo()
            .follow_between(carol.id, remote_dan.id)
            .await
            .ok()??;
        (follow.state == FollowState::Accepted).then_some(())
    })
    .await;
    b.state()
        .services
        .post_note(dan.id, Draft::public("counted"))
        .await
        .unwrap();

    let after = eventually_async("a counted the Accept and the Create", WAIT, || async {
        let text = scrape(&metrics_addr).await;
        let accepted = sample(
            &text,
            inbox,
            &["protocol=\"activitypub\"", "outcome=\"accepted\""],
        );
        (accepted >= 2.0).then_some(text)
    })
    .await;
    assert!(
        sample(
            &after,
            delivered,
            &["protocol=\"activitypub\"", "outcome=\"delivered\""]
        ) >= 1.0,
        "a's Follow delivery was counted"
    );
    assert_eq!(sample(&after, inbox, &["outcome=\"unauthorized\""]), 0.0);
    // Latency histograms are by route template, never by raw path.
    let inbox_requests = sample(
        &after,
        "rookery_http_request_duration_seconds_count",
        &["method=\"POST\"", "inbox\""],
    );
    assert!(inbox_requests >= 2.0, "{inbox_requests}");
    assert!(after.contains("method=\"GET\",route=\"/users/{username}\""));
    assert!(!after.contains("route=\"/users/carol"));
    cluster.shutdown().await;
}

#[tokio::test]
async fn metrics_are_off_by_default() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    assert!(a.state().config.metrics.listen.is_empty());
    // Not on the public port either.
    let response = reqwest::get(format!("http://{}/metrics", a.addr()))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    cluster.shutdown().await;
}
