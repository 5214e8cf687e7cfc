//! PKCE (RFC 7636): checking a `code_verifier` against the stored challenge.

use sha2::{Digest, Sha256};

use super::secrets::constant_time_eq;

/// The methods accepted at the authorization endpoint.
pub(crate) fn supported_method(method: &str) -> bool {
    method == "S256" || method == "plain"
}

pub(crate) fn verify(challenge: &str, method: &str, verifier: &str) -> bool {
    let computed = match method {
        "S256" => base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            Sha256::digest(verifier.as_bytes()),
        ),
        "plain" => verifier.to_owned(),
        _ => return false,
    };
    constant_time_eq(computed.as_bytes(), challenge.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(verify(challenge, "S256", verifier));
        assert!(!verify(challenge, "S256", "something-else"));
        assert!(verify("abc", "plain", "abc"));
        assert!(!verify("abc", "other", "abc"));
    }
}
