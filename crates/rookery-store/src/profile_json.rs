//! Profile fields as the JSON text of the `accounts.profile_fields` column: one column
//! read and written whole, since fields are only ever shown and replaced together.

use rookery_core::{ProfileField, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{corrupt, StoreError};

#[derive(Serialize, Deserialize)]
struct StoredField {
    name: String,
    value: String,
    /// Milliseconds since the epoch.
    verified_at: Option<i64>,
}

pub(crate) fn encode(fields: &[ProfileField]) -> String {
    let stored: Vec<StoredField> = fields
        .iter()
        .map(|f| StoredField {
            name: f.name.clone(),
            value: f.value.clone(),
            verified_at: f.verified_at.map(Timestamp::as_millis),
        })
        .collect();
    // Serializing plain strings and integers cannot fail; an empty list is the fallback.
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn decode(text: &str) -> Result<Vec<ProfileField>, StoreError> {
    let stored: Vec<StoredField> =
        serde_json::from_str(text).map_err(|e| corrupt("profile fields", e))?;
    Ok(stored
        .into_iter()
        .map(|f| ProfileField {
            name: f.name,
            value: f.value,
            verified_at: f.verified_at.map(Timestamp::from_millis),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_survive_a_round_trip() {
        let fields = vec![
            ProfileField {
                name: "Site".into(),
                value: "<a href=\"https://x.test\">x.test</a>".into(),
                verified_at: Some(Timestamp::from_millis(1_700_000_000_000)),
            },
            ProfileField {
                name: "Pronouns".into(),
                value: "she/her".into(),
                verified_at: None,
            },
        ];
        assert_eq!(decode(&encode(&fields)).unwrap(), fields);
        assert!(decode("not json").is_err());
    }
}
