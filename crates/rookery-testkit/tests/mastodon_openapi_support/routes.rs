//! rookery's client API routes, read from the rookery-mastodon sources, so that the
//! conformance test notices a route its scenario does not call.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::schema::repo_root;

/// Every `.route("PATH", get(..).post(..))` in the crate's sources, as (method, path).
pub fn rookery_routes() -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    collect_rs_files(&repo_root().join("crates/rookery-mastodon/src"), &mut files);
    let mut routes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find(".route(") {
            let call = &rest[start + ".route(".len()..];
            let end = closing_paren(call);
            let args = &call[..end];
            rest = &call[end..];
            let Some(path) = args.split('"').nth(1) else {
                continue;
            };
            for method in ["get", "post", "put", "patch", "delete"] {
                if calls_method(args, method) {
                    routes.insert((method.to_owned(), path.to_owned()));
                }
            }
        }
    }
    assert!(
        !routes.is_empty(),
        "no routes found in rookery-mastodon: has the router moved?"
    );
    routes
}

pub fn collect_rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The index of the parenthesis closing the one just before `text`.
pub fn closing_paren(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Whether `args` calls axum's method router `method(` (also as `routing::method(`);
/// handlers are passed by name, never called, so `statuses::delete)` does not count.
pub fn calls_method(args: &str, method: &str) -> bool {
    let needle = format!("{method}(");
    args.match_indices(&needle).any(|(i, _)| {
        let before = args[..i].chars().last();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}
