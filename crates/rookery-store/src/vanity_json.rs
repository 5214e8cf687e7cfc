//! A profile's vanity (core's `Vanity`, versia.md §10.12) as the JSON text of the
//! `accounts.profile_vanity` column: one column read and written whole with the profile.

use rookery_core::vanity::Vanity;
use serde::{Deserialize, Serialize};

use crate::error::{corrupt, StoreError};

#[derive(Serialize, Deserialize, Default)]
struct StoredVanity {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pronouns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    birthday: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
}

pub(crate) fn encode(vanity: &Vanity) -> String {
    let stored = StoredVanity {
        pronouns: vanity.pronouns.clone(),
        location: vanity.location.clone(),
        birthday: vanity.birthday.clone(),
        timezone: vanity.timezone.clone(),
    };
    // Serializing plain strings cannot fail; no vanity is the fallback.
    serde_json::to_string(&stored).unwrap_or_else(|_| "{}".to_owned())
}

pub(crate) fn decode(text: &str) -> Result<Vanity, StoreError> {
    let stored: StoredVanity =
        serde_json::from_str(text).map_err(|e| corrupt("profile vanity", e))?;
    Ok(Vanity {
        pronouns: stored.pronouns,
        location: stored.location,
        birthday: stored.birthday,
        timezone: stored.timezone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanity_survives_a_round_trip() {
        let vanity = Vanity {
            pronouns: vec!["she/her".into(), "they/them".into()],
            location: Some("Lyon \"centre\"".into()),
            birthday: Some("0000-04-12".into()),
            timezone: None,
        };
        assert_eq!(decode(&encode(&vanity)).unwrap(), vanity);
        assert_eq!(encode(&Vanity::default()), "{}");
        assert_eq!(decode("{}").unwrap(), Vanity::default());
        assert!(decode("[").is_err());
    }
}
