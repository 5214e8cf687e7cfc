//! The architecture test: reads `cargo metadata` and fails on a dependency edge that
//! ARCHITECTURE.md forbids ("Who may import whom").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::process::Command;

/// For each workspace crate: the rookery crates it may depend on (normal dependencies),
/// and outside crates it must never pull in directly.
fn rules() -> BTreeMap<&'static str, (&'static [&'static str], &'static [&'static str])> {
    const CORE_FORBIDDEN: &[&str] = &[
        "tokio",
        "sqlx",
        "axum",
        "reqwest",
        "serde_json",
        "hyper",
        "tower",
        "serde",
    ];
    const NO_SQL_OR_HTTP_SERVER: &[&str] = &["sqlx", "axum", "hyper"];
    BTreeMap::from([
        ("rookery-core", (&[][..], CORE_FORBIDDEN)),
        (
            "rookery-store",
            (&["rookery-core"][..], &["axum", "reqwest", "hyper"][..]),
        ),
        (
            "rookery-net",
            (&["rookery-core"][..], &["sqlx", "axum"][..]),
        ),
        (
            "rookery-activitypub",
            (
                &["rookery-core", "rookery-net", "rookery-html"][..],
                &["sqlx"][..],
            ),
        ),
        (
            "rookery-versia",
            (
                &["rookery-core", "rookery-net", "rookery-html"][..],
                &["sqlx"][..],
            ),
        ),
        (
            "rookery-mastodon",
            (
                &["rookery-core", "rookery-html", "rookery-media"][..],
                &["sqlx", "reqwest"][..],
            ),
        ),
        (
            "rookery-web",
            (
                &["rookery-core", "rookery-html", "rookery-media"][..],
                &["sqlx", "reqwest"][..],
            ),
        ),
        (
            "rookery-media",
            (
                &["rookery-core"][..],
                &["sqlx", "axum", "hyper", "reqwest"][..],
            ),
        ),
        (
            "rookery-html",
            (&[][..], &["sqlx", "reqwest", "axum", "tokio"][..]),
        ),
        (
            "rookery-worker",
            (&["rookery-core"][..], NO_SQL_OR_HTTP_SERVER),
        ),
    ])
}

#[test]
fn dependency_edges_follow_the_architecture() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let rules = rules();
    let mut violations = Vec::new();
    let mut checked = 0;
    for package in packages {
        let name = package["name"].as_str().unwrap();
        for dep in package["dependencies"].as_array().unwrap() {
            let dep_name = dep["name"].as_str().unwrap();
            let dev = dep["kind"].as_str() == Some("dev");
            // Only the test harness and the benchmarks may import the server, in any
            // kind of dependency.
            if dep_name == "rookery-server" && !["rookery-testkit", "rookery-bench"].contains(&name)
            {
                violations.push(format!("{name} -> rookery-server"));
            }
            if dev {
                continue;
            }
            let Some((allowed, forbidden)) = rules.get(name) else {
                continue;
            };
            checked += 1;
            if dep_name.starts_with("rookery-") && !allowed.contains(&dep_name) {
                violations.push(format!("{name} -> {dep_name}"));
            }
            if forbidden.contains(&dep_name) {
                violations.push(format!("{name} -> {dep_name} (forbidden outside crate)"));
            }
        }
    }
    for name in rules.keys() {
        assert!(
            packages.iter().any(|p| p["name"] == *name),
            "workspace crate {name} exists"
        );
    }
    assert!(checked > 10, "the metadata listed dependencies to check");
    assert!(violations.is_empty(), "forbidden edges: {violations:#?}");
}
