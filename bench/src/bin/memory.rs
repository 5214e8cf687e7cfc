//! B6, memory (issue 7): resident memory of a real `rookery serve` process, idle after
//! start on a database holding ACCOUNTS accounts and STATUSES statuses (read from
//! `/proc/PID/status`: VmRSS now, VmHWM the peak so far). The peak under B1 load is not
//! measured here yet.
//!
//! `memory [ACCOUNTS] [STATUSES] [--postgres]` (defaults 10,000 and 1,000,000)

use std::time::Duration;

use rookery_bench::process::{free_port, Server};
use rookery_bench::scratch::{self, arg};
use rookery_bench::seed::seed;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let accounts = arg(1, 10_000).max(1);
    let statuses = arg(2, 1_000_000);
    let db = scratch::database().await?;
    let store = db.store().await?;
    seed(&store, accounts, statuses).await?;
    store.close().await;

    let data = tempfile::tempdir()?;
    let mut server = Server::spawn(data.path(), free_port()?, Some(db.url()))?;
    server.wait_for_200("/.well-known/nodeinfo", Duration::from_secs(30))?;
    // A few requests that touch the database, then let start-up work settle.
    for path in ["/api/v1/instance", "/api/v1/timelines/public?limit=40"] {
        let _ = rookery_bench::process::get_status(server.addr, path);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, hwm) = server.memory_kib()?;
    println!(
        "# B6 memory ({}): rookery serve with {accounts} accounts and {statuses} statuses",
        scratch::backend_name()
    );
    println!(
        "idle resident: {:.1} MB (peak so far {:.1} MB); target <= 30 MB idle",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    Ok(())
}
