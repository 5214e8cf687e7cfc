//! [`Versia`]: what every part of the adapter shares: our domain and key, the outbound
//! client, the storage port, the remote key cache and the validation mode.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rookery_core::ports::{InboxQueue, Personal, PortError, Repository, StatusAccounts};
use rookery_core::{Account, AccountId, IdGenerator, Timestamp};
use rookery_net::HttpClient;

use crate::backfill::NewAccounts;
use crate::keys::InstanceKey;
use crate::remote::KeyCache;
use crate::validate::{ValidationMode, Validator};

/// Name of the instance secret that holds our Ed25519 key (PKCS#8 base64, versia.md §3.1).
pub const INSTANCE_KEY_SECRET: &str = "versia.instance_key";
/// When this instance first spoke Versia (InstanceMetadata `created_at`, versia.md §8.3):
/// stored once so the document stays the same across restarts.
pub const CREATED_AT_SECRET: &str = "versia.created_at";

/// Settings the server hands the adapter.
#[derive(Debug, Clone)]
pub struct VersiaSettings {
    /// Our Domain (versia.md §2), e.g. `a.example`.
    pub domain: String,
    /// `https://DOMAIN` (what our own URLs start with).
    pub public_url: String,
    /// `https`, or `http` in loopback test clusters only: the scheme of every remote
    /// Versia URL we build (versia.md §2 requires https).
    pub scheme: &'static str,
    /// Instance name shown in InstanceMetadata.
    pub name: String,
    pub software_version: String,
}

/// The shared adapter state. Cheap to clone behind an `Arc`.
pub struct Versia {
    pub settings: VersiaSettings,
    pub key: InstanceKey,
    pub repo: Arc<dyn Repository>,
    pub http: HttpClient,
    pub ids: Arc<IdGenerator>,
    pub keys: KeyCache,
    pub mode: ValidationMode,
    /// RFC 3339.
    pub created_at: String,
    /// Users stored for the first time, for the outbox backfill (versia.md §9.5).
    pub new_accounts: NewAccounts,
    /// Pinned notes, served as a User's `featured` collection.
    pub personal: Arc<dyn Personal>,
    /// Who liked, disliked or shared a note: the Note collections of §10.6 and §10.11.
    pub status_accounts: Arc<dyn StatusAccounts>,
    /// The instance's own emoji, sent on the local Notes and Users that use them
    /// (`pub.versia:custom_emojis`, §10.1).
    pub local_emojis: Arc<rookery_core::local_emojis::LocalEmojis>,
    /// Where the inbox puts what it accepted, for the inbox processor.
    pub inbox: Arc<dyn InboxQueue>,
}

/// The storage ports the Versia state is built over.
pub struct VersiaStores {
    pub repo: Arc<dyn Repository>,
    pub personal: Arc<dyn Personal>,
    pub status_accounts: Arc<dyn StatusAccounts>,
    pub inbox: Arc<dyn InboxQueue>,
}

impl Versia {
    /// Loads the instance key (creating and storing it once, versia.md §3.1) and builds
    /// the shared state. `LOOPBACK_TEST` relaxations apply only when `scheme` is `http`.
    pub async fn start(
        settings: VersiaSettings,
        stores: VersiaStores,
        http: HttpClient,
        ids: Arc<IdGenerator>,
        local_emojis: Arc<rookery_core::local_emojis::LocalEmojis>,
    ) -> Result<Arc<Versia>, PortError> {
        let VersiaStores {
            repo,
            personal,
            status_accounts,
            inbox,
        } = stores;
        let key = load_or_create_key(repo.as_ref()).await?;
        let created_at = stored_once(repo.as_ref(), CREATED_AT_SECRET, now().to_rfc3339()).await?;
        let mode = if settings.scheme == "http" {
            ValidationMode::LOOPBACK_TEST
        } else {
            ValidationMode::STRICT
        };
        let keys = KeyCache::new(http.clone(), settings.scheme, mode);
        Ok(Arc::new(Versia {
            settings,
            key,
            repo,
            http,
            ids,
            keys,
            mode,
            created_at,
            new_accounts: NewAccounts::default(),
            personal,
            status_accounts,
            local_emojis,
            inbox,
        }))
    }

    pub fn domain(&self) -> &str {
        &self.settings.domain
    }

    /// `SCHEME://domain{path}` for a remote instance (versia.md §2, §4).
    pub fn remote_url(&self, domain: &str, path: &str) -> String {
        format!("{}://{domain}{path}", self.settings.scheme)
    }

    /// `PUBLIC_URL{path}` for ourselves.
    pub fn local_url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.public_url)
    }

    pub fn validator(&self) -> Validator {
        Validator::new(now(), self.mode)
    }

    /// `stored` was just stored from a User mapped with the fresh id `fresh`: if the
    /// store kept that id (it keeps the id of an account it knew), this is a first
    /// meeting, and its outbox is backfilled.
    pub fn stored_user(&self, fresh: AccountId, stored: &Account) {
        if stored.id == fresh {
            self.new_accounts.met(stored.clone());
        }
    }

    /// Whether `domain` is ours (Domains compare case-insensitively).
    pub fn is_ours(&self, domain: &str) -> bool {
        domain.eq_ignore_ascii_case(&self.settings.domain)
    }
}

/// The instance key from the repository, or a new one stored once. Two processes
/// starting together agree on whichever key `init_instance_secret` kept.
async fn load_or_create_key(repo: &dyn Repository) -> Result<InstanceKey, PortError> {
    let stored = match repo.instance_secret(INSTANCE_KEY_SECRET).await? {
        Some(stored) => stored,
        None => {
            let fresh = InstanceKey::generate().to_pkcs8_base64();
            stored_once(repo, INSTANCE_KEY_SECRET, fresh).await?
        }
    };
    InstanceKey::from_pkcs8_base64(&stored)
        .map_err(|e| PortError::unavailable(format!("stored {INSTANCE_KEY_SECRET}: {e}")))
}

/// The stored instance secret `name`, or `value` stored now (the first writer wins).
async fn stored_once(
    repo: &dyn Repository,
    name: &str,
    value: String,
) -> Result<String, PortError> {
    if let Some(stored) = repo.instance_secret(name).await? {
        return Ok(stored);
    }
    let mut tx = repo.begin().await?;
    let kept = tx.init_instance_secret(name, &value).await?;
    tx.commit().await?;
    Ok(kept)
}

/// The system clock.
pub fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}
