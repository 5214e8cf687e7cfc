//! A remote Versia user's vanity on the profile page (versia.md §10.12): pronouns,
//! location, birthday and time zone as a description list under the profile fields.
//! Plain text (maud escapes it); nothing is shown when there is none.

use maud::{html, Markup};
use rookery_core::vanity::Vanity;

pub(super) fn vanity(vanity: &Vanity) -> Markup {
    let entries = vanity.entries();
    html! {
        @if !entries.is_empty() {
            dl class="profile-fields profile-vanity" aria-label="About" {
                @for (label, value) in &entries {
                    dt { (label) }
                    dd { (value) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_listed_escaped() {
        let shown = vanity(&Vanity {
            pronouns: vec!["she/her".into()],
            location: Some("<script>x</script>".into()),
            ..Vanity::default()
        })
        .into_string();
        assert!(
            shown.contains("<dt>Pronouns</dt><dd>she/her</dd>"),
            "{shown}"
        );
        assert!(shown.contains("&lt;script&gt;"), "{shown}");
        assert!(!shown.contains("<script>"), "{shown}");
        assert_eq!(vanity(&Vanity::default()).into_string(), "");
    }
}
