//! The DNS resolver reqwest connects through: applies the fixed `resolve` overrides,
//! falls back to the system resolver, and runs the SSRF guard on the very addresses that
//! will be connected to, so a DNS answer cannot change between check and use.

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::error::Refusal;
use crate::guard::Guard;

/// One `resolve` entry: `a.test` matches only itself; `*.fleet.test` matches any name
/// ending in `.fleet.test`, at any depth, but not `fleet.test`.
#[derive(Debug, Clone)]
enum Pattern {
    Exact(String),
    Suffix(String),
}

/// The fixed host table, in config order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    entries: Vec<(Pattern, SocketAddr)>,
}

impl Overrides {
    pub(crate) fn new(resolve: &[(String, SocketAddr)]) -> Self {
        let entries = resolve
            .iter()
            .map(|(pattern, addr)| {
                let pattern = normalize(pattern);
                let pattern = match pattern.strip_prefix('*') {
                    // Keep the dot so `*.fleet.test` cannot match `evilfleet.test`.
                    Some(suffix) if suffix.starts_with('.') => Pattern::Suffix(suffix.to_owned()),
                    _ => Pattern::Exact(pattern),
                };
                (pattern, *addr)
            })
            .collect();
        Overrides { entries }
    }

    /// An exact entry wins over wildcards, so `a.fleet.test` can be pinned apart from
    /// `*.fleet.test`; among wildcards the longest (most specific) suffix wins.
    pub(crate) fn lookup(&self, host: &str) -> Option<SocketAddr> {
        let host = normalize(host);
        let exact = self
            .entries
            .iter()
            .find_map(|(pattern, addr)| match pattern {
                Pattern::Exact(name) if *name == host => Some(*addr),
                _ => None,
            });
        exact.or_else(|| {
            self.entries
                .iter()
                .filter_map(|(pattern, addr)| match pattern {
                    Pattern::Suffix(suffix) if host.ends_with(suffix.as_str()) => {
                        Some((suffix.len(), *addr))
                    }
                    _ => None,
                })
                .max_by_key(|(len, _)| *len)
                .map(|(_, addr)| addr)
        })
    }
}

/// Host names compare case-insensitively and without the root's trailing dot.
fn normalize(host: &str) -> String {
    host.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// reqwest's pluggable resolver, guarding every answer.
pub(crate) struct GuardedResolver {
    overrides: Overrides,
    guard: Guard,
}

impl GuardedResolver {
    pub(crate) fn new(overrides: Overrides, guard: Guard) -> Self {
        GuardedResolver { overrides, guard }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = normalize(name.as_str());
        let fixed = self.overrides.lookup(&host);
        let guard = self.guard.clone();
        Box::pin(async move {
            let candidates: Vec<SocketAddr> = match fixed {
                Some(addr) => {
                    tracing::debug!(%host, %addr, "resolved by override");
                    vec![addr]
                }
                // Port 0 tells hyper-util to use the URL's port or the scheme's default.
                None => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map_err(|e| Refusal::Lookup(format!("{host}: {e}")))?
                    .collect(),
            };
            let allowed = screen(&guard, &host, candidates)?;
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Keeps only the addresses the guard allows. A name with some internal addresses is
/// still reachable on its public ones, because only the returned addresses are ever
/// connected to; a name with nothing but internal addresses is refused.
fn screen(
    guard: &Guard,
    host: &str,
    candidates: Vec<SocketAddr>,
) -> Result<Vec<SocketAddr>, Refusal> {
    if candidates.is_empty() {
        return Err(Refusal::Lookup(format!("{host}: no addresses")));
    }
    let mut allowed = Vec::with_capacity(candidates.len());
    let mut first_refusal = None;
    for addr in candidates {
        match guard.check(host, addr.ip()) {
            Ok(()) => allowed.push(addr),
            Err(refusal) => {
                tracing::debug!(%host, %addr, "dropping forbidden address");
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    match (allowed.is_empty(), first_refusal) {
        (true, Some(refusal)) => Err(refusal),
        _ => Ok(allowed),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn exact_and_wildcard_patterns() {
        let table = Overrides::new(&[
            ("a.test".to_owned(), addr(1)),
            ("*.fleet.test".to_owned(), addr(2)),
            ("pinned.fleet.test".to_owned(), addr(3)),
            ("*.deep.fleet.test".to_owned(), addr(4)),
            ("B.Test.".to_owned(), addr(5)),
        ]);
        let cases: &[(&str, Option<u16>)] = &[
            ("a.test", Some(1)),
            ("A.TEST", Some(1)),
            ("a.test.", Some(1)),
            ("x.a.test", None),
            ("x.fleet.test", Some(2)),
            ("y.x.fleet.test", Some(2)),
            ("fleet.test", None),
            ("evilfleet.test", None),
            ("pinned.fleet.test", Some(3)),
            ("z.deep.fleet.test", Some(4)),
            ("deep.fleet.test", Some(2)),
            ("b.test", Some(5)),
            ("c.test", None),
        ];
        for (host, port) in cases {
            assert_eq!(table.lookup(host).map(|a| a.port()), *port, "{host}");
        }
    }

    #[test]
    fn screening_keeps_public_and_refuses_all_internal() {
        let guard = Guard::new(false);
        let public: SocketAddr = "8.8.8.8:0".parse().unwrap();
        let kept = screen(&guard, "h", vec![addr(0), public]).unwrap();
        assert_eq!(kept, vec![public]);
        assert!(matches!(
            screen(&guard, "h", vec![addr(0)]),
            Err(Refusal::Forbidden(_))
        ));
        assert!(matches!(
            screen(&guard, "h", vec![]),
            Err(Refusal::Lookup(_))
        ));
    }
}
