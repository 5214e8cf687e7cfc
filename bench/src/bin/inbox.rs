//! Inbox throughput (issue 7, B1), over ActivityPub (the default) or Versia: signed
//! messages of about 2 KiB from many actors on many simulated hosts, POSTed to rookery's
//! inbox; every one is verified, parsed, origin-checked and durably queued before the
//! 202. Then the inbox processor applies them in full: each note is stored and mentions
//! one of 5 local users, who gets a notification (home timelines are read-time queries,
//! so followers cost nothing here). Prints accepted/s with latency, applied/s (first POST
//! to an empty queue, every note checked to be stored), and this machine's verification
//! rate for the protocol's signatures measured in the same run (the ceiling).
//!
//! - ActivityPub: `Create(Note)` activities signed with RSA-2048 (draft-cavage) by their
//!   actors, to the shared inbox `/inbox`.
//! - Versia (`versia`): Note entities (versia.md §8.2) signed with Ed25519 by their
//!   host's instance key (§3.3), to the instance inbox `/.versia/v0.6/inbox` (§4 E5).
//!
//! `cargo run --release -p rookery-bench --bin inbox -- [versia] [ACTIVITIES] [ACTORS] [HOSTS] [CONCURRENCY]`
//! (defaults: ActivityPub 5000 200 20 64; Versia 5000 1000 100 64, issue 7's 1,000 actors
//! on 100 hosts). Set `ROOKERY_BENCH_DATABASE_URL=postgres://...` for PostgreSQL.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_activitypub::signatures::{cavage, Algorithm};
use rookery_bench::fleet::{Fleet, FleetConfig, FleetProtocols};
use rookery_bench::instance::{self, DOMAIN};
use rookery_bench::stats::{per_second, Latencies};
use rookery_net::{HttpClient, NetConfig};
use rookery_versia::{sign_request, InstanceKey};
use serde_json::json;
use tokio::sync::Semaphore;
use url::Url;

/// Local users the notes mention, round robin.
const LOCAL_USERS: usize = 5;

/// Where Versia deliveries go (versia.md §4 E5).
const VERSIA_INBOX: &str = "/.versia/v0.6/inbox";

struct Signed {
    headers: HeaderMap,
    body: Bytes,
}

/// The run's sizes: positional numbers, after any protocol word is taken out.
struct Sizes {
    total: usize,
    actors: usize,
    hosts: usize,
    concurrency: usize,
}

