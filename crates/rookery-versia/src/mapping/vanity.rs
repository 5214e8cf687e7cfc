//! A remote User's `pub.versia:vanity` (versia.md §10.12) as core's displayable
//! [`Vanity`]: pronoun sets as `subject/object`, location, birthday and time zone, as
//! plain text within core's limits. Images, audio and aliases are not kept.

use rookery_core::vanity::Vanity;

use crate::entities::User;

pub fn remote_vanity(user: &User) -> Vanity {
    let Some(vanity) = user.extensions.as_ref().and_then(|e| e.vanity.as_ref()) else {
        return Vanity::default();
    };
    // Every language's sets, in the sender's order; core drops repeats.
    let pronouns = vanity
        .pronouns
        .iter()
        .flat_map(|(_, sets)| sets.iter())
        .map(|set| format!("{}/{}", set.subject.trim(), set.object.trim()))
        .collect();
    Vanity {
        pronouns,
        location: vanity.location.clone(),
        birthday: vanity.birthday.clone(),
        timezone: vanity.timezone.clone(),
    }
    .capped()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(extensions: serde_json::Value) -> User {
        serde_json::from_value(serde_json::json!({
            "id": "1",
            "type": "User",
            "created_at": "2024-01-01T00:00:00Z",
            "username": "jane",
            "display_name": null,
            "avatar": null,
            "header": null,
            "bio": null,
            "fields": [],
            "manually_approves_followers": false,
            "indexable": true,
            "extensions": extensions,
        }))
        .unwrap()
    }

    fn set(subject: &str, object: &str) -> serde_json::Value {
        serde_json::json!({
            "subject": subject,
            "object": object,
            "dependent_possessive": "x",
            "independent_possessive": "x",
            "reflexive": "x",
        })
    }

    #[test]
    fn vanity_keeps_what_a_profile_shows() {
        let jane = user(serde_json::json!({
            "pub.versia:vanity": {
                "pronouns": {
                    "en-US": [set("she", "her"), set("they", "them")],
                    "fr": [set("elle", "la"), set("she", "her")],
                },
                "birthday": "0000-04-12",
                "location": "+48.52+002.20/",
                "timezone": "Europe/Paris",
                "aliases": ["b.test:9"],
            }
        }));
        let vanity = remote_vanity(&jane);
        assert_eq!(vanity.pronouns, ["she/her", "they/them", "elle/la"]);
        assert_eq!(vanity.location.as_deref(), Some("+48.52+002.20/"));
        assert_eq!(vanity.birthday_shown().as_deref(), Some("12 April"));
        assert_eq!(vanity.timezone.as_deref(), Some("Europe/Paris"));
        assert!(remote_vanity(&user(serde_json::Value::Null)).is_empty());
        let empty = user(serde_json::json!({"pub.versia:vanity": {"pronouns": {}}}));
        assert!(remote_vanity(&empty).is_empty());
    }
}
