//! Remote instance keys (versia.md §5.2): fetched from `/.versia/v0.6/instance` of the
//! domain that claims to have signed, kept in memory, fetched again on demand when a
//! signature fails with the cached key (§3.5 step 3 [REC]: allows key rotation).

use std::collections::{HashMap, HashSet};
use std::sync::RwLock;

use http::header::ACCEPT;
use http::{HeaderMap, HeaderValue, StatusCode};
use rookery_net::HttpClient;

use super::RemoteError;
use crate::context::now;
use crate::entities::InstanceMetadata;
use crate::keys::{InstancePublicKey, ALGORITHM};
use crate::paths::{INSTANCE_PATH, MEDIA_TYPE};
use crate::validate::{ValidationMode, Validator};

/// Remote instance keys by Domain (lowercase).
pub struct KeyCache {
    http: HttpClient,
    scheme: &'static str,
    mode: ValidationMode,
    known: RwLock<HashMap<String, InstancePublicKey>>,
    /// Domains whose metadata names the reference server (§10.1 [REF]: it wants emoji
    /// under `url` and rejects `content`).
    reference_servers: RwLock<HashSet<String>>,
}

/// `software.name` of the reference implementation (versia.md §10.1).
const REFERENCE_SERVER: &str = "Versia Server";

impl KeyCache {
    pub fn new(http: HttpClient, scheme: &'static str, mode: ValidationMode) -> Self {
        KeyCache {
            http,
            scheme,
            mode,
            known: RwLock::new(HashMap::new()),
            reference_servers: RwLock::new(HashSet::new()),
        }
    }

    /// The cached key, if any (no network).
    pub fn cached(&self, domain: &str) -> Option<InstancePublicKey> {
        let known = self.known.read().ok()?;
        known.get(&domain.to_ascii_lowercase()).copied()
    }

    /// Whether `domain` runs the reference server, learnt from its metadata (fetched
    /// and cached when not known yet).
    pub async fn is_reference_server(&self, domain: &str) -> Result<bool, RemoteError> {
        self.get(domain).await?;
        Ok(self
            .reference_servers
            .read()
            .is_ok_and(|known| known.contains(&domain.to_ascii_lowercase())))
    }

    /// The key of `domain`: cached, or fetched and cached.
    pub async fn get(&self, domain: &str) -> Result<InstancePublicKey, RemoteError> {
        match self.cached(domain) {
            Some(key) => Ok(key),
            None => self.refresh(domain).await,
        }
    }

    /// Fetches `domain`'s InstanceMetadata again and caches its key (§5.2).
    pub async fn refresh(&self, domain: &str) -> Result<InstancePublicKey, RemoteError> {
        let key = self.fetch(domain).await?;
        if let Ok(mut known) = self.known.write() {
            known.insert(domain.to_ascii_lowercase(), key);
        }
        Ok(key)
    }

    /// E2 is exempt from signatures (§3.4); we check instead that the document names
    /// the domain we asked (§5.2 step 3) and carries an Ed25519 SPKI key (§3.1).
    async fn fetch(&self, domain: &str) -> Result<InstancePublicKey, RemoteError> {
        let url = format!("{}://{domain}{INSTANCE_PATH}", self.scheme);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(MEDIA_TYPE));
        let response = self.http.get(&url, headers).await?;
        if response.status != StatusCode::OK {
            return Err(RemoteError::Status {
                url,
                status: response.status.as_u16(),
            });
        }
        let meta: InstanceMetadata = crate::json::from_slice(&response.body)
            .map_err(|e| RemoteError::invalid(&url, e.to_string()))?;
        Validator::new(now(), self.mode)
            .instance_metadata(&meta)
            .map_err(|e| RemoteError::invalid(&url, e.to_string()))?;
        if !meta.domain.eq_ignore_ascii_case(domain) {
            return Err(RemoteError::invalid(
                &url,
                format!("metadata names domain {:?}", meta.domain),
            ));
        }
        if let Ok(mut known) = self.reference_servers.write() {
            if meta.software.name == REFERENCE_SERVER {
                known.insert(domain.to_ascii_lowercase());
            } else {
                known.remove(&domain.to_ascii_lowercase());
            }
        }
        if meta.public_key.algorithm != ALGORITHM {
            return Err(RemoteError::invalid(&url, "public key is not ed25519"));
        }
        InstancePublicKey::from_spki_base64(&meta.public_key.key)
            .map_err(|e| RemoteError::invalid(&url, e.to_string()))
    }
}
