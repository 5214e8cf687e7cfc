//! `config.example.toml` documents every key: it must parse, and its values must be the
//! defaults it claims, so the documentation cannot drift from the code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use rookery_server::config;

#[test]
fn example_config_parses_and_shows_the_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config.example.toml");
    let example = config::load(Some(&path), Vec::new()).expect("config.example.toml is valid");
    let defaults = config::load(None, Vec::new()).unwrap();
    assert_eq!(format!("{example:?}"), format!("{defaults:?}"));
}

#[test]
fn example_config_names_every_section() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config.example.toml");
    let text = std::fs::read_to_string(path).unwrap();
    for section in [
        "[instance]",
        "[http]",
        "[database]",
        "[data]",
        "[media]",
        "[federation]",
        "[federation.resolve]",
        "[delivery]",
        "[log]",
    ] {
        assert!(text.contains(section), "{section} is documented");
    }
    for key in [
        "domain",
        "scheme",
        "name",
        "registrations",
        "rules",
        "listen",
        "url",
        "dir",
        "max_upload_bytes",
        "max_pixels",
        "allow_private_addresses",
        "authorized_fetch",
        "retry_schedule",
        "give_up_after",
        "concurrency",
        "per_host_concurrency",
        "unreachable_after_days",
        "poll_interval",
        "level",
        "format",
    ] {
        assert!(text.contains(&format!("{key} =")), "{key} is documented");
    }
}
