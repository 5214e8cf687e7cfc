//! B7, cold start (issue 7): from exec of the release `rookery` binary to the first 200
//! on `/.well-known/nodeinfo`, on a fresh data directory (the database is created and
//! migrated) and again on an existing one. Ceiling: exec of the same binary for
//! `--version` (loading the program, no server), measured in the same run.
//!
//! `coldstart [RUNS] [--postgres]` (PostgreSQL: a scratch database per run)

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rookery_bench::process::{binary, free_port, Server};
use rookery_bench::scratch::{self, arg};
use rookery_bench::stats::{ms, Latencies};

const NODEINFO: &str = "/.well-known/nodeinfo";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs = arg(1, 5).max(1);
    let mut fresh = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..runs {
        let data = tempfile::tempdir()?;
        let db = if scratch::postgres_requested() {
            Some(scratch::database().await?)
        } else {
            None
        };
        let url = db.as_ref().map(|d| d.url().to_owned());
        for samples in [&mut fresh, &mut warm] {
            let started = Instant::now();
            let mut server = Server::spawn(data.path(), free_port()?, url.as_deref())?;
            let ready = server.wait_for_200(NODEINFO, Duration::from_secs(10))?;
            samples.push(ready - started);
            drop(server);
        }
    }
    let exec = exec_version(runs)?;
    println!(
        "# B7 cold start ({}): exec to first 200 on {NODEINFO}, {runs} runs each",
        scratch::backend_name()
    );
    let fresh = Latencies::new(fresh);
    let warm = Latencies::new(warm);
    println!(
        "fresh data directory (create + migrate): median {:.1} ms, max {:.1} ms",
        ms(fresh.percentile(50.0)),
        ms(fresh.percentile(100.0))
    );
    println!(
        "existing data directory: median {:.1} ms, max {:.1} ms; target <= 150 ms",
        ms(warm.percentile(50.0)),
        ms(warm.percentile(100.0))
    );
    println!(
        "machine ceiling: exec of `rookery --version` median {:.1} ms",
        ms(exec.percentile(50.0))
    );
    Ok(())
}

/// How long exec of the binary takes when it does nothing but print its version.
fn exec_version(runs: usize) -> anyhow::Result<Latencies> {
    let bin = binary()?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        Command::new(&bin)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        samples.push(started.elapsed());
    }
    Ok(Latencies::new(samples))
}
