//! B3 fan-out (issue 7): one public note by an account with one follower on each of N
//! simulated hosts, with the fleet's latency / 5xx / blackhole mix. Prints the time until
//! 99 % (and 100 %) of the live hosts were reached, the process CPU per delivery, the
//! correctness check (every live host got the note exactly once, every signature
//! verified) and this machine's signing rate for the protocol, measured in the same run.
//!
//! `cargo run --release -p rookery-bench --bin fanout -- [HOSTS] [activitypub|versia] [mix|plain]`
//! Set `ROOKERY_BENCH_DATABASE_URL=postgres://...` for PostgreSQL.

use std::time::{Duration, Instant};

use rookery_bench::fleet::{Fleet, FleetConfig, FleetProtocols};
use rookery_bench::fleet_fanout::{self as fanout_setup, cpu_time, signing_ceiling};
use rookery_bench::instance::{self, DOMAIN};
use rookery_bench::stats::{ms, per_second};
use rookery_core::service::Draft;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if let Ok(fleet) = std::env::var(fanout_setup::WORKER_CHILD_ENV) {
        return fanout_setup::run_worker_child(fleet).await;
    }
    // The fleet's sockets and rookery's share this process.
    let open_files = rookery_server::fd_limit::raise_open_file_limit();
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `workers=N`: N delivery workers in all (the serve process's own, plus N-1 worker
    // processes); PostgreSQL only, since SQLite has a single writer.
    let workers: usize = args
        .iter()
        .find_map(|a| a.strip_prefix("workers="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let hosts: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let versia = args.iter().any(|a| a == "versia");
    let plain = args.iter().any(|a| a == "plain");
    let protocols = if versia {
        FleetProtocols::Versia
    } else {
        FleetProtocols::ActivityPub
    };
    let config = if plain {
        FleetConfig {
            hosts,
            protocols,
            ..FleetConfig::default()
        }
    } else {
        FleetConfig::b3_mix(hosts, protocols)
    };
    let fleet = Fleet::start_with(config).await?;
    // On PostgreSQL, a fresh database (dropped at the end) so every run starts empty.
    let postgres = match std::env::var("ROOKERY_BENCH_DATABASE_URL") {
        Ok(_) => Some(
            rookery_store::testing::temp_postgres()
                .await?
                .ok_or_else(|| anyhow::anyhow!("PostgreSQL is not reachable"))?,
        ),
        Err(_) => None,
    };
    let database = postgres.as_ref().map(|db| db.url().to_owned());
    let bench = instance::start_with(fleet.addr, database, fanout_setup::instance_env()).await?;
    fleet.trust_senders(vec![(DOMAIN.to_owned(), bench.addr)])?;
    let state = &bench.running.state;
    let author = fanout_setup::followers_on_fleet(state, hosts, protocols).await?;
    let _workers = match (&postgres, workers) {
        (_, 1) => None,
        (Some(db), n) => Some(fanout_setup::WorkerProcesses::start(
            n - 1,
            fleet.addr,
            db.url(),
        )?),
        (None, _) => anyhow::bail!("workers=N needs ROOKERY_BENCH_DATABASE_URL (PostgreSQL)"),
    };

    let cpu_before = cpu_time();
    let started = Instant::now();
    let note: rookery_core::ports::NoteContext = state
        .services
        .post_note(author, Draft::public("Hello, fleet!"))
        .await?;
    let queued_in = started.elapsed();
    let live = fleet.live();
    let t99 =
        fanout_setup::wait_for_share(&fleet, live, 0.99, started, Duration::from_secs(120)).await;
    let cpu_at_99 = cpu_time().saturating_sub(cpu_before);
    // The rest of the live hosts: those that answered 5xx first come back after a retry.
    let t100 =
        fanout_setup::wait_for_share(&fleet, live, 1.0, started, Duration::from_secs(150)).await;
    let activity = fanout_setup::activity_id(state, &note, versia).await;
    let report = fleet.report(&activity, started);
    let delivered = report.reached().max(1);
    let ceiling = signing_ceiling(&fleet, versia);

    let protocol = if versia {
        "Versia, Ed25519"
    } else {
        "ActivityPub, RSA-2048"
    };
    let backend = if std::env::var("ROOKERY_BENCH_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mix = if plain {
        "no latency, all healthy".to_owned()
    } else {
        "20-300 ms latency, 5% 5xx once, 5% blackholed".to_owned()
    };
    println!("# B3 fan-out: one public note to followers on {hosts} hosts ({protocol}; {mix}; {backend}; {workers} worker process(es))");
    match t99 {
        Some(t) => println!(
            "99% of {live} live hosts reached in {:.2} s ({:.0} deliveries/s); post + enqueue took {:.1} ms",
            t.as_secs_f64(),
            per_second((live as f64 * 0.99) as usize, t),
            ms(queued_in)
        ),
        None => println!("99% of {live} live hosts NOT reached within 120 s"),
    }
    match t100 {
        Some(t) => println!("100% of live hosts reached in {:.2} s", t.as_secs_f64()),
        None => println!("{} of {live} live hosts reached", report.reached()),
    }
    println!(
        "CPU (rookery and fleet, one process) until 99%: {:.0} ms, {:.3} ms per delivery",
        ms(cpu_at_99),
        ms(cpu_at_99) / delivered as f64
    );
    println!(
        "correctness: {} ({} missing, {} duplicates, {} bad signatures, {} POSTs incl. retries and blackholed)",
        if report.is_correct() && report.duplicates == 0 {
            "ok"
        } else {
            "FAILED"
        },
        report.missing,
        report.duplicates,
        report.bad_signatures,
        report.attempts
    );
    println!(
        "open-file limit: {}",
        open_files.map_or_else(|| "unlimited".to_owned(), |n| n.to_string())
    );
    println!(
        "machine ceiling: {ceiling:.0} {} signatures/s on one core",
        if versia { "Ed25519" } else { "RSA-2048" }
    );
    // Blackholed deliveries are still in flight; do not wait for their timeouts.
    drop(bench);
    Ok(())
}
