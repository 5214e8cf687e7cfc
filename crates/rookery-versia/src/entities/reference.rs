//! References to entities: `domain:id` or a bare `id` (versia.md §6.3).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::is_valid_id;

/// A pointer to an entity. A reference built by us always carries its domain (§6.3
/// [REC]); a bare one only comes from parsing, and [`Reference::resolve`] fills the
/// domain from context (the signing or fetched-from instance).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    domain: Option<String>,
    id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("reference is empty")]
    Empty,
    #[error("reference {0:?} has an empty domain part")]
    EmptyDomain(String),
    #[error("reference {0:?} has an id outside [A-Za-z0-9_-]")]
    InvalidId(String),
    #[error("reference {0:?} has a domain with spaces, slashes or control characters")]
    InvalidDomain(String),
}

impl Reference {
    /// A qualified reference `domain:id` (what we emit).
    pub fn new(domain: impl Into<String>, id: impl Into<String>) -> Self {
        Reference {
            domain: Some(domain.into()),
            id: id.into(),
        }
    }

    /// Parses at the **last** colon: ids cannot hold one, so `[2001:db8::1]:3000:x`
    /// and `host:8080:x` both work (§6.3 [GAP]). Domain syntax is checked later by
    /// validation (which knows whether ports are allowed); here only the shape.
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        if text.is_empty() {
            return Err(ReferenceError::Empty);
        }
        let (domain, id) = match text.rsplit_once(':') {
            Some((domain, id)) => (Some(domain), id),
            None => (None, text),
        };
        if !is_valid_id(id) {
            return Err(ReferenceError::InvalidId(text.to_owned()));
        }
        if let Some(domain) = domain {
            if domain.is_empty() {
                return Err(ReferenceError::EmptyDomain(text.to_owned()));
            }
            if domain
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b == b'/')
            {
                return Err(ReferenceError::InvalidDomain(text.to_owned()));
            }
        }
        Ok(Reference {
            domain: domain.map(str::to_owned),
            id: id.to_owned(),
        })
    }

    /// The domain as written, if any.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The home domain: the written one, or `default` for a bare reference (the
    /// signing instance for inbox bodies, the fetched host for fetched ones, §6.3).
    pub fn domain_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.domain.as_deref().unwrap_or(default)
    }

    /// The same reference with its domain filled in from `default` when bare.
    pub fn resolve(&self, default: &str) -> Reference {
        Reference::new(self.domain_or(default), self.id.clone())
    }

    pub fn is_qualified(&self) -> bool {
        self.domain.is_some()
    }

    /// Whether this reference points to an entity on `domain` (bare references count
    /// as living on `default`). Domains compare case-insensitively.
    pub fn lives_on(&self, domain: &str, default: &str) -> bool {
        self.domain_or(default).eq_ignore_ascii_case(domain)
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.domain {
            Some(domain) => write!(f, "{domain}:{}", self.id),
            None => f.write_str(&self.id),
        }
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reference::parse(s)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Reference::parse(&text).map_err(serde::de::Error::custom)
    }
}
