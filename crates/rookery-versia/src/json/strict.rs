//! The strict pre-parse scan: rejects duplicate object keys and numbers beyond ±2^53 at
//! any depth (versia.md §6.1, §13), without building a tree.
//!
//! `derive(Deserialize)` already refuses a repeated *known* struct field, but it skips
//! unknown keys silently and `serde_json::Value` keeps the last of two equal keys, so the
//! only way to enforce the rule everywhere (extensions included) is one pass over the
//! whole document before the typed parse.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::number::MAX_SAFE_INTEGER;
use super::JsonError;

/// Checks the whole document; `Ok(())` means it is well-formed JSON with unique keys and
/// in-range numbers.
pub fn check_strict(bytes: &[u8]) -> Result<(), JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let outcome = Scan.deserialize(&mut de).and_then(|()| de.end());
    outcome.map_err(classify)
}

// The scan reports its own findings through serde's custom error text; map them back to
// typed variants here so callers can tell a duplicate from a syntax error.
const DUPLICATE: &str = "versia-duplicate-key:";
const RANGE: &str = "versia-number-range:";

fn classify(err: serde_json::Error) -> JsonError {
    let text = err.to_string();
    if let Some(rest) = text.strip_prefix(DUPLICATE) {
        return JsonError::DuplicateKey(strip_position(rest));
    }
    if let Some(rest) = text.strip_prefix(RANGE) {
        return JsonError::NumberOutOfRange(strip_position(rest));
    }
    JsonError::Syntax(text)
}

/// serde_json appends " at line L column C" to custom errors; the key alone is clearer.
fn strip_position(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}

#[derive(Clone, Copy)]
struct Scan;

impl<'de> DeserializeSeed<'de> for Scan {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn out_of_range<E: de::Error>(shown: impl fmt::Display) -> E {
    E::custom(format_args!("{RANGE}{shown}"))
}

impl<'de> Visitor<'de> for Scan {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER {
            return Err(out_of_range(v));
        }
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        if v > MAX_SAFE_INTEGER {
            return Err(out_of_range(v));
        }
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // 2^53 is exactly representable, so the comparison is exact.
        if !v.is_finite() || v.abs() > MAX_SAFE_INTEGER as f64 {
            return Err(out_of_range(v));
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Scan)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!("{DUPLICATE}{key:?}")));
            }
            map.next_value_seed(Scan)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_documents() {
        let ok = br#"{"a":[1,-2,3.5,{"b":null,"c":true}],"d":"x","e":9007199254740992}"#;
        assert_eq!(check_strict(ok), Ok(()));
    }

    #[test]
    fn rejects_duplicates_at_any_depth_even_when_escaped() {
        for doc in [
            r#"{"a":1,"a":2}"#,
            r#"{"x":{"k":1,"k":1}}"#,
            r#"[{"extensions":{"z":{},"z":{}}}]"#,
            r#"{"a":1,"\u0061":2}"#,
        ] {
            assert!(
                matches!(
                    check_strict(doc.as_bytes()),
                    Err(JsonError::DuplicateKey(_))
                ),
                "{doc}"
            );
        }
    }

    #[test]
    fn rejects_numbers_beyond_two_to_the_53() {
        for doc in [
            "9007199254740993",
            "-9007199254740993",
            "[18446744073709551615]",
            "{\"f\":1e300}",
        ] {
            assert!(
                matches!(
                    check_strict(doc.as_bytes()),
                    Err(JsonError::NumberOutOfRange(_))
                ),
                "{doc}"
            );
        }
        assert_eq!(check_strict(b"-9007199254740992"), Ok(()));
    }

    #[test]
    fn rejects_trailing_garbage_and_non_json() {
        assert!(matches!(check_strict(b"{} x"), Err(JsonError::Syntax(_))));
        assert!(matches!(check_strict(b""), Err(JsonError::Syntax(_))));
    }
}