impl Sizes {
    fn from_args(numbers: &[String], defaults: [usize; 4]) -> Sizes {
        let at = |index: usize| {
            numbers
                .get(index)
                .and_then(|a| a.parse().ok())
                .unwrap_or(defaults[index])
        };
        Sizes {
            total: at(0),
            actors: at(1).max(1),
            hosts: at(2).max(1),
            concurrency: at(3).max(1),
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let versia = args.iter().any(|a| a == "versia");
    let numbers: Vec<String> = args
        .into_iter()
        .filter(|a| a != "versia" && a != "activitypub")
        .collect();
    if versia {
        run_versia(Sizes::from_args(&numbers, [5000, 1000, 100, 64])).await
    } else {
        run_activitypub(Sizes::from_args(&numbers, [5000, 200, 20, 64])).await
    }
}

async fn run_activitypub(sizes: Sizes) -> anyhow::Result<()> {
    let Sizes {
        total,
        actors,
        hosts,
        concurrency,
    } = sizes;
    let fleet = Fleet::start().await?;
    let bench =
        instance::start(fleet.addr, std::env::var("ROOKERY_BENCH_DATABASE_URL").ok()).await?;
    let inbox = Url::parse(&format!("http://{DOMAIN}/inbox"))?;
    let padding = "x".repeat(1700);
    let store = bench.running.state.store.clone();
    let locals: Vec<String> = create_locals(&bench)
        .await?
        .iter()
        .map(|a| format!("http://{DOMAIN}/users/{}", a.username))
        .collect();

    // Pre-sign everything: the timed part measures rookery, not the sender.
    let mut activities = Vec::with_capacity(total + actors);
    for n in 0..(total + actors) {
        let actor_index = n % actors;
        let host = Fleet::host(actor_index % hosts);
        let name = format!("u{actor_index}");
        let actor = Fleet::actor_id(&host, &name);
        let note = format!("http://{host}/notes/{n}");
        let local = &locals[n % LOCAL_USERS];
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
                "cc": [local],
                "tag": [{"type": "Mention", "href": local}],
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
    let client = client_for(&bench)?;
    let timed = activities.split_off(actors);

    // Warm-up: the first activity of each actor makes rookery fetch and store its key.
    post_all(&client, "/inbox", activities, concurrency).await?;
    drained(&store).await?;
    let started = Instant::now();
    let latencies = post_all(&client, "/inbox", timed, concurrency).await?;
    let elapsed = started.elapsed();
    drained(&store).await?;
    let applied_in = started.elapsed();
    let missing = missing_notes(&store, total, actors, |n| {
        format!("http://{}/notes/{n}", Fleet::host((n % actors) % hosts))
    })
    .await?;

    let ceiling = rsa_verifications_per_second(&fleet);
    println!("# inbox: signed Create(Note) over ActivityPub, {total} activities, {actors} actors on {hosts} hosts, {concurrency} in flight");
    print_figures(total, elapsed, &latencies, applied_in, missing);
    println!("machine ceiling: {ceiling:.0} RSA-2048 verifications/s on one core");
    bench.running.shutdown().await;
    Ok(())
}

/// The Versia run: the fleet's hosts speak Versia (each serves its Ed25519 instance key
/// and its users, signed), rookery speaks both protocols, and every Note is signed by
/// its author's host (versia.md §3.3: the instance signs, not the user).
async fn run_versia(sizes: Sizes) -> anyhow::Result<()> {
    let Sizes {
        total,
        actors,
        hosts,
        concurrency,
    } = sizes;
    let fleet = Fleet::start_with(FleetConfig {
        hosts,
        protocols: FleetProtocols::Versia,
        ..FleetConfig::default()
    })
    .await?;
    let bench = instance::start_with(
        fleet.addr,
        std::env::var("ROOKERY_BENCH_DATABASE_URL").ok(),
        vec![(
            "ROOKERY__FEDERATION__PROTOCOLS".to_owned(),
            "[\"activitypub\", \"versia\"]".to_owned(),
        )],
    )
    .await?;
    let store = bench.running.state.store.clone();
    // A local user's Versia reference is `OUR_DOMAIN:decimal id` (versia.md §6.3; we
    // always write the domain).
    let locals: Vec<String> = create_locals(&bench)
        .await?
        .iter()
        .map(|a| format!("{DOMAIN}:{}", a.id.as_i64()))
        .collect();
    let keys: Vec<InstanceKey> = (0..hosts).map(|i| fleet.versia_key(i)).collect();
    let notes = VersiaNotes {
        actors,
        hosts,
        keys,
        locals,
        padding: "x".repeat(800),
    };
    let client = client_for(&bench)?;

    // Warm-up: the first Note of each actor makes rookery fetch its host's key (when it
    // receives it) and the author's User (when it applies it). Versia-Signed-At must be
    // within 300 s of the receiver's clock (§3.5), so the timed batch is signed only
    // after the warm-up drained; signing stays outside the timed part all the same.
    let warm_up: Vec<Signed> = (0..actors).map(|n| notes.signed(n)).collect();
    post_all(&client, VERSIA_INBOX, warm_up, concurrency).await?;
    drained(&store).await?;
    let timed: Vec<Signed> = (actors..actors + total).map(|n| notes.signed(n)).collect();
    let mean_bytes = timed.iter().map(|s| s.body.len()).sum::<usize>() / timed.len().max(1);
    let started = Instant::now();
    let latencies = post_all(&client, VERSIA_INBOX, timed, concurrency).await?;
    let elapsed = started.elapsed();
    drained(&store).await?;
    let applied_in = started.elapsed();
    let missing = missing_notes(&store, total, actors, |n| notes.uri(n)).await?;

    let ceiling = ed25519_verifications_per_second(&notes.keys[0]);
    println!("# inbox: signed Note entities over Versia, {total} activities ({mean_bytes} bytes each), {actors} actors on {hosts} hosts, {concurrency} in flight");
    print_figures(total, elapsed, &latencies, applied_in, missing);
    println!("machine ceiling: {ceiling:.0} Ed25519 verifications/s on one core");
    bench.running.shutdown().await;
    Ok(())
}

/// The Versia run's messages: Note `n` is by actor `n % actors` on host
/// `(n % actors) % hosts`, public, mentioning one local user.
struct VersiaNotes {
    actors: usize,
    hosts: usize,
    keys: Vec<InstanceKey>,
    locals: Vec<String>,
    padding: String,
}

impl VersiaNotes {
    fn host_index(&self, n: usize) -> usize {
        (n % self.actors) % self.hosts
    }

    /// The URI rookery stores a remote Versia note under: `origin:id`.
    fn uri(&self, n: usize) -> String {
        format!("{}:n{n}", Fleet::host(self.host_index(n)))
    }

    /// Note `n` with every required field of versia.md §8.2 (`attachments`, `mentions`
    /// and `previews` present even when empty), signed for our inbox now.
    fn signed(&self, n: usize) -> Signed {
        let host_index = self.host_index(n);
        let host = Fleet::host(host_index);
        let local = &self.locals[n % LOCAL_USERS];
        let now = rookery_server::instance::now();
        let padding = &self.padding;
        let body = json!({
            "type": "Note",
            "id": format!("n{n}"),
            "created_at": now.to_rfc3339(),
            // Qualified, as we write references ourselves; a bare `u{i}` would resolve
            // to the signer all the same (§6.3).
            "author": format!("{host}:u{}", n % self.actors),
            "content": {
                "text/html": {"content": format!("<p>note {n} {padding}</p>"), "remote": false},
                "text/plain": {"content": format!("note {n} {padding}"), "remote": false},
            },
            "attachments": [],
            "category": "microblog",
            "group": "public",
            "is_sensitive": false,
            "mentions": [local],
            "previews": [],
            "quotes": null,
            "replies_to": null,
            "subject": null,
        })
        .to_string();
        let signature = sign_request(
            &self.keys[host_index],
            &host,
            "post",
            VERSIA_INBOX,
            body.as_bytes(),
            now,
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.versia+json; charset=utf-8"),
        );
        // Fleet host names are plain ASCII, which every header value can carry.
        let _ = signature.insert_into(&mut headers);
        Signed {
            headers,
            body: Bytes::from(body),
        }
    }
}

/// The 5 local users the notes mention.
async fn create_locals(
    bench: &instance::BenchInstance,
) -> anyhow::Result<Vec<rookery_core::Account>> {
    let mut locals = Vec::new();
    for n in 0..LOCAL_USERS {
        let account = rookery_server::accounts::create_local_account(
            &bench.running.state.store,
            &bench.running.state.ids,
            rookery_server::instance::now(),
            &format!("local{n}"),
            "a-bench-password-1",
            false,
        )
        .await?;
        locals.push(account);
    }
    Ok(locals)
}

fn client_for(bench: &instance::BenchInstance) -> anyhow::Result<HttpClient> {
    Ok(HttpClient::new(NetConfig {
        allow_private_addresses: true,
        resolve: vec![(DOMAIN.to_owned(), bench.addr)],
        ..NetConfig::default()
    })?)
}

/// The two figure lines both protocols print.
fn print_figures(
    total: usize,
    elapsed: Duration,
    latencies: &Latencies,
    applied_in: Duration,
    missing: usize,
) {
    println!(
        "accepted (verified, durably queued): {:.0} activities/s ({} in {:.2} s); {}",
        per_second(total, elapsed),
        total,
        elapsed.as_secs_f64(),
        latencies.summary()
    );
    println!(
        "applied in full (note stored, mention notified): {:.0} activities/s ({} in {:.2} s from the first POST); notes missing: {missing}",
        per_second(total, applied_in),
        total,
        applied_in.as_secs_f64(),
    );
}

/// Waits until the inbox processor applied everything queued (at most 10 minutes).
async fn drained(store: &rookery_store::Store) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if store.inbox_backlog().await?.0 == 0 {
            return Ok(());
        }
        if Instant::now() > deadline {
            anyhow::bail!("the inbox queue did not drain within 10 minutes");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How many of the timed notes (numbered `actors..actors + total`, stored under
/// `uri(n)`) are not stored (a sample of up to 1,000; 0 expected).
async fn missing_notes(
    store: &rookery_store::Store,
    total: usize,
    actors: usize,
    uri: impl Fn(usize) -> String,
) -> anyhow::Result<usize> {
    let step = (total / 1000).max(1);
    let mut missing = 0;
    for n in (actors..actors + total).step_by(step) {
        if store.note_by_uri(&uri(n)).await?.is_none() {
            missing += 1;
        }
    }
    Ok(missing)
}

/// POSTs every activity to `path` with `concurrency` in flight; fails on any non-202.
async fn post_all(
    client: &HttpClient,
    path: &str,
    activities: Vec<Signed>,
    concurrency: usize,
) -> anyhow::Result<Latencies> {
    let url: Arc<str> = format!("http://{DOMAIN}{path}").into();
    let slots = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for activity in activities {
        let permit = slots.clone().acquire_owned().await?;
        let client = client.clone();
        let url = url.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let started = Instant::now();
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
    per_second(count, started.elapsed())
}

/// The same for Ed25519, checked strictly as rookery's inbox does (ed25519-dalek's
/// `verify_strict`, over a string the size of a Versia signed string).
fn ed25519_verifications_per_second(key: &InstanceKey) -> f64 {
    let message = format!("post {VERSIA_INBOX} 1700000000 {}", "d".repeat(44));
    let signature = key.sign(message.as_bytes());
    let public = key.public_key();
    let started = Instant::now();
    let mut count = 0usize;
    while started.elapsed() < Duration::from_millis(500) {
        if public
            .verifying_key()
            .verify_strict(message.as_bytes(), &signature)
            .is_ok()
        {
            count += 1;
        }
    }
    per_second(count, started.elapsed())
}
