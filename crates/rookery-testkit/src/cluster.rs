//! `TestCluster`: N full instances on loopback, named `a.test`, `b.test`, ...

use std::collections::BTreeMap;
use std::net::SocketAddr;

use rookery_core::Account;
use rookery_server::config::{self, Config, HumanDuration};
use rookery_server::{accounts, instance, AppState, Role, RunningInstance};
use rookery_store::testing::TempDatabase;
use tempfile::TempDir;
use tokio::net::TcpListener;

/// Which database each instance gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the instance's temporary data directory.
    Sqlite,
    /// A fresh database on the machine's PostgreSQL server, dropped afterwards.
    Postgres,
}

/// Adjusts an instance's configuration before it starts (e.g. to make it prefer a
/// protocol); receives the instance's domain.
pub type Configure = Box<dyn Fn(&str, &mut Config) + Send + Sync>;

pub struct ClusterOptions {
    pub backend: Backend,
    pub configure: Option<Configure>,
    /// Name instances by their loopback address (`127.0.0.1:PORT`) instead of `a.test`,
    /// for peers that resolve host names through the system (a Fedify peer in Node).
    pub loopback_domains: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            backend: Backend::Sqlite,
            configure: None,
            loopback_domains: false,
        }
    }
}

pub struct TestInstance {
    /// `a`, `b`, ... in start order.
    pub name: String,
    pub domain: String,
    running: RunningInstance,
    /// What it was started with, to start it again on the same data and port.
    config: Config,
    // Kept alive for the instance's lifetime; dropped (deleted) with it.
    _data: TempDir,
    _database: Option<TempDatabase>,
}

impl TestInstance {
    pub fn state(&self) -> &AppState {
        &self.running.state
    }

    /// The loopback address this instance really listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running
            .addr()
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// `http://DOMAIN/PATH`: the URL other instances use for this one.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.running.public_url(), path)
    }

    /// Creates a local user and a bearer token for it.
    pub async fn create_user(&self, name: &str) -> anyhow::Result<(Account, String)> {
        let state = self.state();
        let now = instance::now();
        let account = accounts::create_local_account(
            &state.store,
            &state.ids,
            now,
            name,
            "a-test-password-1",
            false,
        )
        .await?;
        let token = accounts::create_token(&state.store, &state.ids, now, name).await?;
        Ok((account, token))
    }

    /// Waits until everything this instance's inboxes accepted has been applied (its
    /// inbox queue is empty): a 202 means queued, not yet acted on.
    pub async fn inbox_settled(&self) {
        let store = &self.state().store;
        crate::eventually::eventually_async(
            "the inbox queue to drain",
            std::time::Duration::from_secs(20),
            || async move {
                match store.inbox_backlog().await {
                    Ok((0, _)) => Some(()),
                    _ => None,
                }
            },
        )
        .await;
    }

    pub async fn shutdown(self) {
        self.running.shutdown().await;
    }

    /// Stops this instance (gracefully: what is in flight finishes, what is queued stays
    /// queued) and starts it again on the same database, data directory and port, as
    /// an operator's restart would.
    pub async fn restart(self) -> anyhow::Result<TestInstance> {
        let addr = self.addr();
        let TestInstance {
            name,
            domain,
            running,
            config,
            _data,
            _database,
        } = self;
        running.shutdown().await;
        let listener = TcpListener::bind(addr).await?;
        let running = rookery_server::start(config.clone(), Role::All, Some(listener)).await?;
        Ok(TestInstance {
            name,
            domain,
            running,
            config,
            _data,
            _database,
        })
    }
}

pub struct TestCluster {
    pub instances: Vec<TestInstance>,
}

/// Delivery retries in a test cluster come within milliseconds, not minutes.
const FAST_RETRIES: [&str; 5] = ["50ms", "100ms", "200ms", "400ms", "800ms"];

