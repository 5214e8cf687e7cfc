//! A remote Versia user's vanity (pronouns, location, birthday, time zone; versia.md
//! §10.12) as extra Mastodon `Field`s after the profile's own, labelled "Pronouns",
//! "Location", ..., which is how Mastodon clients already show such facts. They are
//! never part of `source.fields`, so `update_credentials` cannot write them back.

use rookery_core::vanity::Vanity;
use serde_json::{json, Value};

/// The vanity's entries as Mastodon `Field`s: the value HTML-escaped, never verified.
pub fn vanity_fields(vanity: &Vanity) -> impl Iterator<Item = Value> {
    vanity.entries().into_iter().map(|(name, value)| {
        json!({
            "name": name,
            "value": rookery_html::escape_html(&value),
            "verified_at": null,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_escaped_fields() {
        let vanity = Vanity {
            pronouns: vec!["she/her".into()],
            location: Some("<b>Lyon</b>".into()),
            ..Vanity::default()
        };
        let fields: Vec<Value> = vanity_fields(&vanity).collect();
        assert_eq!(
            fields,
            [
                json!({"name": "Pronouns", "value": "she/her", "verified_at": null}),
                json!({"name": "Location", "value": "&lt;b&gt;Lyon&lt;/b&gt;", "verified_at": null}),
            ]
        );
        assert_eq!(vanity_fields(&Vanity::default()).count(), 0);
    }
}
