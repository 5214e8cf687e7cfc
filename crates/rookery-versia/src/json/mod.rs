//! Versia's JSON rules (versia.md §6.1) in one place: strict parsing and exact emitting.
//!
//! Inbound bodies go through [`from_slice`], which first runs the strict scan (duplicate
//! keys and out-of-range numbers are rejected anywhere in the document, including inside
//! extension values we do not model) and only then deserializes into the typed entity.
//! Outbound bodies go through [`to_vec`]: compact, UTF-8 unescaped, no BOM, so that the
//! bytes we hash are the bytes we send (versia.md §3.6).

mod map;
pub mod number;
mod strict;

pub use map::OrderedMap;
pub use number::MAX_SAFE_INTEGER;
pub use strict::check_strict;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a body is not acceptable Versia JSON. Every variant maps to 422 (versia.md §9.6).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Not JSON at all, or JSON of the wrong shape for the expected entity.
    #[error("invalid JSON: {0}")]
    Syntax(String),
    /// An object repeats a key (versia.md §6.1 forbids duplicates).
    #[error("duplicate key {0:?}")]
    DuplicateKey(String),
    /// A number outside -2^53..=2^53, or not finite (versia.md §6.1).
    #[error("number out of range: {0}")]
    NumberOutOfRange(String),
}

/// Strictly parses one JSON document into `T`: [`check_strict`] first, then serde.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    check_strict(bytes)?;
    serde_json::from_slice(bytes).map_err(|e| JsonError::Syntax(e.to_string()))
}

/// Serializes `value` the way Versia wants it on the wire: compact JSON bytes. Serialize
/// once, hash these bytes, send these bytes (versia.md §3.6, §9.2).
pub fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, JsonError> {
    serde_json::to_vec(value).map_err(|e| JsonError::Syntax(e.to_string()))
}
