//! B4 crash (issue 7): the B3 fan-out with 30 % of hosts blackholed, run twice in
//! separate rookery processes: once undisturbed (the baseline), once with the server
//! killed with SIGKILL when a third of the live hosts are reached and restarted on the
//! same database. Prints both runs' time to 99 % of live hosts, their ratio, and the
//! correctness check: no live host may miss the note (0 deliveries lost); duplicates
//! (deliveries the killed process had sent but not recorded) are counted.
//!
//! `cargo run --release -p rookery-bench --bin crash -- [HOSTS] [activitypub|versia]`
//! Set `ROOKERY_BENCH_DATABASE_URL=postgres://...` for PostgreSQL.
//!
//! The rookery process is this program run again with `CHILD_ENV` set, so `kill -9`
//! stops a real process holding real leases.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use rookery_bench::fleet::{Fleet, FleetConfig, FleetProtocols, Report};
use rookery_bench::fleet_fanout::{followers_on_fleet, instance_env, wait_for_share};
use rookery_bench::instance::DOMAIN;
use rookery_core::service::Draft;
use rookery_server::{config, Role};
use rookery_store::testing::{temp_postgres, TempDatabase};

const CHILD_ENV: &str = "ROOKERY_BENCH_CRASH_CHILD";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    rookery_server::fd_limit::raise_open_file_limit();
    if let Ok(mode) = std::env::var(CHILD_ENV) {
        return child(&mode).await;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hosts: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let versia = args.iter().any(|a| a == "versia");
    let protocols = if versia {
        FleetProtocols::Versia
    } else {
        FleetProtocols::ActivityPub
    };
    let fleet_config = FleetConfig {
        blackholed_share: 0.30,
        ..FleetConfig::b3_mix(hosts, protocols)
    };
    let baseline = run(&fleet_config, versia, false).await?;
    let crashed = run(&fleet_config, versia, true).await?;

    let backend = if std::env::var("ROOKERY_BENCH_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "# B4 crash: fan-out to {hosts} hosts ({}; 20-300 ms, 5% 5xx once, 30% blackholed; {backend}), kill -9 at a third, restart",
        if versia { "Versia" } else { "ActivityPub" }
    );
    println!(
        "baseline (no crash): 99% of {} live hosts in {}",
        baseline.report.live,
        secs(baseline.t99)
    );
    println!(
        "with kill -9 + restart: 99% in {} (killed after {} hosts, restart took {:.0} ms)",
        secs(crashed.t99),
        crashed.reached_at_kill,
        crashed.restart.as_secs_f64() * 1000.0
    );
    if let (Some(a), Some(b)) = (baseline.t99, crashed.t99) {
        println!(
            "ratio: {:.2}x the baseline (target <= 1.2x)",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    let r = &crashed.report;
    println!(
        "correctness after the crash: {} deliveries lost, {} duplicates (sent before the kill, not recorded), {} bad signatures",
        r.missing, r.duplicates, r.bad_signatures
    );
    Ok(())
}

struct Run {
    t99: Option<Duration>,
    reached_at_kill: usize,
    restart: Duration,
    report: Report,
}

fn secs(t: Option<Duration>) -> String {
    t.map_or_else(
        || "NOT reached".to_owned(),
        |t| format!("{:.2} s", t.as_secs_f64()),
    )
}

/// One fan-out in a child rookery process, optionally killed and restarted midway.
async fn run(fleet_config: &FleetConfig, versia: bool, crash: bool) -> anyhow::Result<Run> {
    let fleet = Fleet::start_with(fleet_config.clone()).await?;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
        probe.local_addr()?.port()
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    fleet.trust_senders(vec![(DOMAIN.to_owned(), addr)])?;
    let data = tempfile::tempdir()?;
    let (database, _guard) = fresh_database(data.path()).await?;
    let spawn = |mode: &str| {
        spawn_child(
            mode,
            fleet.addr,
            addr,
            data.path(),
            &database,
            fleet_config,
            versia,
        )
    };

    let (mut child, mut lines) = spawn("setup")?;
    let note = read_line(&mut lines, "posted ")?;
    let started = Instant::now();
    let activity = if versia {
        note.clone()
    } else {
        format!("http://{DOMAIN}/notes/{note}#create")
    };
    let live = fleet.live();
    let mut reached_at_kill = 0;
    let mut restart = Duration::ZERO;
    if crash {
        wait_for_share(&fleet, live, 1.0 / 3.0, started, Duration::from_secs(60)).await;
        child.kill()?;
        child.wait()?;
        reached_at_kill = fleet.reached();
        let restarted = Instant::now();
        let (again, mut again_lines) = spawn("restart")?;
        read_line(&mut again_lines, "restarted")?;
        restart = restarted.elapsed();
        child = again;
    }
    let t99 = wait_for_share(&fleet, live, 0.99, started, Duration::from_secs(120)).await;
    wait_for_share(&fleet, live, 1.0, started, Duration::from_secs(150)).await;
    let report = fleet.report(&[activity], started);
    let _ = child.kill();
    let _ = child.wait();
    Ok(Run {
        t99,
        reached_at_kill,
        restart,
        report,
    })
}

/// A SQLite file in `data`, or (when `ROOKERY_BENCH_DATABASE_URL` is set) a fresh
/// database on the PostgreSQL server the store's test helpers use
/// (`ROOKERY_TEST_DATABASE_URL`, default the local server), so both runs start empty.
/// The returned guard drops that database.
async fn fresh_database(data: &Path) -> anyhow::Result<(String, Option<TempDatabase>)> {
    if std::env::var("ROOKERY_BENCH_DATABASE_URL").is_err() {
        return Ok((
            format!("sqlite://{}", data.join("rookery.db").display()),
            None,
        ));
    }
    let database = temp_postgres()
        .await?
        .ok_or_else(|| anyhow::anyhow!("PostgreSQL is not reachable"))?;
    Ok((database.url().to_owned(), Some(database)))
}

fn spawn_child(
    mode: &str,
    fleet: SocketAddr,
    addr: SocketAddr,
    data: &Path,
    database: &str,
    fleet_config: &FleetConfig,
    versia: bool,
) -> anyhow::Result<(Child, BufReader<ChildStdout>)> {
    let mut child = Command::new(std::env::current_exe()?)
        .env(CHILD_ENV, mode)
        .env("BENCH_FLEET", fleet.to_string())
        .env("BENCH_ADDR", addr.to_string())
        .env("BENCH_DATA", data)
        .env("BENCH_DATABASE", database)
        .env("BENCH_HOSTS", fleet_config.hosts.to_string())
        .env("BENCH_VERSIA", if versia { "1" } else { "0" })
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("child has no stdout"))?;
    Ok((child, BufReader::new(stdout)))
}

fn read_line(lines: &mut BufReader<ChildStdout>, prefix: &str) -> anyhow::Result<String> {
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            anyhow::bail!("the rookery process exited before printing {prefix:?}");
        }
        if let Some(rest) = line.trim_end().strip_prefix(prefix) {
            return Ok(rest.to_owned());
        }
    }
}

