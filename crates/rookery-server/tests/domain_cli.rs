//! `rookery domain block|unblock|list` as an operator runs them: the real binary on a
//! fresh SQLite data directory, each command a process of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn rookery(data: &Path, args: &[&str]) -> String {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_rookery"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROOKERY__DATA__DIR", data)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "rookery {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn block_list_unblock() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    assert_eq!(rookery(data, &["domain", "list"]), "no blocked domains\n");
    assert_eq!(
        rookery(
            data,
            &["domain", "block", "Spam.Example", "--reason", "spam waves"]
        ),
        "blocked spam.example\n"
    );
    assert_eq!(
        rookery(data, &["domain", "block", "spam.example"]),
        "spam.example was already blocked\n"
    );
    rookery(data, &["domain", "block", "quiet.example"]);
    assert_eq!(
        rookery(data, &["domain", "list"]),
        "spam.example\tspam waves\nquiet.example\n"
    );
    assert_eq!(
        rookery(data, &["domain", "unblock", "spam.example"]),
        "unblocked spam.example\n"
    );
    assert_eq!(
        rookery(data, &["domain", "unblock", "spam.example"]),
        "spam.example was not blocked\n"
    );
    assert_eq!(rookery(data, &["domain", "list"]), "quiet.example\n");
}
