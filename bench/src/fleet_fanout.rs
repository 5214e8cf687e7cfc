//! What the fan-out benchmarks (B3, B4) share: the rookery settings they run with, one
//! follower stored on each fleet host, waiting for a share of the live hosts, the id
//! the fleet sees for the note, process CPU time and the signing ceiling.

use std::time::{Duration, Instant};

use rookery_core::ports::NoteContext;
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Origin, Protocol, PublicKey,
};
use rookery_server::AppState;

use crate::fleet::{Fleet, FleetProtocols};

/// Settings of a fan-out run: both protocols spoken, wide concurrency, quick retries
/// (a host that answered 5xx once is retried after ~250 ms, so the run measures the
/// retry path, not the production schedule's minutes).
pub fn instance_env() -> Vec<(String, String)> {
    [
        (
            "ROOKERY__FEDERATION__PROTOCOLS",
            "[\"activitypub\", \"versia\"]",
        ),
        ("ROOKERY__DELIVERY__CONCURRENCY", "1024"),
        (
            "ROOKERY__DELIVERY__RETRY_SCHEDULE",
            "[\"250ms\", \"500ms\", \"1s\"]",
        ),
        ("ROOKERY__DELIVERY__POLL_INTERVAL", "100ms"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Creates the author and stores one accepted follower on each of `hosts` fleet hosts
/// (directly: the benchmark measures delivery, not follows). Returns the author.
pub async fn followers_on_fleet(
    state: &AppState,
    hosts: usize,
    protocols: FleetProtocols,
) -> anyhow::Result<AccountId> {
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
    let mut tx = state.store.begin().await?;
    for index in 0..hosts {
        let host = Fleet::host(index);
        let versia = match protocols {
            FleetProtocols::ActivityPub => false,
            FleetProtocols::Versia => true,
            FleetProtocols::Mixed => index % 2 == 1,
        };
        let facts = if versia {
            let inbox = format!("http://{host}/.versia/v0.6/inbox");
            FederationFacts {
                protocol: Protocol::Versia,
                uri: format!("{host}:u0"),
                inbox: inbox.clone(),
                shared_inbox: Some(inbox),
                url: None,
                outbox: None,
                followers: None,
                public_keys: vec![PublicKey {
                    key_id: host.clone(),
                    algorithm: "ed25519".into(),
                    material: String::new(),
                }],
            }
        } else {
            let uri = Fleet::actor_id(&host, "u0");
            FederationFacts {
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
            }
        };
        let follower = Account {
            id: AccountId(state.ids.next(now)),
            username: "u0".into(),
            domain: Some(Domain::parse(&host)?),
            display_name: String::new(),
            note: String::new(),
            locked: false,
            bot: false,
            discoverable: false,
            profile: Default::default(),
            origin: Origin::Remote(Box::new(facts)),
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
    Ok(author.id)
}

/// How often [`wait_for_share`] looks at the fleet's count.
const POLL: Duration = Duration::from_millis(5);

/// Waits until `share` of `live` hosts were reached; the time since `started`, or
/// `None` once `limit` has passed since then.
pub async fn wait_for_share(
    fleet: &Fleet,
    live: usize,
    share: f64,
    started: Instant,
    limit: Duration,
) -> Option<Duration> {
    let needed = ((live as f64) * share).ceil() as usize;
    // `ROOKERY_BENCH_PROGRESS=1` prints when each tenth of the live hosts was reached
    // (and the CPU used by then), to see where a run's time goes: the start, the
    // bulk, or the retried tail.
    let progress = std::env::var_os("ROOKERY_BENCH_PROGRESS").is_some();
    let cpu_start = cpu_time();
    // Tenths already passed (a second wait picks up where the first stopped).
    let mut next_tenth = fleet.reached() * 10 / live.max(1) + 1;
    loop {
        let reached = fleet.reached();
        while progress && next_tenth <= 10 && reached * 10 >= live * next_tenth {
            eprintln!(
                "progress: {:3}% at {:5} ms, cpu {:5} ms",
                next_tenth * 10,
                started.elapsed().as_millis(),
                cpu_time().saturating_sub(cpu_start).as_millis()
            );
            next_tenth += 1;
        }
        if reached >= needed {
            // The exact time from the fleet's arrival records, not when this poll
            // noticed.
            return fleet
                .reached_at(needed, started)
                .or_else(|| Some(started.elapsed()));
        }
        if started.elapsed() > limit {
            return None;
        }
        // Polled: waking this task on every arrival cost a thread wake-up per delivery
        // in the process being measured.
        tokio::time::sleep(POLL).await;
    }
}

/// The id the fleet sees for the note's delivery: the ActivityPub `Create`'s id
/// (`NOTE#create`), or the Versia Note entity's id (the note's number).
pub async fn activity_id(state: &AppState, note: &NoteContext, versia: bool) -> Vec<String> {
    let id = note.note.id;
    if versia {
        vec![id.as_i64().to_string()]
    } else {
        vec![format!("{}/notes/{id}#create", state.public_url)]
    }
}

/// CPU time (user + system) this process has used so far, from `/proc/self/stat`.
pub fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesized command name; utime and stime are the 12th and
    // 13th of those, in clock ticks (100 per second on Linux).
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return Duration::ZERO;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// Signatures per second on one core: RSA-2048 (ActivityPub) or Ed25519 (Versia).
pub fn signing_ceiling(fleet: &Fleet, versia: bool) -> f64 {
    let started = Instant::now();
    let mut count = 0usize;
    let message = b"post /inbox 1700000000 digest";
    if versia {
        let key = fleet.versia_key(0);
        while started.elapsed() < Duration::from_millis(300) {
            let _ = key.sign(message);
            count += 1;
        }
    } else {
        let (key, _) = fleet.signing_key(&Fleet::host(0), "u0");
        while started.elapsed() < Duration::from_millis(300) {
            if key.sign(message).is_ok() {
                count += 1;
            }
        }
    }
    crate::stats::per_second(count, started.elapsed())
}

/// Extra `rookery worker` processes for a PostgreSQL run: this program run again with
/// [`WORKER_CHILD_ENV`] set, each starting `Role::WorkerOnly` on the same database.
/// Killed when dropped.
pub struct WorkerProcesses(Vec<std::process::Child>);

/// Set (to the fleet's address) in a worker child's environment.
pub const WORKER_CHILD_ENV: &str = "ROOKERY_BENCH_WORKER_FLEET";

impl WorkerProcesses {
    /// Starts `count` worker processes on `database` and waits until each is running.
    pub fn start(
        count: usize,
        fleet: std::net::SocketAddr,
        database: &str,
    ) -> anyhow::Result<WorkerProcesses> {
        use std::io::BufRead;
        let mut children = WorkerProcesses(Vec::new());
        for _ in 0..count {
            let mut child = std::process::Command::new(std::env::current_exe()?)
                .env(WORKER_CHILD_ENV, fleet.to_string())
                .env("ROOKERY__DATABASE__URL", database)
                .stdout(std::process::Stdio::piped())
                .spawn()?;
            let stdout = child.stdout.take();
            children.0.push(child);
            let mut lines = std::io::BufReader::new(
                stdout.ok_or_else(|| anyhow::anyhow!("worker has no stdout"))?,
            );
            let mut line = String::new();
            lines.read_line(&mut line)?;
            if line.trim() != "worker ready" {
                anyhow::bail!("worker process failed to start");
            }
        }
        Ok(children)
    }
}

impl Drop for WorkerProcesses {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The worker child's side: the benchmark's settings, `*.fleet.test` resolved to
/// `fleet`, only the delivery worker. Runs until killed.
pub async fn run_worker_child(fleet: String) -> anyhow::Result<()> {
    rookery_server::fd_limit::raise_open_file_limit();
    let mut env: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("ROOKERY__"))
        .collect();
    env.extend([
        (
            "ROOKERY__INSTANCE__DOMAIN".to_owned(),
            crate::instance::DOMAIN.to_owned(),
        ),
        ("ROOKERY__INSTANCE__SCHEME".to_owned(), "http".to_owned()),
        (
            "ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES".to_owned(),
            "true".to_owned(),
        ),
        ("ROOKERY__LOG__LEVEL".to_owned(), "error".to_owned()),
        (
            "ROOKERY__DATA__DIR".to_owned(),
            std::env::temp_dir().display().to_string(),
        ),
    ]);
    env.extend(instance_env());
    let mut config = rookery_server::config::load(None, env)?;
    config
        .federation
        .resolve
        .insert("*.fleet.test".to_owned(), fleet);
    let running = rookery_server::start(config, rookery_server::Role::WorkerOnly, None).await?;
    println!("worker ready");
    running.wait().await;
    Ok(())
}
