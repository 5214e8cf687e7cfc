//! Actor keys: RSA-2048 generation and PEM storage, parsing of peers' `publicKeyPem`
//! (SPKI or PKCS#1) and Ed25519 keys, signing and raw signature checks (aws-lc-rs).

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    Ed25519KeyPair, KeyPair as _, ParsedPublicKey, RsaKeyPair, RsaSubjectPublicKey, ED25519,
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};

use super::error::SignatureError;
use super::pem;

/// Smallest RSA modulus we accept from peers, in bytes (2048 bits). Every deployed
/// implementation we federate with generates 2048- or 4096-bit keys (activitypub.md §4.1),
/// and aws-lc-rs refuses smaller ones outside its legacy-only parameters.
const MIN_RSA_MODULUS_BYTES: usize = 256;
/// Largest RSA modulus the verification parameters handle (8192 bits).
const MAX_RSA_MODULUS_BYTES: usize = 1024;

/// A signature algorithm we can sign and verify with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256: cavage `rsa-sha256`/`hs2019` and RFC 9421
    /// `rsa-v1_5-sha256` (RFC 9421 §3.3.2).
    RsaSha256,
    /// EdDSA over edwards25519: RFC 9421 `ed25519` (RFC 9421 §3.3.6).
    Ed25519,
}

impl Algorithm {
    /// The name in the HTTP Signature Algorithms registry (RFC 9421 §6.2.2).
    pub fn rfc9421_name(self) -> &'static str {
        match self {
            Self::RsaSha256 => "rsa-v1_5-sha256",
            Self::Ed25519 => "ed25519",
        }
    }
}

/// A freshly generated key pair, encoded for storage and publication.
#[derive(Clone)]
pub struct GeneratedKeyPair {
    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), to store; parse with
    /// [`SigningKey::from_pem`].
    pub private_key_pem: String,
    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the actor's `publicKey.publicKeyPem`.
    pub public_key_pem: String,
}

impl fmt::Debug for GeneratedKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the private key, even in debug logs.
        f.debug_struct("GeneratedKeyPair")
            .field("public_key_pem", &self.public_key_pem)
            .finish_non_exhaustive()
    }
}

/// Generates an RSA-2048 key pair for a new actor: the size Mastodon and every peer
/// expect (activitypub.md §4.1 "RSA-2048 key per actor").
pub fn generate_rsa_key_pair() -> Result<GeneratedKeyPair, SignatureError> {
    let failed = |what: &str| SignatureError::InvalidKey(format!("RSA key generation: {what}"));
    let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| failed("generate"))?;
    let pkcs8 = pair.as_der().map_err(|_| failed("PKCS#8 encoding"))?;
    let spki = pair
        .public_key()
        .as_der()
        .map_err(|_| failed("SPKI encoding"))?;
    Ok(GeneratedKeyPair {
        private_key_pem: pem::encode("PRIVATE KEY", pkcs8.as_ref()),
        public_key_pem: pem::encode("PUBLIC KEY", spki.as_ref()),
    })
}

/// A private key parsed once, ready to sign. Parsing RSA keys is costly, so callers keep
/// one per actor (e.g. behind an `Arc`) instead of parsing the PEM per request.
pub struct SigningKey {
    inner: SigningInner,
}

enum SigningInner {
    Rsa(RsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Parses a private key: PKCS#8 (`PRIVATE KEY`, RSA or Ed25519; what
    /// [`generate_rsa_key_pair`] stores) or PKCS#1 (`RSA PRIVATE KEY`, older exports).
    pub fn from_pem(text: &str) -> Result<Self, SignatureError> {
        let block = pem::decode(text)?;
        let inner = match block.label.as_str() {
            "PRIVATE KEY" => match RsaKeyPair::from_pkcs8(&block.der) {
                Ok(pair) => SigningInner::Rsa(pair),
                Err(_) => Ed25519KeyPair::from_pkcs8_maybe_unchecked(&block.der)
                    .map(SigningInner::Ed25519)
                    .map_err(|_| {
                        SignatureError::InvalidKey("PKCS#8 key is neither RSA nor Ed25519".into())
                    })?,
            },
            "RSA PRIVATE KEY" => RsaKeyPair::from_der(&block.der)
                .map(SigningInner::Rsa)
                .map_err(|e| SignatureError::InvalidKey(format!("PKCS#1 RSA key: {e}")))?,
            other => {
                return Err(SignatureError::InvalidKey(format!(
                    "unexpected PEM label {other:?}"
                )))
            }
        };
        Ok(Self { inner })
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        match self.inner {
            SigningInner::Rsa(_) => Algorithm::RsaSha256,
            SigningInner::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> Result<PublicKey, SignatureError> {
        match &self.inner {
            SigningInner::Rsa(pair) => PublicKey::rsa_from_der(pair.public_key().as_ref()),
            SigningInner::Ed25519(pair) => {
                PublicKey::ed25519_from_bytes(pair.public_key().as_ref())
            }
        }
    }

    /// The matching public key as SPKI PEM, for `publicKeyPem`.
    pub fn public_key_pem(&self) -> Result<String, SignatureError> {
        self.public_key()?.to_pem()
    }

    /// Signs `message`: RSASSA-PKCS1-v1_5 SHA-256 (deterministic) or Ed25519.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        match &self.inner {
            SigningInner::Rsa(pair) => {
                let mut out = vec![0; pair.public_modulus_len()];
                pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut out)
                    .map_err(|_| SignatureError::InvalidKey("RSA signing failed".into()))?;
                Ok(out)
            }
            SigningInner::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
        }
    }
}

