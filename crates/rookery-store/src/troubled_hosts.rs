//! Which hosts have delivery failures on record (`host_failures`, `hosts`), remembered
//! on SQLite so that the check every verified inbound request makes ("is its host
//! marked failing? then resume it", activitypub.md §6.2) costs no database read for the
//! healthy hosts that send nearly all of them (issue 7, B1).
//!
//! Exact for one process, which SQLite deployments are: this process records every
//! failure, and adds the host here as it does. A failure recorded by another process
//! (a `rookery worker` on the same file, discouraged) is seen at the next reload, at
//! most [`RELOAD_AFTER`] later. A host wrongly remembered as troubled costs one read,
//! after which it is dropped. PostgreSQL, where several processes record failures,
//! reads every time.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How old the remembered set may get before it is read again.
pub(crate) const RELOAD_AFTER: Duration = Duration::from_secs(10);

#[derive(Default)]
pub(crate) struct TroubledHosts {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// `None` until loaded.
    hosts: Option<HashSet<String>>,
    loaded_at: Option<Instant>,
    /// Bumped by every change made here, so a reload that read the database before a
    /// change was made does not undo it.
    generation: u64,
}

/// What the memory says about a host.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Knowledge {
    Healthy,
    /// Troubled, or not known: read the database.
    Ask,
    /// The set is missing or old: read it (with this generation) and [`load`] it.
    Reload(u64),
}

impl TroubledHosts {
    pub(crate) fn about(&self, host: &str) -> Knowledge {
        let Ok(state) = self.state.lock() else {
            return Knowledge::Ask;
        };
        match (&state.hosts, state.loaded_at) {
            (Some(hosts), Some(at)) if at.elapsed() < RELOAD_AFTER => {
                if hosts.contains(host) {
                    Knowledge::Ask
                } else {
                    Knowledge::Healthy
                }
            }
            _ => Knowledge::Reload(state.generation),
        }
    }

    /// The hosts read from the database; ignored when something changed since
    /// `generation` was handed out (the next call reloads).
    pub(crate) fn load(&self, hosts: HashSet<String>, generation: u64) {
        if let Ok(mut state) = self.state.lock() {
            if state.generation == generation {
                state.hosts = Some(hosts);
                state.loaded_at = Some(Instant::now());
            }
        }
    }

    /// A failure was recorded for `host`.
    pub(crate) fn add(&self, host: &str) {
        self.change(|hosts| {
            hosts.insert(host.to_owned());
        });
    }

    /// `host`'s failures were forgotten (or it had none).
    pub(crate) fn remove(&self, host: &str) {
        self.change(|hosts| {
            hosts.remove(host);
        });
    }

    fn change(&self, edit: impl FnOnce(&mut HashSet<String>)) {
        if let Ok(mut state) = self.state.lock() {
            state.generation += 1;
            if let Some(hosts) = state.hosts.as_mut() {
                edit(hosts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_until_loaded_then_answers_from_memory() {
        let memory = TroubledHosts::default();
        let Knowledge::Reload(generation) = memory.about("a.example") else {
            panic!("nothing is known before a load");
        };
        memory.load(HashSet::from(["bad.example".to_owned()]), generation);
        assert_eq!(memory.about("a.example"), Knowledge::Healthy);
        assert_eq!(memory.about("bad.example"), Knowledge::Ask);
        memory.add("a.example");
        assert_eq!(memory.about("a.example"), Knowledge::Ask);
        memory.remove("bad.example");
        assert_eq!(memory.about("bad.example"), Knowledge::Healthy);
    }

    #[test]
    fn a_load_read_before_a_change_is_ignored() {
        let memory = TroubledHosts::default();
        let Knowledge::Reload(generation) = memory.about("a.example") else {
            panic!("nothing is known before a load");
        };
        memory.add("a.example"); // recorded while the reload was reading
        memory.load(HashSet::new(), generation);
        assert!(matches!(memory.about("a.example"), Knowledge::Reload(_)));
    }
}
