//! Inbox throughput: signed `Create(Note)` activities (about 2 KiB each) from many actors
//! on many simulated hosts, POSTed to rookery's shared inbox; every one is verified,
//! parsed, checked and stored before the 202. Prints activities/s and latency, next to
//! this machine's RSA-2048 verification rate measured in the same run (the ceiling).
//!
//! `cargo run --release -p rookery-bench --bin inbox -- [ACTIVITIES] [ACTORS] [HOSTS] [CONCURRENCY]`

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::HeaderMap;
use rookery_activitypub::signatures::{cavage, Algorithm};
use rookery_bench::fleet::Fleet;
use rookery_bench::instance::{self, DOMAIN};
use rookery_bench::stats::{ms, per_second, Latencies};
use rookery_net::{HttpClient, NetConfig};
use serde_json::json;
use tokio::sync::Semaphore;
use url::Url;

fn arg(index: usize, default: usize) -> usize {
    std::env::args()
        .nth(index)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

struct Signed {
    headers: HeaderMap,
    body: Bytes,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total = arg(1, 5000);
    let actors = arg(2, 200).max(1);
    let hosts = arg(3, 20).max(1);
    let concurrency = arg(4, 64).max(1);
    let fleet = Fleet::start().await?;
    let bench =
        instance::start(fleet.addr, std::env::var("ROOKERY_BENCH_DATABASE_URL").ok()).await?;
    let inbox = Url::parse(&format!("http://{DOMAIN}/inbox"))?;
    let padding = "x".repeat(1800);

    // Pre-sign everything: the timed part measures rookery, not the sender.
    let mut activities = Vec::with_capacity(total + actors);
    for n in 0..(total + actors) {
        let actor_index = n % actors;
        let host = Fleet::host(actor_index % hosts);
        let name = format!("u{actor_index}");
        let actor = Fleet::actor_id(&host, &name);
        let note = format!("http://{host}/notes/{n}");
        let body = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{note}/activity"),
            "type": "Create",
            "actor": actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "id": note, "type": "Note", "attributedTo": actor,
                "content": format!("<p>note {n} {padding}</p>"),
                "published": "2026-11-22T10:00:00Z",
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
            },
        })
        .to_string();
        let (key, key_id) = fleet.signing_key(&host, &name);
        let headers = cavage::sign_post(
            &key,
            &key_id,
            &inbox,
            "application/activity+json",
            body.as_bytes(),
            SystemTime::now(),
        )?;
        activities.push(Signed {
            headers,
            body: Bytes::from(body),
        });
    }
    let client = HttpClient::new(NetConfig {
        allow_private_addresses: true,
        resolve: vec![(DOMAIN.to_owned(), bench.addr)],
        ..NetConfig::default()
    })?;
    let timed = activities.split_off(actors);

    // Warm-up: the first activity of each actor makes rookery fetch and store its key.
    post_all(&client, activities, concurrency).await?;
    let started = Instant::now();
    let latencies = post_all(&client, timed, concurrency).await?;
    let elapsed = started.elapsed();

    let ceiling = rsa_verifications_per_second(&fleet);
    println!("# inbox: signed Create(Note) over ActivityPub, {total} activities, {actors} actors on {hosts} hosts, {concurrency} in flight");
    println!(
        "accepted and stored: {:.0} activities/s ({} in {:.2} s); {}",
        per_second(total, elapsed),
        total,
        elapsed.as_secs_f64(),
        latencies.summary()
    );
    println!("machine ceiling: {ceiling:.0} RSA-2048 verifications/s on one core");
    bench.running.shutdown().await;
    Ok(())
}

/// POSTs every activity with `concurrency` in flight; fails on any non-202.
async fn post_all(
    client: &HttpClient,
    activities: Vec<Signed>,
    concurrency: usize,
) -> anyhow::Result<Latencies> {
    let slots = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for activity in activities {
        let permit = slots.clone().acquire_owned().await?;
        let client = client.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let started = Instant::now();
            let url = format!("http://{DOMAIN}/inbox");
            let response = client.post(&url, activity.headers, activity.body).await;
            (started.elapsed(), response.map(|r| r.status.as_u16()))
        });
    }
    let mut samples = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (elapsed, status) = done?;
        match status {
            Ok(202) => samples.push(elapsed),
            Ok(other) => anyhow::bail!("inbox answered {other}"),
            Err(e) => anyhow::bail!("inbox request failed: {e}"),
        }
    }
    Ok(Latencies::new(samples))
}

/// How many signatures this machine verifies per second (same key type and library).
fn rsa_verifications_per_second(fleet: &Fleet) -> f64 {
    let (key, _) = fleet.signing_key(&Fleet::host(0), "u0");
    let message = b"(request-target): post /inbox\nhost: bench.test";
    let Ok(signature) = key.sign(message) else {
        return 0.0;
    };
    let Ok(public) = key.public_key() else {
        return 0.0;
    };
    let started = Instant::now();
    let mut count = 0usize;
    while started.elapsed() < Duration::from_millis(500) {
        if public
            .verify(Algorithm::RsaSha256, message, &signature)
            .is_ok()
        {
            count += 1;
        }
    }
    let _ = ms;
    per_second(count, started.elapsed())
}
