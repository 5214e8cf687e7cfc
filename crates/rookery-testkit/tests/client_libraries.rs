//! Real client libraries against real instances: the scripts in interop/clients/, one on
//! Mastodon.py (Python) and one on masto.js (Node 22), each installed by scripts/setup,
//! sign alice in on a.test through the OAuth login form, post with an image and a content
//! warning, follow bob on b.test, see his post arrive, favourite, boost, reply, read
//! notifications and delete. Each script prints a line per check and ends with
//! `N passed, M failed`; this test streams that output and wants `0 failed`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use rookery_testkit::TestCluster;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// A whole script run, federation waits included, takes seconds; this bounds a hang.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);

/// The password `TestInstance::create_user` gives every account.
const PASSWORD: &str = "a-test-password-1";

fn clients_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../interop/clients")
}

fn installed(program: &Path) -> PathBuf {
    assert!(
        program.exists(),
        "{} is missing: run scripts/setup (it installs the client libraries in interop/clients)",
        program.display()
    );
    program.to_owned()
}

/// Starts a.test (alice) and b.test (bob), runs `program script` against them and
/// returns (passed, failed) from its last line, after checking it exited accordingly.
async fn run_script(program: PathBuf, script: &str) -> (u32, u32) {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    a.create_user("alice").await.unwrap();
    let (_, bob_token) = b.create_user("bob").await.unwrap();

    // Clients reach the instances on their loopback ports; rookery serves the client API
    // whatever the Host header says, while the instances know each other as a.test and
    // b.test through `federation.resolve`.
    let mut child = Command::new(program)
        .arg(script)
        .current_dir(clients_dir())
        .env("ROOKERY_A_URL", format!("http://{}", a.addr()))
        .env("ROOKERY_B_URL", format!("http://{}", b.addr()))
        .env("ROOKERY_A_DOMAIN", &a.domain)
        .env("ROOKERY_USERNAME", "alice")
        .env("ROOKERY_PASSWORD", PASSWORD)
        .env("ROOKERY_B_TOKEN", &bob_token)
        .env("ROOKERY_B_HANDLE", format!("bob@{}", b.domain))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let run = async {
        let mut last = String::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            eprintln!("[{script}] {line}");
            last = line;
        }
        (last, child.wait().await.unwrap())
    };
    let (last, exit) = tokio::time::timeout(SCRIPT_TIMEOUT, run)
        .await
        .unwrap_or_else(|_| panic!("{script} did not finish within {SCRIPT_TIMEOUT:?}"));
    cluster.shutdown().await;

    let counts = parse_summary(&last)
        .unwrap_or_else(|| panic!("{script} did not end with `N passed, M failed`: {last:?}"));
    assert_eq!(
        exit.success(),
        counts.1 == 0,
        "{script}: exit status {exit} disagrees with {last:?}"
    );
    counts
}

/// `N passed, M failed` as (N, M).
fn parse_summary(line: &str) -> Option<(u32, u32)> {
    let (passed, failed) = line.trim().split_once(", ")?;
    Some((
        passed.strip_suffix(" passed")?.parse().ok()?,
        failed.strip_suffix(" failed")?.parse().ok()?,
    ))
}

#[test]
fn summary_lines_parse() {
    assert_eq!(parse_summary("12 passed, 0 failed"), Some((12, 0)));
    assert_eq!(parse_summary("3 passed, 2 failed\n"), Some((3, 2)));
    assert_eq!(parse_summary("ok   verify credentials"), None);
    assert_eq!(parse_summary("x passed, 0 failed"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_py_script_passes() {
    let python = installed(&clients_dir().join(".venv/bin/python"));
    let (passed, failed) = run_script(python, "mastodon_py.py").await;
    assert!(
        passed > 0 && failed == 0,
        "{passed} passed, {failed} failed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn masto_js_script_passes() {
    let node = installed(&clients_dir().join("node_modules/.bin/node"));
    let (passed, failed) = run_script(node, "masto.mjs").await;
    assert!(
        passed > 0 && failed == 0,
        "{passed} passed, {failed} failed"
    );
}
