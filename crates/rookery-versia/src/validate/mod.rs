//! Validation of parsed entities (versia.md §9.6) and the authorship rule (§9.1).
//!
//! Parsing (serde) already enforces types, required fields and the JSON rules; this
//! module checks what serde cannot: id and username charsets, RFC 3339 dates that make
//! sense, https URLs for remote content, Domains, MIME keys, transient entities without
//! `id`. Failures carry short reasons meant for a 422 body.

mod authorship;
mod checker;
mod domain;
mod entities;

use std::fmt;

use rookery_core::Timestamp;

pub use authorship::{check_authorship, AuthorshipError};
pub use domain::check_domain;

use crate::entities::{Collection, Entity, InstanceMetadata, Note, UriCollection, User};
use checker::Checker;

/// Relaxations for loopback test clusters. The default is the strict, spec-conforming
/// behaviour; production must never set either flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidationMode {
    /// Accept `http://` URLs for remote content (§2 requires https).
    pub allow_http: bool,
    /// Accept `host:port` (and bracketed IPv6) where a Domain is expected (§6.2 forbids
    /// ports).
    pub allow_port: bool,
}

impl ValidationMode {
    pub const STRICT: ValidationMode = ValidationMode {
        allow_http: false,
        allow_port: false,
    };
    /// Instances on loopback, told apart by port, possibly without TLS.
    pub const LOOPBACK_TEST: ValidationMode = ValidationMode {
        allow_http: true,
        allow_port: true,
    };
}

/// One failed rule: a JSON path and a short reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub reason: String,
}

/// Every rule an entity broke (at least one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    pub problems: Vec<Problem>,
}

impl ValidationError {
    /// Whether some problem concerns `field` (exact JSON path, e.g. `author` or
    /// `content.text/html.content`).
    pub fn mentions(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", p.field, p.reason)?;
        }
        Ok(())
    }
}

/// Validates entities against the rules of §9.6, with the receiver's clock (for
/// "plausible" dates) and the test-mode relaxations.
#[derive(Debug, Clone, Copy)]
pub struct Validator {
    now: Timestamp,
    mode: ValidationMode,
}

impl Validator {
    pub fn new(now: Timestamp, mode: ValidationMode) -> Self {
        Validator { now, mode }
    }

    pub fn entity(&self, entity: &Entity) -> Result<(), ValidationError> {
        self.run(|c| entities::entity(c, entity))
    }

    pub fn user(&self, user: &User) -> Result<(), ValidationError> {
        self.run(|c| entities::user(c, user))
    }

    pub fn note(&self, note: &Note) -> Result<(), ValidationError> {
        self.run(|c| entities::note(c, note))
    }

    pub fn instance_metadata(&self, meta: &InstanceMetadata) -> Result<(), ValidationError> {
        self.run(|c| entities::instance_metadata(c, meta))
    }

    pub fn uri_collection(&self, collection: &UriCollection) -> Result<(), ValidationError> {
        self.run(|c| {
            entities::collection_envelope(c, collection);
            for (i, item) in collection.items.iter().enumerate() {
                c.reference(&format!("items[{i}]"), item);
            }
        })
    }

    /// A Collection of full Notes (outbox, featured).
    pub fn note_collection(&self, collection: &Collection<Note>) -> Result<(), ValidationError> {
        self.run(|c| {
            entities::collection_envelope(c, collection);
            for (i, item) in collection.items.iter().enumerate() {
                c.nested(&format!("items[{i}]"), |c| entities::note(c, item));
            }
        })
    }

    fn run(&self, f: impl FnOnce(&mut Checker)) -> Result<(), ValidationError> {
        let mut checker = Checker::new(self.now, self.mode);
        f(&mut checker);
        checker.finish()
    }
}
