//! `pub.versia:custom_emojis` (versia.md §10.1) to core's emoji kept by reference: for
//! each emoji, the first remote http(s) image of its ContentFormat (`content`, or the
//! reference server's `url`, both read by the entity type).

use rookery_core::emoji::CustomEmoji;

use crate::entities::CustomEmojis;

pub fn emojis_in(extension: Option<&CustomEmojis>) -> Vec<CustomEmoji> {
    extension
        .into_iter()
        .flat_map(|e| &e.emojis)
        .filter_map(|emoji| {
            emoji
                .content
                .iter()
                .filter(|(mime, entry)| entry.remote && mime.starts_with("image/"))
                .find_map(|(_, entry)| CustomEmoji::from_versia(&emoji.name, &entry.content))
        })
        .collect()
}
