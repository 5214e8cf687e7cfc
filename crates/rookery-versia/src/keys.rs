//! The instance key pair (versia.md §3.1): Ed25519, private key stored as PKCS#8 DER in
//! base64, public key published as SPKI DER in base64.
//!
//! For Ed25519 both DER forms are a fixed prefix followed by 32 key bytes, so they are
//! encoded and checked here by hand; anything that is not exactly that shape (RSA, PEM
//! armour, raw 32 bytes, PKCS#8 v2 with an embedded public key) is refused with a
//! message that says what was expected.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

/// `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }`
/// (versia.md §3.1); the seed follows.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// `SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }` (versia.md §3.1);
/// the raw public key follows.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// The only algorithm name Versia v0.6 defines for `public_key.algorithm`.
pub const ALGORITHM: &str = "ed25519";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key is not valid standard base64 (with padding)")]
    Base64,
    #[error("not an Ed25519 PKCS#8 private key: expected 48 DER bytes starting with 302e020100300506032b657004220420 (base64 `MC4CAQAwBQYDK2VwBCIEI...`), got {0} bytes")]
    NotPkcs8Ed25519(usize),
    #[error("not an Ed25519 SPKI public key: expected 44 DER bytes starting with 302a300506032b6570032100 (base64 `MCowBQYDK2VwAyEA...`, 60 characters), got {0} bytes")]
    NotSpkiEd25519(usize),
    #[error("the 32 public key bytes are not a valid Ed25519 point")]
    InvalidPoint,
}

/// This instance's signing key. Its `Debug` output never shows the secret.
#[derive(Clone)]
pub struct InstanceKey(SigningKey);

impl InstanceKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        InstanceKey(SigningKey::generate(&mut rand::rngs::OsRng))
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        InstanceKey(SigningKey::from_bytes(&seed))
    }

    /// Parses the stored form, PKCS#8 DER in base64 (`MC4CAQAwBQYDK2VwBCIEI...`).
    /// Surrounding whitespace (a trailing newline in a key file) is ignored.
    pub fn from_pkcs8_base64(text: &str) -> Result<Self, KeyError> {
        let der = STANDARD.decode(text.trim()).map_err(|_| KeyError::Base64)?;
        let seed = der
            .strip_prefix(&PKCS8_PREFIX[..])
            .and_then(|rest| <[u8; 32]>::try_from(rest).ok())
            .ok_or(KeyError::NotPkcs8Ed25519(der.len()))?;
        Ok(Self::from_seed(seed))
    }

    /// The stored form: PKCS#8 DER in base64, 64 characters.
    pub fn to_pkcs8_base64(&self) -> String {
        let mut der = Vec::with_capacity(48);
        der.extend_from_slice(&PKCS8_PREFIX);
        der.extend_from_slice(&self.0.to_bytes());
        STANDARD.encode(der)
    }

    /// The raw 32-byte seed (RFC 8032 private key).
    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn public_key(&self) -> InstancePublicKey {
        InstancePublicKey(self.0.verifying_key())
    }

    /// Ed25519 signature over `message` (deterministic, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }
}

impl fmt::Debug for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("InstanceKey")
            .field(&self.public_key().to_spki_base64())
            .finish()
    }
}

/// A Versia instance's public key, as published in `InstanceMetadata.public_key.key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstancePublicKey(VerifyingKey);

impl InstancePublicKey {
    /// Parses SPKI DER in base64 (`MCowBQYDK2VwAyEA...`, 60 characters).
    pub fn from_spki_base64(text: &str) -> Result<Self, KeyError> {
        let der = STANDARD.decode(text.trim()).map_err(|_| KeyError::Base64)?;
        let raw = der
            .strip_prefix(&SPKI_PREFIX[..])
            .and_then(|rest| <[u8; 32]>::try_from(rest).ok())
            .ok_or(KeyError::NotSpkiEd25519(der.len()))?;
        Self::from_raw(raw)
    }

    /// From the raw 32 public key bytes.
    pub fn from_raw(raw: [u8; 32]) -> Result<Self, KeyError> {
        VerifyingKey::from_bytes(&raw)
            .map(InstancePublicKey)
            .map_err(|_| KeyError::InvalidPoint)
    }

    /// The published form: SPKI DER in base64 (60 characters).
    pub fn to_spki_base64(&self) -> String {
        let mut der = Vec::with_capacity(44);
        der.extend_from_slice(&SPKI_PREFIX);
        der.extend_from_slice(self.0.as_bytes());
        STANDARD.encode(der)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};

    #[test]
    fn generated_keys_round_trip_and_match_the_pkcs8_crate() {
        let key = InstanceKey::generate();
        let stored = key.to_pkcs8_base64();
        assert!(stored.starts_with("MC4CAQAwBQYDK2VwBCIEI"));
        assert_eq!(
            InstanceKey::from_pkcs8_base64(&stored).unwrap().seed(),
            key.seed()
        );
        let published = key.public_key().to_spki_base64();
        assert_eq!(published.len(), 60);
        assert!(published.starts_with("MCowBQYDK2VwAyEA"));
        assert_eq!(
            InstancePublicKey::from_spki_base64(&published).unwrap(),
            key.public_key()
        );
        // Our hand-written DER agrees with the RustCrypto decoders and encoders. (Its
        // PKCS#8 encoder writes the v2 form with the public key, so compare by decoding.)
        let der = STANDARD.decode(&stored).unwrap();
        let signing = SigningKey::from_pkcs8_der(&der).unwrap();
        assert_eq!(signing.to_bytes(), key.seed());
        let v2 = signing.to_pkcs8_der().unwrap();
        assert!(InstanceKey::from_pkcs8_base64(&STANDARD.encode(v2.as_bytes())).is_err());
        let spki = signing.verifying_key().to_public_key_der().unwrap();
        assert_eq!(STANDARD.encode(spki.as_bytes()), published);
    }

    #[test]
    fn other_forms_are_refused_clearly() {
        let spki = "MCowBQYDK2VwAyEAgm3Myf/tPnMrmcVWx7H1KFu++/1+pTcOiBn5dSCjJFc=";
        let pkcs8 = "MC4CAQAwBQYDK2VwBCIEIOLPFEYvjoMMen1cQtlX3hFn+kj9MzSVTn9cOT815jZX";
        assert_eq!(
            InstanceKey::from_pkcs8_base64(spki).unwrap_err(),
            KeyError::NotPkcs8Ed25519(44)
        );
        assert_eq!(
            InstancePublicKey::from_spki_base64(pkcs8).unwrap_err(),
            KeyError::NotSpkiEd25519(48)
        );
        assert_eq!(
            InstancePublicKey::from_spki_base64("not base64!").unwrap_err(),
            KeyError::Base64
        );
        let raw = STANDARD.encode([7u8; 32]);
        assert_eq!(
            InstancePublicKey::from_spki_base64(&raw).unwrap_err(),
            KeyError::NotSpkiEd25519(32)
        );
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{spki}\n-----END PUBLIC KEY-----");
        assert!(InstancePublicKey::from_spki_base64(&pem).is_err());
        let message = KeyError::NotSpkiEd25519(32).to_string();
        assert!(message.contains("MCowBQYDK2VwAyEA"), "{message}");
    }
}
