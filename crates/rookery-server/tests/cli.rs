//! The `rookery` binary as an admin uses it: real processes, a real SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn rookery(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rookery"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROOKERY__DATA__DIR", data)
        .env("RUST_LOG", "warn");
    cmd
}

fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn users_and_tokens_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        rookery(data.path()).args(["user", "create", "alice", "--password-stdin"]),
        Some("correct horse battery\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "created alice");

    let out = run(
        rookery(data.path()).args(["user", "create", "root", "--admin"]),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("created root (administrator)"), "{stdout}");
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("a generated password is printed");
    assert_eq!(password.len(), 20);

    // Refusals: a used name (in any case), a weak or empty password, a bad name.
    for (args, stdin, message) in [
        (
            vec!["user", "create", "ALICE", "--password-stdin"],
            "another good one",
            "already taken",
        ),
        (
            vec!["user", "create", "bob", "--password-stdin"],
            "short",
            "at least 8",
        ),
        (
            vec!["user", "create", "bob", "--password-stdin"],
            "",
            "empty",
        ),
        (
            vec!["user", "create", "bob", "--password-stdin"],
            "password",
            "too common",
        ),
        (
            vec!["user", "create", "bad-name!", "--password-stdin"],
            "a fine password",
            "username",
        ),
    ] {
        let out = run(rookery(data.path()).args(&args), Some(stdin));
        assert!(!out.status.success(), "{args:?} must fail");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one clear line: {stderr}");
    }

    // Nothing changed: exactly the two accounts created above.
    let out = run(rookery(data.path()).args(["user", "list"]), None);
    assert!(out.status.success());
    let listing = text(&out.stdout);
    let names: Vec<&str> = listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["alice", "root"], "{listing}");
    assert!(listing.lines().nth(1).unwrap().contains("admin"));

    let out = run(
        rookery(data.path()).args(["token", "create", "alice"]),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(token.len() >= 40, "{token}");
    let out = run(
        rookery(data.path()).args(["token", "create", "nobody"]),
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no local account named \"nobody\""));
}

#[test]
fn bad_configuration_is_one_clear_line() {
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("rookery.toml");
    std::fs::write(
        &config,
        "[instance]\ndomain = \"social.example\"\n[http]\nlisten = \"everywhere\"\n",
    )
    .unwrap();
    let out = run(
        rookery(data.path()).args(["--config", config.to_str().unwrap(), "config", "check"]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: config key http.listen:"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1);

    let out = run(
        rookery(data.path())
            .env("ROOKERY__INSTANCE__SCHEME", "gopher")
            .args(["config", "check"]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("instance.scheme"));

    let out = run(rookery(data.path()).args(["config", "check"]), None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("http://localhost"));
    assert!(
        !data.path().join("rookery.db").exists(),
        "config check touches nothing"
    );
}

#[test]
fn unreachable_database_is_a_clear_error() {
    let data = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = run(
        rookery(data.path())
            .env(
                "ROOKERY__DATABASE__URL",
                "postgres://postgres@127.0.0.1:1/nothing",
            )
            .args(["migrate"]),
        None,
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("database"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30), "fails fast");
}

/// Reads lines from the child's stdout on a thread, so the test can wait with a timeout.
fn stdout_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for_line(lines: &mpsc::Receiver<String>, prefix: &str, seen: &mut Vec<String>) -> String {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no line starting with {prefix:?}; saw {seen:?}"));
        seen.push(line.clone());
        if line.trim_start().starts_with(prefix) {
            return line;
        }
    }
}

fn terminate(child: &mut Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn first_start_creates_an_admin_and_stops_gracefully() {
    let data = tempfile::tempdir().unwrap();
    let start = || {
        rookery(data.path())
            .env("ROOKERY__HTTP__LISTEN", "127.0.0.1:0")
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap()
    };
    let mut child = start();
    let lines = stdout_lines(&mut child);
    let mut seen = Vec::new();
    let user = wait_for_line(&lines, "username:", &mut seen);
    assert!(user.ends_with("admin"), "{user}");
    let password = wait_for_line(&lines, "password:", &mut seen);
    assert_eq!(
        password.trim().trim_start_matches("password:").trim().len(),
        20
    );
    let url_line = wait_for_line(&lines, "rookery is running at", &mut seen);
    let url = url_line.rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://localhost:"), "{url}");

    // The server answers on the printed URL.
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"status\":\"ok\""), "{response}");

    terminate(&mut child);
    wait_for_line(&lines, "rookery stopped", &mut seen);
    assert!(child.wait().unwrap().success(), "SIGTERM is a clean exit");
    assert!(data.path().join("rookery.db").exists());

    // Second start: the admin exists, nothing new is created.
    let mut child = start();
    let lines = stdout_lines(&mut child);
    let mut seen = Vec::new();
    wait_for_line(&lines, "rookery is running at", &mut seen);
    assert!(
        !seen.iter().any(|l| l.contains("password:")),
        "no second admin: {seen:?}"
    );
    terminate(&mut child);
    assert!(child.wait().unwrap().success());
}

#[test]
fn worker_process_starts_and_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut child = rookery(data.path())
        .arg("worker")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let lines = stdout_lines(&mut child);
    let mut seen = Vec::new();
    wait_for_line(&lines, "rookery worker running", &mut seen);
    assert!(
        data.path().join("rookery.db").exists(),
        "the worker migrated the database"
    );
    terminate(&mut child);
    assert!(child.wait().unwrap().success(), "SIGTERM is a clean exit");
}
