//! Checks the signature of every delivery the fleet receives, the way a real peer does:
//! ActivityPub HTTP signatures against the sending actor's key (activitypub.md §4.1,
//! §4.2), Versia signatures against the sending instance's key (versia.md §3.5). Keys are
//! fetched once from the sender over HTTP and cached; concurrent first deliveries share
//! one fetch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use http::{HeaderMap, Method};
use rookery_activitypub::signatures::{parse_any, Algorithm, PublicKey, RequestParts};
use rookery_core::Timestamp;
use rookery_net::{HttpClient, NetConfig};
use rookery_versia::signature::parse_signature_headers;
use rookery_versia::validate::ValidationMode;
use rookery_versia::InstancePublicKey;
use serde_json::Value;
use tokio::sync::OnceCell;

/// Why a delivery was refused.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("no signature: {0}")]
    Malformed(String),
    #[error("signer key unavailable: {0}")]
    NoKey(String),
    #[error("signature does not verify: {0}")]
    Bad(String),
}

type Cell<T> = Arc<OnceCell<Option<Arc<T>>>>;

/// The verifier: an HTTP client that reaches senders, and their keys.
pub(crate) struct Verifier {
    http: HttpClient,
    ap_keys: Mutex<HashMap<String, Cell<PublicKey>>>,
    versia_keys: Mutex<HashMap<String, Cell<PublicKey>>>,
}

impl Verifier {
    /// `senders` maps the sending instances' host names to their loopback addresses.
    pub fn new(senders: Vec<(String, std::net::SocketAddr)>) -> anyhow::Result<Self> {
        Ok(Verifier {
            http: HttpClient::new(NetConfig {
                allow_private_addresses: true,
                resolve: senders,
                ..NetConfig::default()
            })?,
            ap_keys: Mutex::new(HashMap::new()),
            versia_keys: Mutex::new(HashMap::new()),
        })
    }

    /// Verifies an ActivityPub POST (either signature scheme, with its digest).
    pub async fn activitypub(
        &self,
        path: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let parts = RequestParts {
            method: &Method::POST,
            path_and_query: path,
            headers,
            body,
        };
        let signature = parse_any(&parts).map_err(|e| VerifyError::Malformed(e.to_string()))?;
        let key_id = signature.key_id().to_owned();
        let key = self.ap_key(&key_id).await?;
        signature
            .verify(&parts, "http", &key, SystemTime::now())
            .map_err(|e| VerifyError::Bad(e.to_string()))
    }

    /// Verifies a Versia POST: `Versia-Signed-By` names the sending instance, whose key
    /// comes from its instance metadata (§3.5 steps 1–5).
    pub async fn versia(
        &self,
        path: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<String, VerifyError> {
        let mode = ValidationMode {
            allow_http: true,
            allow_port: true,
        };
        let pending = parse_signature_headers(headers, now(), mode)
            .map_err(|e| VerifyError::Malformed(e.to_string()))?;
        let signer = pending.signed_by().to_owned();
        let key = self.versia_key(&signer).await?;
        // §3.5 steps 4-5 with aws-lc's Ed25519 rather than the crate's own (which rookery
        // signs with): a check by a second implementation, and about half the CPU per
        // delivery, which matters since the fleet shares the cores with the sender.
        let text = pending.signed_string("post", path, body);
        key.verify(Algorithm::Ed25519, text.as_bytes(), pending.signature())
            .map_err(|e| VerifyError::Bad(e.to_string()))?;
        Ok(signer)
    }

    async fn ap_key(&self, key_id: &str) -> Result<Arc<PublicKey>, VerifyError> {
        let cell = cell_for(&self.ap_keys, key_id)?;
        let key = cell
            .get_or_init(|| async { self.fetch_ap_key(key_id).await.map(Arc::new) })
            .await;
        key.clone()
            .ok_or_else(|| VerifyError::NoKey(key_id.to_owned()))
    }

    async fn versia_key(&self, signer: &str) -> Result<Arc<PublicKey>, VerifyError> {
        let cell = cell_for(&self.versia_keys, signer)?;
        let key = cell
            .get_or_init(|| async { self.fetch_versia_key(signer).await.map(Arc::new) })
            .await;
        key.clone()
            .ok_or_else(|| VerifyError::NoKey(signer.to_owned()))
    }

    /// The actor document named by the key id, without the fragment; its `publicKey`.
    async fn fetch_ap_key(&self, key_id: &str) -> Option<PublicKey> {
        let actor = key_id.split('#').next()?;
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::ACCEPT,
            http::HeaderValue::from_static("application/activity+json"),
        );
        let response = self.http.get(actor, headers).await.ok()?;
        let doc: Value = serde_json::from_slice(&response.body).ok()?;
        let pem = doc.get("publicKey")?.get("publicKeyPem")?.as_str()?;
        PublicKey::from_pem(pem).ok()
    }

    /// InstanceMetadata (§8.3) at `/.versia/v0.6/instance`: `public_key.key` is SPKI
    /// base64 (§3.1).
    async fn fetch_versia_key(&self, signer: &str) -> Option<PublicKey> {
        let url = format!("http://{signer}/.versia/v0.6/instance");
        let response = self.http.get(&url, HeaderMap::new()).await.ok()?;
        let doc: Value = serde_json::from_slice(&response.body).ok()?;
        let key = doc.get("public_key")?.get("key")?.as_str()?;
        let key = InstancePublicKey::from_spki_base64(key).ok()?;
        PublicKey::ed25519_from_bytes(key.as_bytes()).ok()
    }
}

fn cell_for<T>(map: &Mutex<HashMap<String, Cell<T>>>, key: &str) -> Result<Cell<T>, VerifyError> {
    let mut map = map
        .lock()
        .map_err(|_| VerifyError::NoKey("key cache poisoned".into()))?;
    Ok(map.entry(key.to_owned()).or_default().clone())
}

fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}
