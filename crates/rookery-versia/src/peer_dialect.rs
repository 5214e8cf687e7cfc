//! What we change in a body for a peer that departs from the documents (versia.md
//! §10.1 [REF]): the reference server reads a custom emoji's image from `url` and rejects
//! the documented `content`, refusing the whole Note or User. For such peers the
//! deliverer renames the key; everyone else gets the documented shape.

use serde_json::Value;

use crate::entities::extensions::CUSTOM_EMOJIS;

/// Whether `body` may carry custom emoji at all (a byte search, so bodies without
/// emoji, nearly all of them, are never parsed).
pub fn mentions_custom_emojis(body: &[u8]) -> bool {
    body.windows(CUSTOM_EMOJIS.len())
        .any(|window| window == CUSTOM_EMOJIS.as_bytes())
}

/// `body` with every custom emoji's `content` renamed `url`, or `None` when nothing
/// changes (not JSON, or no emoji with `content`).
pub fn emojis_under_url(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    if !rename_in(&mut value) {
        return None;
    }
    serde_json::to_vec(&value).ok()
}

/// Walks `value`, renaming inside every `pub.versia:custom_emojis` extension (it may sit
/// on any entity with text, nested ones included). Returns whether anything changed.
fn rename_in(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = false;
            for (key, child) in map.iter_mut() {
                changed |= if key == CUSTOM_EMOJIS {
                    rename_emojis(child)
                } else {
                    rename_in(child)
                };
            }
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| rename_in(item) | changed),
        _ => false,
    }
}

fn rename_emojis(extension: &mut Value) -> bool {
    let Some(Value::Array(emojis)) = extension.get_mut("emojis") else {
        return false;
    };
    let mut changed = false;
    for emoji in emojis.iter_mut().filter_map(Value::as_object_mut) {
        if emoji.contains_key("url") {
            continue;
        }
        if let Some(content) = emoji.remove("content") {
            emoji.insert("url".to_owned(), content);
            changed = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renames_content_to_url_in_every_emoji_extension() {
        let note = json!({
            "type": "Note",
            "content": {"text/plain": {"content": "hi :blobcat:"}},
            "extensions": {"pub.versia:custom_emojis": {"emojis": [
                {"name": ":blobcat:", "content": {"image/png": {"content": "https://a.example/e.png", "remote": true}}}
            ]}}
        });
        let body = serde_json::to_vec(&note).unwrap();
        assert!(mentions_custom_emojis(&body));
        let out: Value = serde_json::from_slice(&emojis_under_url(&body).unwrap()).unwrap();
        let emoji = &out["extensions"]["pub.versia:custom_emojis"]["emojis"][0];
        assert_eq!(
            emoji["url"]["image/png"]["content"],
            "https://a.example/e.png"
        );
        assert!(emoji.get("content").is_none());
        // The note's own text keeps its `content`.
        assert_eq!(out["content"]["text/plain"]["content"], "hi :blobcat:");
    }

    #[test]
    fn leaves_bodies_without_emoji_alone() {
        let body = br#"{"type":"Note","content":{"text/plain":{"content":"plain"}}}"#;
        assert!(!mentions_custom_emojis(body));
        assert_eq!(emojis_under_url(body), None);
        let already =
            br#"{"extensions":{"pub.versia:custom_emojis":{"emojis":[{"name":":a:","url":{}}]}}}"#;
        assert_eq!(emojis_under_url(already), None);
        assert_eq!(emojis_under_url(b"not json"), None);
    }
}
