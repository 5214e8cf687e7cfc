//! Instance-level domain blocks at the inbox door (Mastodon's suspend): a request whose
//! signing key or whose `actor` lives on a blocked domain is refused with 403 before the
//! key is fetched (issue 3, "blocked domain or actor 403"). Only a cheap look at the
//! headers and the body's `actor`; nothing here is trusted beyond that refusal.

use axum::http::HeaderMap;
use rookery_core::instance_blocks::{url_host, InstanceBlockList};
use serde::Deserialize;

use crate::error::ApError;

/// 403 when the key (draft-cavage `keyId`, RFC 9421 `keyid`) or the claimed actor is on
/// a blocked domain.
pub fn refuse_blocked(
    blocks: &InstanceBlockList,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApError> {
    let key_hosts = ["signature", "signature-input"]
        .into_iter()
        .filter_map(|name| headers.get(name)?.to_str().ok())
        .filter_map(key_id)
        .filter_map(url_host);
    let actor = claimed_actor(body);
    let mut hosts = key_hosts.chain(actor.as_deref().and_then(url_host));
    if hosts.any(|host| blocks.is_blocked(host)) {
        return Err(ApError::Forbidden("this domain is blocked here".into()));
    }
    Ok(())
}

/// The quoted value of `keyId=` (cavage) or `keyid=` (RFC 9421), case-insensitively.
fn key_id(header: &str) -> Option<&str> {
    let at = header.to_ascii_lowercase().find("keyid=\"")? + "keyid=\"".len();
    let rest = header.get(at..)?;
    rest.split('"').next()
}

/// The activity's `actor`, as a URL or an embedded object's `id`.
fn claimed_actor(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Actor {
        Id(String),
        Object { id: String },
    }
    #[derive(Deserialize)]
    struct Claim {
        actor: Option<Actor>,
    }
    let claim: Claim = serde_json::from_slice(body).ok()?;
    match claim.actor? {
        Actor::Id(id) | Actor::Object { id } => Some(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_of_both_signature_schemes() {
        assert_eq!(
            key_id(r#"keyId="https://b.test/users/x#main-key",headers="date""#),
            Some("https://b.test/users/x#main-key")
        );
        assert_eq!(
            key_id(r#"sig1=("@method");keyid="https://b.test/k";alg="ed25519""#),
            Some("https://b.test/k")
        );
        assert_eq!(key_id("nothing here"), None);
    }

    #[test]
    fn actors_as_ids_or_objects() {
        assert_eq!(
            claimed_actor(br#"{"actor":"https://b.test/u"}"#).as_deref(),
            Some("https://b.test/u")
        );
        assert_eq!(
            claimed_actor(br#"{"actor":{"id":"https://b.test/u"}}"#).as_deref(),
            Some("https://b.test/u")
        );
        assert_eq!(claimed_actor(b"not json"), None);
    }
}
