//! `rookery federation ...`: what an operator runs to see and unstick outbound
//! federation. `status` shows the queue, hosts by state (failing since, unreachable)
//! with their backlog, the hosts most behind first; `retry` clears hosts' failure state
//! and makes their deliveries due now, with a progress bar over many hosts when stderr
//! is a terminal.

use std::io::IsTerminal;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use rookery_core::Timestamp;
use rookery_store::{HostState, HostStatus, QueueSummary};

use crate::config::Config;
use crate::instance::{now, open_store};

#[derive(Debug, Subcommand)]
pub enum FederationCommand {
    /// Show the delivery queue and the remote hosts that are failing, unreachable or
    /// have deliveries waiting, the ones most behind first.
    Status {
        /// Show at most this many hosts.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Clear the failing or unreachable state of HOSTs and make their waiting
    /// deliveries due now (a running worker picks them up at its next poll).
    Retry {
        /// Host names, e.g. `social.example`.
        hosts: Vec<String>,
        /// Every host currently failing or unreachable.
        #[arg(long, conflicts_with = "hosts")]
        all: bool,
    },
}

pub async fn run(config: Config, command: FederationCommand) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let result = match command {
        FederationCommand::Status { limit } => status(&store, limit).await,
        FederationCommand::Retry { hosts, all } => retry(&store, hosts, all).await,
    };
    store.close().await;
    result
}

async fn status(store: &rookery_store::Store, limit: u32) -> anyhow::Result<()> {
    let now = now();
    let queue = store.queue_summary(now).await?;
    let (failing, unreachable) = store.host_state_counts().await?;
    let hosts = store.federation_hosts(limit).await?;
    print!(
        "{}",
        render_status(&queue, failing, unreachable, &hosts, now)
    );
    Ok(())
}

async fn retry(store: &rookery_store::Store, hosts: Vec<String>, all: bool) -> anyhow::Result<()> {
    let hosts = if all {
        store
            .federation_hosts(u32::MAX)
            .await?
            .into_iter()
            .filter(|h| h.state.is_some())
            .map(|h| h.host)
            .collect()
    } else {
        hosts
    };
    if hosts.is_empty() {
        anyhow::bail!("name at least one host, or pass --all");
    }
    let bar = progress_bar(hosts.len());
    let mut total = 0;
    for host in &hosts {
        bar.set_message(host.clone());
        let due = store.retry_host(host, now()).await?;
        total += due;
        bar.inc(1);
        if !bar.is_hidden() {
            continue;
        }
        println!("{host}: failure state cleared, {due} deliveries due now");
    }
    bar.finish_and_clear();
    if hosts.len() > 1 {
        println!("{} hosts retried, {total} deliveries due now", hosts.len());
    }
    Ok(())
}

/// A bar on stderr only when it is a terminal: scripts and logs get plain lines.
fn progress_bar(len: usize) -> ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} hosts {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// The status report, for people.
pub fn render_status(
    queue: &QueueSummary,
    failing: u64,
    unreachable: u64,
    hosts: &[HostStatus],
    now: Timestamp,
) -> String {
    let mut out = format!(
        "queue: {} waiting ({} due, {} in flight), oldest {}\n",
        queue.depth,
        queue.due,
        queue.leased,
        queue
            .oldest
            .map_or_else(|| "-".to_owned(), |t| format!("{} old", age(now, t)))
    );
    out.push_str(&format!(
        "hosts: {failing} failing, {unreachable} unreachable\n"
    ));
    if hosts.is_empty() {
        out.push_str("no host is failing or has deliveries waiting\n");
        return out;
    }
    out.push_str(&format!(
        "\n{:<32} {:<12} {:<20} {:>8} {:>10}  {}\n",
        "HOST", "STATE", "SINCE", "BACKLOG", "BEHIND", "LAST ERROR"
    ));
    for host in hosts {
        let (state, since) = match host.state {
            Some(HostState::Unreachable) => (
                "unreachable",
                host.unreachable_since
                    .map_or_else(String::new, |t| t.to_rfc3339()),
            ),
            Some(HostState::Failing) => (
                "failing",
                host.failing_since_day.map_or_else(String::new, day_date),
            ),
            None => ("ok", String::new()),
        };
        out.push_str(&format!(
            "{:<32} {:<12} {:<20} {:>8} {:>10}  {}\n",
            host.host,
            state,
            since,
            host.backlog,
            host.oldest.map_or_else(|| "-".to_owned(), |t| age(now, t)),
            host.last_error.as_deref().unwrap_or("")
        ));
    }
    out
}

/// `2026-11-20` for a [`Timestamp::day_number`].
fn day_date(day: i64) -> String {
    let text = Timestamp::from_millis(day.saturating_mul(86_400_000)).to_rfc3339();
    text.get(..10).unwrap_or(&text).to_owned()
}

/// `3d 4h`, `2h 5m`, `4m 10s`, `12s`.
fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now.as_millis() - then.as_millis()).max(0) / 1000;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else if m > 0 {
        format!("{m}m {s}s")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_secs(1_763_800_000);

    #[test]
    fn ages_read_like_people_write_them() {
        assert_eq!(age(NOW, NOW), "0s");
        assert_eq!(
            age(NOW, NOW - std::time::Duration::from_secs(250)),
            "4m 10s"
        );
        assert_eq!(
            age(
                NOW,
                NOW - std::time::Duration::from_secs(3 * 86_400 + 4 * 3600)
            ),
            "3d 4h"
        );
    }

    #[test]
    fn status_lists_hosts_with_state_and_backlog() {
        let hosts = vec![
            HostStatus {
                host: "down.example".into(),
                state: Some(HostState::Unreachable),
                failing_since_day: Some(NOW.day_number() - 7),
                failing_days: 7,
                unreachable_since: Some(NOW),
                backlog: 42,
                oldest: Some(NOW - std::time::Duration::from_secs(3600)),
                last_error: Some("network: timed out".into()),
            },
            HostStatus {
                host: "ok.example".into(),
                state: None,
                failing_since_day: None,
                failing_days: 0,
                unreachable_since: None,
                backlog: 1,
                oldest: Some(NOW),
                last_error: None,
            },
        ];
        let queue = QueueSummary {
            depth: 43,
            due: 1,
            leased: 0,
            oldest: Some(NOW - std::time::Duration::from_secs(3600)),
        };
        let text = render_status(&queue, 0, 1, &hosts, NOW);
        assert!(text.starts_with("queue: 43 waiting (1 due, 0 in flight), oldest 1h 0m old\n"));
        assert!(text.contains("hosts: 0 failing, 1 unreachable"));
        let down = text
            .lines()
            .find(|l| l.starts_with("down.example"))
            .unwrap_or("");
        assert!(down.contains("unreachable") && down.contains(" 42 ") && down.contains("1h 0m"));
        assert!(down.ends_with("network: timed out"));
        assert!(text
            .lines()
            .any(|l| l.starts_with("ok.example") && l.contains(" ok ")));
    }
}