impl TestCluster {
    /// Starts `n` instances on SQLite.
    pub async fn start(n: usize) -> anyhow::Result<TestCluster> {
        Self::start_with(n, ClusterOptions::default())
            .await?
            .ok_or_else(|| anyhow::anyhow!("SQLite clusters always start"))
    }

    /// Starts `n` instances. Returns `Ok(None)` when PostgreSQL was asked for but is not
    /// reachable outside CI (a line saying so is printed); in CI that is an error.
    pub async fn start_with(
        n: usize,
        options: ClusterOptions,
    ) -> anyhow::Result<Option<TestCluster>> {
        init_test_logging();
        let mut listeners = Vec::new();
        let mut resolve = BTreeMap::new();
        let mut domains = Vec::new();
        for i in 0..n {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?.to_string();
            let domain = if options.loopback_domains {
                addr.clone()
            } else {
                resolve.insert(domain_of(i), addr);
                domain_of(i)
            };
            domains.push(domain);
            listeners.push(listener);
        }
        let mut instances = Vec::new();
        for (i, (listener, domain)) in listeners.into_iter().zip(domains).enumerate() {
            let data = tempfile::tempdir()?;
            let database = match options.backend {
                Backend::Sqlite => None,
                Backend::Postgres => match rookery_store::testing::temp_postgres().await? {
                    Some(db) => Some(db),
                    None => return Ok(None),
                },
            };
            let mut config = base_config(&domain, &data, database.as_ref(), &resolve)?;
            if let Some(configure) = &options.configure {
                configure(&domain, &mut config);
            }
            let running = rookery_server::start(config.clone(), Role::All, Some(listener)).await?;
            instances.push(TestInstance {
                name: letter_of(i),
                domain,
                running,
                config,
                _data: data,
                _database: database,
            });
        }
        Ok(Some(TestCluster { instances }))
    }

    /// The instance with this name (`"a"`) or domain (`"a.test"`).
    pub fn instance(&self, name: &str) -> &TestInstance {
        match self
            .instances
            .iter()
            .find(|i| i.name == name || i.domain == name)
        {
            Some(instance) => instance,
            None => panic!("no instance {name} in this cluster"),
        }
    }

    pub async fn shutdown(self) {
        for instance in self.instances {
            instance.shutdown().await;
        }
    }
}

fn letter_of(index: usize) -> String {
    let letter = (b'a' + (index % 26) as u8) as char;
    if index < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", index / 26)
    }
}

fn domain_of(index: usize) -> String {
    format!("{}.test", letter_of(index))
}

fn base_config(
    domain: &str,
    data: &TempDir,
    database: Option<&TempDatabase>,
    resolve: &BTreeMap<String, String>,
) -> anyhow::Result<Config> {
    let mut env = vec![
        ("ROOKERY__INSTANCE__DOMAIN".to_owned(), domain.to_owned()),
        ("ROOKERY__INSTANCE__SCHEME".to_owned(), "http".to_owned()),
        ("ROOKERY__HTTP__LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "ROOKERY__DATA__DIR".to_owned(),
            data.path().display().to_string(),
        ),
        (
            "ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES".to_owned(),
            "true".to_owned(),
        ),
    ];
    if let Some(db) = database {
        env.push(("ROOKERY__DATABASE__URL".to_owned(), db.url().to_owned()));
    }
    let mut config = config::load(None, env)?;
    config.federation.resolve = resolve.clone();
    config.delivery.retry_schedule = FAST_RETRIES
        .iter()
        .map(|d| HumanDuration::parse(d).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<_>>()?;
    config.delivery.give_up_after = HumanDuration::parse("30s").map_err(anyhow::Error::msg)?;
    config.delivery.poll_interval = HumanDuration::parse("50ms").map_err(anyhow::Error::msg)?;
    Ok(config)
}

/// Logs from every instance go to the test's output, filtered by `RUST_LOG` (default:
/// warnings), once per process.
fn init_test_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}
