//! Secrets for sessions and forms: random values, their stored SHA-256 form, and
//! comparisons whose time does not reveal where two values differ.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes from the OS-seeded generator, URL-safe base64 (43 characters).
pub(crate) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes)
}

/// Lowercase hex SHA-256: how access tokens (and so sessions) are stored.
pub(crate) fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The CSRF token of the session whose secret is `session`: derived from the secret, so
/// nothing more is stored, and unknowable to a page that cannot read the `HttpOnly`
/// cookie. The prefix keeps it distinct from the stored hash of the secret itself.
pub(crate) fn csrf_for_session(session: &str) -> String {
    let digest = Sha256::digest(format!("rookery-web-csrf:{session}").as_bytes());
    hex(&digest[..16])
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_tokens_derived() {
        let (a, b) = (random_secret(), random_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(sha256_hex(&a).len(), 64);
        assert_eq!(csrf_for_session(&a), csrf_for_session(&a));
        assert_ne!(csrf_for_session(&a), csrf_for_session(&b));
        assert_ne!(csrf_for_session(&a), sha256_hex(&a)[..32]);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