/// A peer's public key, parsed once (cache it with the actor).
#[derive(Clone)]
pub struct PublicKey {
    algorithm: Algorithm,
    parsed: ParsedPublicKey,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.algorithm == other.algorithm && self.parsed.as_ref() == other.parsed.as_ref()
    }
}

impl Eq for PublicKey {}

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4): SEQUENCE, AlgorithmIdentifier
/// with OID 1.3.101.112, BIT STRING of 33 bytes; the 32 key bytes follow.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

impl PublicKey {
    /// Parses a `publicKeyPem`: SPKI (`PUBLIC KEY`, RSA or Ed25519) or PKCS#1
    /// (`RSA PUBLIC KEY`, which some older servers publish).
    pub fn from_pem(text: &str) -> Result<Self, SignatureError> {
        let block = pem::decode(text)?;
        match block.label.as_str() {
            "PUBLIC KEY" => match block.der.strip_prefix(&ED25519_SPKI_PREFIX[..]) {
                Some(raw) => Self::ed25519_from_bytes(raw),
                None => Self::rsa_from_der(&block.der),
            },
            "RSA PUBLIC KEY" => Self::rsa_from_der(&block.der),
            other => Err(SignatureError::InvalidKey(format!(
                "unexpected PEM label {other:?}"
            ))),
        }
    }

    /// An RSA key from DER, either PKCS#1 `RSAPublicKey` or SPKI.
    pub fn rsa_from_der(der: &[u8]) -> Result<Self, SignatureError> {
        let rsa = RsaSubjectPublicKey::from_der(der)
            .map_err(|e| SignatureError::InvalidKey(format!("RSA public key: {e}")))?;
        let size = rsa.modulus_len();
        if !(MIN_RSA_MODULUS_BYTES..=MAX_RSA_MODULUS_BYTES).contains(&size) {
            return Err(SignatureError::InvalidKey(format!(
                "RSA key of {} bits (2048 to 8192 accepted)",
                size * 8
            )));
        }
        let parsed = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, rsa.as_ref())
            .map_err(|e| SignatureError::InvalidKey(format!("RSA public key: {e}")))?;
        Ok(Self {
            algorithm: Algorithm::RsaSha256,
            parsed,
        })
    }

    /// An Ed25519 key from its 32 raw bytes (as in a Multikey, FEP-521a).
    pub fn ed25519_from_bytes(raw: &[u8]) -> Result<Self, SignatureError> {
        if raw.len() != 32 {
            return Err(SignatureError::InvalidKey(
                "Ed25519 public key must be 32 bytes".into(),
            ));
        }
        let parsed = ParsedPublicKey::new(&ED25519, raw)
            .map_err(|e| SignatureError::InvalidKey(format!("Ed25519 public key: {e}")))?;
        Ok(Self {
            algorithm: Algorithm::Ed25519,
            parsed,
        })
    }

    /// The only algorithm this key verifies.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn to_pem(&self) -> Result<String, SignatureError> {
        let spki = self
            .parsed
            .as_der()
            .map_err(|_| SignatureError::InvalidKey("SPKI encoding failed".into()))?;
        Ok(pem::encode("PUBLIC KEY", spki.as_ref()))
    }

    /// Checks `signature` over `message` with `algorithm`; a key of another type is
    /// `KeyMismatch`, a wrong signature `BadSignature`.
    pub fn verify(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        if algorithm != self.algorithm {
            return Err(SignatureError::KeyMismatch);
        }
        self.parsed
            .verify_sig(message, signature)
            .map_err(|_| SignatureError::BadSignature)
    }
}
