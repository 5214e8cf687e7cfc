//! Running one browser script of `e2e/` (Playwright with Debian's Chromium) from a Rust
//! test: the script gets its inputs as environment variables, and a failing script
//! fails the test with everything it printed.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

/// The repository's root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where screenshots go: `artifacts/screenshots/` (gitignored; CI keeps it).
pub fn screenshot_dir() -> PathBuf {
    repo_root().join("artifacts/screenshots")
}

/// Runs `node e2e/SCRIPT` with `vars` (and `ROOKERY_SCREENSHOTS`) and panics with its
/// output unless it exits 0 within `timeout`.
pub async fn run_browser_script(script: &str, vars: &[(&str, String)], timeout: Duration) {
    let e2e = repo_root().join("e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run scripts/setup (npm ci in e2e/)"
    );
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists(),
        "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)"
    );
    let mut command = tokio::process::Command::new("node");
    command
        .arg(script)
        .current_dir(&e2e)
        .env("ROOKERY_SCREENSHOTS", screenshot_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (name, value) in vars {
        command.env(name, value);
    }
    let child = command.spawn().expect("node runs");
    let output = match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(output) => output.expect("the browser script ran"),
        Err(_) => panic!("e2e/{script} did not finish within {timeout:?}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "e2e/{script} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    print!("{stdout}");
}
