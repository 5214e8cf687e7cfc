//! Fan-out: one public note by an account with one follower on each of N simulated hosts.
//! Measures the time from posting until every host has received its delivery (one
//! signed POST per shared inbox), and prints it next to this machine's RSA-2048 signing
//! rate measured in the same run (each delivery is signed at send time).
//!
//! `cargo run --release -p rookery-bench --bin fanout -- [HOSTS]`

use std::time::{Duration, Instant};

use rookery_bench::fleet::Fleet;
use rookery_bench::instance;
use rookery_bench::stats::per_second;
use rookery_core::service::Draft;
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Origin, Protocol, PublicKey,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let hosts: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let fleet = Fleet::start().await?;
    let bench =
        instance::start(fleet.addr, std::env::var("ROOKERY_BENCH_DATABASE_URL").ok()).await?;
    let state = &bench.running.state;
    let now = rookery_server::instance::now();
    let author = rookery_server::accounts::create_local_account(
        &state.store,
        &state.ids,
        now,
        "author",
        "a-bench-password-1",
        false,
    )
    .await?;

    // One follower per host, stored directly: the benchmark measures delivery, not follows.
    let mut tx = state.store.begin().await?;
    for index in 0..hosts {
        let host = Fleet::host(index);
        let uri = Fleet::actor_id(&host, "u0");
        let follower = Account {
            id: AccountId(state.ids.next(now)),
            username: "u0".into(),
            domain: Some(Domain::parse(&host)?),
            display_name: String::new(),
            note: String::new(),
            locked: false,
            bot: false,
            discoverable: false,
            origin: Origin::Remote(Box::new(FederationFacts {
                protocol: Protocol::ActivityPub,
                uri: uri.clone(),
                inbox: format!("{uri}/inbox"),
                shared_inbox: Some(format!("http://{host}/inbox")),
                url: None,
                outbox: None,
                followers: None,
                public_keys: vec![PublicKey {
                    key_id: format!("{uri}#main-key"),
                    algorithm: "rsa-sha256".into(),
                    material: String::new(),
                }],
            })),
            created_at: now,
            updated_at: now,
        };
        let follower_id = tx.upsert_remote_account(&follower).await?;
        tx.insert_follow(&Follow {
            id: FollowId(state.ids.next(now)),
            follower: follower_id,
            followee: author.id,
            state: FollowState::Accepted,
            uri: None,
            show_reblogs: true,
            notify: false,
            created_at: now,
        })
        .await?;
    }
    tx.commit().await?;

    let started = Instant::now();
    state
        .services
        .post_note(author.id, Draft::public("Hello, fleet!"))
        .await?;
    let queued_in = started.elapsed();
    let deadline = started + Duration::from_secs(120);
    loop {
        let reached = fleet.received().len();
        if reached >= hosts {
            break;
        }
        if Instant::now() > deadline {
            anyhow::bail!("only {reached} of {hosts} hosts reached in 120 s");
        }
        tokio::select! {
            _ = fleet.arrival() => {}
            _ = tokio::time::sleep(Duration::from_millis(20)) => {}
        }
    }
    let elapsed = started.elapsed();
    let received = fleet.received();
    let duplicates = received.values().filter(|n| **n > 1).count();
    let ceiling = rsa_signatures_per_second(&fleet);
    println!("# fan-out: one public note to followers on {hosts} hosts (ActivityPub, RSA-2048)");
    println!(
        "all {hosts} hosts reached in {:.2} s ({:.0} deliveries/s); post + enqueue took {:.1} ms; {duplicates} hosts got more than one POST",
        elapsed.as_secs_f64(),
        per_second(hosts, elapsed),
        queued_in.as_secs_f64() * 1000.0
    );
    println!("machine ceiling: {ceiling:.0} RSA-2048 signatures/s on one core");
    bench.running.shutdown().await;
    Ok(())
}

fn rsa_signatures_per_second(fleet: &Fleet) -> f64 {
    let (key, _) = fleet.signing_key(&Fleet::host(0), "u0");
    let started = Instant::now();
    let mut count = 0usize;
    while started.elapsed() < Duration::from_millis(500) {
        if key.sign(b"(request-target): post /inbox").is_ok() {
            count += 1;
        }
    }
    per_second(count, started.elapsed())
}