/// The rookery process: `setup` stores the followers and posts the note, `restart`
/// only starts on the existing database. Runs until killed.
async fn child(mode: &str) -> anyhow::Result<()> {
    let var = |name: &str| std::env::var(name).map_err(|_| anyhow::anyhow!("{name} unset"));
    let fleet = var("BENCH_FLEET")?;
    let addr: SocketAddr = var("BENCH_ADDR")?.parse()?;
    let hosts: usize = var("BENCH_HOSTS")?.parse()?;
    let versia = var("BENCH_VERSIA")? == "1";
    let mut env = vec![
        ("ROOKERY__INSTANCE__DOMAIN".to_owned(), DOMAIN.to_owned()),
        ("ROOKERY__INSTANCE__SCHEME".to_owned(), "http".to_owned()),
        ("ROOKERY__DATA__DIR".to_owned(), var("BENCH_DATA")?),
        ("ROOKERY__DATABASE__URL".to_owned(), var("BENCH_DATABASE")?),
        (
            "ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES".to_owned(),
            "true".to_owned(),
        ),
        ("ROOKERY__LOG__LEVEL".to_owned(), "error".to_owned()),
        // The default lease (two minutes): the restarted process takes the killed one's
        // deliveries back at start, on SQLite by releasing every lease, on PostgreSQL by
        // reaping the dead worker (its database session ended), not by waiting.
    ];
    env.extend(instance_env());
    let mut config = config::load(None, env)?;
    config
        .federation
        .resolve
        .insert("*.fleet.test".to_owned(), fleet);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let running = rookery_server::start(config, Role::All, Some(listener)).await?;
    if mode == "setup" {
        let protocols = if versia {
            FleetProtocols::Versia
        } else {
            FleetProtocols::ActivityPub
        };
        let state = &running.state;
        let author = followers_on_fleet(state, hosts, protocols).await?;
        let note = state
            .services
            .post_note(author, Draft::public("Hello, crash!"))
            .await?;
        println!("posted {}", note.note.id);
    } else {
        println!("restarted");
    }
    running.wait().await;
    Ok(())
}
