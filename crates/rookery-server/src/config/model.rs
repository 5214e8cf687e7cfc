//! The configuration's shape and defaults. Every key is documented in
//! `config.example.toml` at the repository root (a test parses that file).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::duration::HumanDuration;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub instance: InstanceConfig,
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub data: DataConfig,
    pub media: MediaConfig,
    pub federation: FederationConfig,
    pub delivery: DeliveryConfig,
    pub log: LogConfig,
    pub metrics: MetricsConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstanceConfig {
    /// The host name people see in handles (`@alice@DOMAIN`). Never change it once the
    /// instance has federated: remote servers key accounts on it.
    pub domain: String,
    /// `https` (the default) or `http` (local use and loopback tests only). Unset means
    /// `https`, except for `localhost`, which defaults to `http`.
    pub scheme: Option<String>,
    /// Shown in NodeInfo, the instance API and web pages.
    pub name: String,
    /// Whether anyone may sign up from a client app (`POST /api/v1/accounts`).
    pub registrations: Registrations,
    /// The instance's rules, shown to clients in order (`GET /api/v1/instance/rules`).
    pub rules: Vec<String>,
}

impl Default for InstanceConfig {
    fn default() -> Self {
        InstanceConfig {
            domain: "localhost".into(),
            scheme: None,
            name: "rookery".into(),
            registrations: Registrations::Closed,
            rules: Vec::new(),
        }
    }
}

/// `instance.registrations`: `closed` (accounts are made with `rookery user create`) or
/// `open` (anyone may sign up through the client API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Registrations {
    Closed,
    Open,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Address to listen on. Behind a reverse proxy keep it on loopback.
    pub listen: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: "127.0.0.1:8080".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://USER@HOST/DB`. Unset: a SQLite file
    /// `rookery.db` in the data directory.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    /// Where rookery keeps its SQLite database, keys and media.
    pub dir: PathBuf,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            dir: PathBuf::from("data"),
        }
    }
}

/// Local media uploads; the files live under `DATA_DIR/media/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    /// Largest uploaded file accepted, in bytes (Mastodon's image limit: 16 MiB).
    pub max_upload_bytes: u64,
    /// Largest image accepted, in pixels, width times height (Mastodon's: 7680x4320).
    pub max_pixels: u64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            max_upload_bytes: 16 * 1024 * 1024,
            max_pixels: 33_177_600,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationConfig {
    /// The federation protocols this instance speaks: `activitypub`, `versia`.
    pub protocols: Vec<String>,
    /// When a remote server offers both, use this one.
    pub prefer: String,
    /// Let outbound requests reach loopback, private and link-local addresses. Off in
    /// production: remote input must never make us fetch internal services (SSRF).
    pub allow_private_addresses: bool,
    /// Fixed addresses for host names: `{ "b.test" = "127.0.0.1:8002" }`. A key may be a
    /// wildcard such as `*.fleet.test`. For tests and tools; the private-address guard
    /// still applies.
    pub resolve: BTreeMap<String, String>,
    /// Serve ActivityPub actors (but the instance actor), notes and collections only to
    /// requests signed by a server's key ("secure mode"; activitypub.md §4.3).
    pub authorized_fetch: bool,
    /// How long a remote actor read from the database is remembered, so that signature
    /// checks and the inbox processor skip the database while it keeps sending. Its
    /// stored copy is refreshed by the freshness rule either way; `0s` reads every time.
    pub actor_memory: HumanDuration,
}

impl Default for FederationConfig {
    fn default() -> Self {
        FederationConfig {
            protocols: vec!["activitypub".into(), "versia".into()],
            prefer: "versia".into(),
            allow_private_addresses: false,
            resolve: BTreeMap::new(),
            authorized_fetch: false,
            actor_memory: HumanDuration(Duration::from_secs(60)),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliveryConfig {
    /// Waits between attempts after a failed delivery; the last one repeats until
    /// `give_up_after`.
    pub retry_schedule: Vec<HumanDuration>,
    /// Give up a delivery this long after it was queued.
    pub give_up_after: HumanDuration,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Deliveries in flight at once to one host.
    pub per_host_concurrency: usize,
    /// A host that failed on this many distinct days without a success is marked
    /// unreachable until it talks to us again.
    pub unreachable_after_days: u32,
    /// How long an idle worker waits before looking for due deliveries again.
    pub poll_interval: HumanDuration,
    /// How long a claimed delivery stays with its worker. A worker that dies (kill -9,
    /// power loss) leaves its deliveries to the others after this long.
    pub lease: HumanDuration,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        let d = |s: &str| HumanDuration::parse(s).unwrap_or(HumanDuration(Duration::ZERO));
        DeliveryConfig {
            retry_schedule: ["1m", "5m", "30m", "2h", "12h", "24h"]
                .into_iter()
                .map(d)
                .collect(),
            give_up_after: d("7d"),
            concurrency: 1024,
            per_host_concurrency: 4,
            unreachable_after_days: 7,
            poll_interval: d("1s"),
            lease: d("2m"),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Where `/metrics` (Prometheus text format) is served, e.g. `127.0.0.1:9090`.
    /// Empty (the default): not served. A separate address so it is never public.
    pub listen: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A tracing filter such as `info` or `rookery=debug,info`. `RUST_LOG` wins.
    pub level: String,
    /// `text` for people, `json` for log pipelines.
    pub format: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            level: "info".into(),
            format: "text".into(),
        }
    }
}

impl Config {
    pub fn scheme(&self) -> &str {
        match self.instance.scheme.as_deref() {
            Some(s) => s,
            None if self.instance.domain == "localhost" => "http",
            None => "https",
        }
    }

    /// The public base URL, e.g. `https://social.example`. For the default `localhost`
    /// setup it carries the port actually listened on, so the printed URL works.
    pub fn public_url(&self, listening_on: Option<SocketAddr>) -> String {
        let domain = &self.instance.domain;
        match listening_on {
            Some(addr) if domain == "localhost" => {
                format!("{}://localhost:{}", self.scheme(), addr.port())
            }
            _ => format!("{}://{}", self.scheme(), domain),
        }
    }

    /// The scheme used to discover remote servers (WebFinger, Versia instance
    /// metadata): always `https`, except in a loopback test setup that runs on `http`
    /// and allows private addresses (versia.md §2's HTTPS rule is relaxed only there).
    pub fn discovery_scheme(&self) -> &'static str {
        if self.scheme() == "http" && self.federation.allow_private_addresses {
            "http"
        } else {
            "https"
        }
    }

    /// The protocols spoken, most preferred first.
    pub fn protocol_preference(&self) -> Vec<rookery_core::Protocol> {
        let mut spoken: Vec<rookery_core::Protocol> = self
            .federation
            .protocols
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect();
        spoken.sort_by_key(|p| p.as_str() != self.federation.prefer);
        spoken
    }

    /// The database URL, defaulting to a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data.dir.join("rookery.db").display()),
        }
    }
}
