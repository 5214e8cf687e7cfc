//! Ids of our Like and Share entities. Versia undoes them with a `Delete` that names
//! only the Like or Share (versia.md §10.6, §10.11), while core keys likes and shares by
//! (account, note). So the id carries its note: `{record id}_{hex(note domain)}_{note id}`
//! (all in `[A-Za-z0-9_-]`, §6.4), and a receiver finds the note again from the id.

use crate::entities::{is_valid_id, Reference};

/// The entity id for the like or share `record_id` of the note `note`.
pub fn interaction_id(record_id: i64, note: &Reference) -> String {
    let domain = note.domain().unwrap_or_default();
    let hex: String = domain.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{record_id}_{hex}_{}", note.id())
}

/// The note an id made by [`interaction_id`] points to; `None` for other ids (other
/// servers' Likes, which we cannot map back).
pub fn interaction_target(id: &str) -> Option<Reference> {
    let mut parts = id.splitn(3, '_');
    let record = parts.next()?;
    let hex = parts.next()?;
    let note_id = parts.next()?;
    if record.is_empty() || !record.bytes().all(|b| b.is_ascii_digit()) || hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let domain = String::from_utf8(bytes?).ok()?;
    if domain.is_empty() || !is_valid_id(note_id) {
        return None;
    }
    Some(Reference::new(domain, note_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let note = Reference::new("b.test", "7163_abc-d");
        let id = interaction_id(42, &note);
        assert!(is_valid_id(&id), "{id}");
        assert_eq!(interaction_target(&id), Some(note));
        for other in ["0190aa-bb", "x_61_1", "1_6_1", "1__1", "1_61_", ""] {
            assert_eq!(interaction_target(other), None, "{other}");
        }
    }
}
