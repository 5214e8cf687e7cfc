//! `rookery federation status` and `rookery federation retry` as an operator runs them:
//! the real binary on a SQLite database prepared with a queue, a failing host and an
//! unreachable one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::ports::DeliveryQueue;
use rookery_core::{ActivityId, Protocol, Timestamp};
use rookery_store::Store;

fn rookery(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rookery"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROOKERY__DATA__DIR", data)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn line<'a>(text: &'a str, host: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(host))
        .unwrap_or_else(|| panic!("no line for {host} in:\n{text}"))
}

fn now() -> Timestamp {
    let ms = std::time::UNIX_EPOCH.elapsed().unwrap().as_millis();
    Timestamp::from_millis(i64::try_from(ms).unwrap())
}

/// Three deliveries to `down.example` (unreachable, last error recorded), one to
/// `slow.example` (failing), one to `fine.example` (healthy, due).
async fn prepare(data: &Path) {
    let url = format!("sqlite://{}", data.join("rookery.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let created = now() - Duration::from_secs(3600);
    let target = |host: &str, n: usize| DeliveryTarget {
        inbox: format!("https://{host}/users/u{n}/inbox"),
        host: host.to_owned(),
    };
    let targets = vec![
        target("down.example", 1),
        target("down.example", 2),
        target("down.example", 3),
        target("slow.example", 1),
        target("fine.example", 1),
    ];
    let activity = OutboundActivity {
        id: ActivityId::from_i64(42),
        protocol: Protocol::ActivityPub,
        actor: None,
        body: b"{}".to_vec(),
        created_at: created,
    };
    assert_eq!(store.enqueue(&activity, &targets).await.unwrap(), 5);
    let claimed = store
        .claim("test", now(), Duration::from_secs(60), 10)
        .await
        .unwrap();
    let later = now() + Duration::from_secs(3600);
    for delivery in claimed {
        let host = delivery.job.target.host.as_str();
        match host {
            "down.example" | "slow.example" => {
                store
                    .retry_at(delivery.job.id, later, "network: timed out", now())
                    .await
                    .unwrap();
                store.record_host_failure(host, now()).await.unwrap();
            }
            _ => store
                .retry_at(delivery.job.id, now(), "HTTP 503", now())
                .await
                .unwrap(),
        }
    }
    store
        .mark_host_unreachable("down.example", now())
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test]
async fn status_shows_hosts_by_state_and_retry_clears_one() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path()).await;

    let status = stdout(&rookery(data.path(), &["federation", "status"]));
    assert!(
        status.starts_with("queue: 5 waiting (1 due, 0 in flight), oldest 1h 0m old\n"),
        "{status}"
    );
    assert!(
        status.contains("hosts: 1 failing, 1 unreachable\n"),
        "{status}"
    );
    let down = line(&status, "down.example");
    assert!(down.contains("unreachable"), "{down}");
    assert!(down.contains(" 3 "), "backlog of 3: {down}");
    assert!(down.ends_with("network: timed out"), "{down}");
    let slow = line(&status, "slow.example");
    assert!(slow.contains("failing") && slow.contains(" 1 "), "{slow}");
    assert!(line(&status, "fine.example").contains(" ok "));

    let retried = stdout(&rookery(
        data.path(),
        &["federation", "retry", "down.example"],
    ));
    assert_eq!(
        retried,
        "down.example: failure state cleared, 3 deliveries due now\n"
    );
    let status = stdout(&rookery(data.path(), &["federation", "status"]));
    assert!(status.contains("(4 due, 0 in flight)"), "{status}");
    assert!(
        status.contains("hosts: 1 failing, 0 unreachable\n"),
        "{status}"
    );
    assert!(line(&status, "down.example").contains(" ok "));

    let all = stdout(&rookery(data.path(), &["federation", "retry", "--all"]));
    assert!(all.contains("slow.example: failure state cleared, 1 deliveries due now"));
    let status = stdout(&rookery(data.path(), &["federation", "status"]));
    assert!(
        status.contains("hosts: 0 failing, 0 unreachable\n"),
        "{status}"
    );
}

#[test]
fn retry_needs_a_host() {
    let data = tempfile::tempdir().unwrap();
    let output = rookery(data.path(), &["federation", "retry"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("name at least one host"));
}
