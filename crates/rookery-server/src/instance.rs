//! Composition root: builds one rookery instance (store, outbound client, worker, HTTP
//! server) from a validated [`Config`], and stops it gracefully.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use rookery_core::ports::Deliverer;
use rookery_core::retry::{HostHealthPolicy, RetrySchedule};
use rookery_core::{IdGenerator, Protocol, Timestamp};
use rookery_media::{MediaLibrary, MediaLimits};
use rookery_net::{HttpClient, NetConfig};
use rookery_store::Store;
use rookery_worker::{InboxProcessor, InboxProcessorConfig, Worker, WorkerConfig};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::config::{Config, Registrations};
use crate::error::ServerError;
use crate::metrics::{MeteredDeliverer, Metrics};
use crate::protocols::{self, ProtocolContext};
use crate::routes::router;
use crate::services;
use crate::state::AppState;

/// Which parts of rookery this process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// HTTP server and delivery worker (`rookery serve`).
    All,
    /// Only the delivery worker (`rookery worker`), for scale-out on PostgreSQL.
    WorkerOnly,
}

/// A started instance. Dropping it does not stop it: call [`RunningInstance::shutdown`].
pub struct RunningInstance {
    pub state: AppState,
    addr: Option<SocketAddr>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningInstance {
    /// The address the HTTP server listens on (`None` for a worker-only process).
    pub fn addr(&self) -> Option<SocketAddr> {
        self.addr
    }

    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// A token that stops the instance when cancelled (signal handlers hold one).
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Waits until the instance has stopped (after its shutdown token fired).
    pub async fn wait(self) {
        for task in self.tasks {
            let _ = task.await;
        }
        self.state.store.close().await;
    }

    /// Stops accepting work, lets requests and deliveries in flight finish, then returns.
    pub async fn shutdown(self) {
        self.shutdown.cancel();
        self.wait().await;
    }
}

pub fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}

/// Opens the database (creating the SQLite file's folder) and runs migrations.
pub async fn open_store(config: &Config) -> Result<Store, ServerError> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data.dir).map_err(|e| {
            ServerError::Io(format!(
                "cannot create data directory {}: {e}",
                config.data.dir.display()
            ))
        })?;
    }
    // An account reached over both protocols keeps the preferred one's facts
    // (FEDERATION.md, "Both protocols").
    let store = Store::connect(&url)
        .await?
        .with_protocol_preference(config.protocol_preference());
    store.migrate().await?;
    Ok(store)
}

pub fn net_config(config: &Config) -> Result<NetConfig, ServerError> {
    let mut resolve = Vec::new();
    for (host, addr) in &config.federation.resolve {
        let addr = addr
            .parse()
            .map_err(|_| ServerError::Config(format!("federation.resolve.{host}: bad address")))?;
        resolve.push((host.clone(), addr));
    }
    Ok(NetConfig {
        user_agent: NetConfig::user_agent_for(&config.instance.domain, config.scheme()),
        allow_private_addresses: config.federation.allow_private_addresses,
        resolve,
        ..NetConfig::default()
    })
}

fn worker_config(config: &Config, role: Role) -> WorkerConfig {
    let delivery = &config.delivery;
    let mut worker = WorkerConfig::new(format!(
        "{}-{}-{}",
        match role {
            Role::All => "serve",
            Role::WorkerOnly => "worker",
        },
        std::process::id(),
        rand::random::<u16>()
    ));
    worker.concurrency = delivery.concurrency;
    worker.per_host_concurrency = delivery.per_host_concurrency;
    worker.idle_poll = delivery.poll_interval.0;
    worker.lease = delivery.lease.0;
    worker.schedule = RetrySchedule {
        delays: delivery.retry_schedule.iter().map(|d| d.0).collect(),
        give_up_after: delivery.give_up_after.0,
    };
    worker.host_health = HostHealthPolicy {
        unreachable_after_failing_days: delivery.unreachable_after_days,
    };
    worker
}

/// The Mastodon-compatible client API, over the same use cases.
/// Returns the API's routes and its upload routes (mounted outside the general body
/// limit).
fn client_api(
    config: &Config,
    public_url: &str,
    store: &Store,
    services: Arc<rookery_core::service::Services>,
    media: Arc<MediaLibrary>,
    ids: Arc<IdGenerator>,
) -> (axum::Router, axum::Router) {
    let state = rookery_mastodon::ApiState {
        services,
        tokens: Arc::new(store.clone()),
        oauth: Arc::new(store.clone()),
        credentials: Arc::new(crate::credentials::PasswordCheck {
            store: store.clone(),
        }),
        personal: Arc::new(store.clone()),
        directory: Arc::new(store.clone()),
        status_accounts: Arc::new(store.clone()),
        status_views: Arc::new(store.clone()),
        idempotency: Arc::new(store.clone()),
        follow_settings: Arc::new(store.clone()),
        registrar: Arc::new(crate::registration::SignUp {
            store: store.clone(),
            ids,
        }),
        login: Arc::default(),
        instance: Arc::new(rookery_mastodon::InstanceInfo {
            domain: config.instance.domain.clone(),
            public_url: public_url.to_owned(),
            name: config.instance.name.clone(),
            description: format!("{} is a rookery server.", config.instance.name),
            registrations_open: config.instance.registrations == Registrations::Open,
            rules: config.instance.rules.clone(),
        }),
        media,
    };
    (
        rookery_mastodon::router(state.clone()),
        rookery_mastodon::upload_routes(state),
    )
}

/// The media library: files under `DATA_DIR/media/`, served at `PUBLIC_URL/media/`.
pub(crate) fn media_library(config: &Config, public_url: &str) -> Arc<MediaLibrary> {
    Arc::new(MediaLibrary::new(
        config.data.dir.join("media"),
        public_url,
        MediaLimits {
            max_bytes: config.media.max_upload_bytes,
            max_pixels: config.media.max_pixels,
        },
    ))
}

/// Starts an instance. With [`Role::All`], `listener` is where HTTP is served (bound from
/// `http.listen` when `None`).
pub async fn start(
    config: Config,
    role: Role,
    listener: Option<TcpListener>,
) -> Result<RunningInstance, ServerError> {
    let store = open_store(&config).await?;
    let instance_blocks = crate::blocklist::load(&store).await?;
    let local_emojis = crate::local_emojis::load(&store).await?;
    let http = HttpClient::new(net_config(&config)?)
        .map_err(|e| ServerError::Config(format!("outbound HTTP client: {e}")))?
        .with_refused_hosts(crate::blocklist::host_filter(&instance_blocks));
    let listener = match (role, listener) {
        (Role::WorkerOnly, _) => None,
        (Role::All, Some(l)) => Some(l),
        (Role::All, None) => Some(TcpListener::bind(&config.http.listen).await.map_err(|e| {
            ServerError::Io(format!("cannot listen on {}: {e}", config.http.listen))
        })?),
    };
    let addr = match &listener {
        Some(l) => Some(l.local_addr().map_err(|e| ServerError::Io(e.to_string()))?),
        None => None,
    };
    let metrics_listener = if config.metrics.listen.is_empty() {
        None
    } else {
        Some(
            TcpListener::bind(&config.metrics.listen)
                .await
                .map_err(|e| {
                    ServerError::Io(format!(
                        "metrics.listen: cannot listen on {}: {e}",
                        config.metrics.listen
                    ))
                })?,
        )
    };
    let metrics = Arc::new(Metrics::new());
    if role == Role::All {
        // On SQLite this process runs the only worker: leases left behind were held by
        // a process that died, so its deliveries are due now, not after the lease.
        let released = store.release_orphaned_leases().await?;
        if released > 0 {
            info!(released, "released deliveries leased by a previous process");
        }
        let released = store.release_orphaned_inbox_leases().await?;
        if released > 0 {
            info!(released, "released inbox jobs leased by a previous process");
        }
    }
    let ids = Arc::new(IdGenerator::new(rand::random()));
    let public_url = config.public_url(addr);
    let protocols = protocols::build_all(&ProtocolContext {
        config: &config,
        public_url: &public_url,
        repo: Arc::new(store.clone()),
        http: http.clone(),
        ids: ids.clone(),
        queue: Arc::new(store.clone()),
        inbox: Arc::new(store.clone()),
        personal: Arc::new(store.clone()),
        status_accounts: Arc::new(store.clone()),
        local_emojis: local_emojis.clone(),
    })
    .await?;
    let mut deliverers: HashMap<Protocol, Arc<dyn Deliverer>> = HashMap::new();
    let mut adapters = Vec::new();
    let mut route_factories = Vec::new();
    let mut applier_factories = Vec::new();
    for part in protocols {
        let protocol = part.adapter.protocol();
        let deliverer = MeteredDeliverer::wrap(part.deliverer, protocol, metrics.clone());
        deliverers.insert(protocol, deliverer);
        adapters.push(part.adapter);
        route_factories.push(part.routes);
        applier_factories.push((protocol, part.applier));
    }
    let worker_config = worker_config(&config, role);
    // The inbox processor leases under the same name as the delivery worker.
    let processor_config = InboxProcessorConfig::new(worker_config.worker_id.clone());
    // Registered so other worker processes release this one's leases as soon as it
    // dies, and it theirs (PostgreSQL: by its session; both: by its heartbeat).
    let worker = Worker::new(Arc::new(store.clone()), deliverers, worker_config)
        .with_registry(Arc::new(store.worker_presence()));
    let (services, adapters) = services::build(services::Parts {
        config: &config,
        public_url: &public_url,
        store: &store,
        http: &http,
        ids: ids.clone(),
        worker: worker.handle(),
        adapters,
        instance_blocks: instance_blocks.clone(),
        local_emojis: local_emojis.clone(),
    })?;
    let inbox_processor = InboxProcessor::new(
        Arc::new(store.clone()),
        applier_factories
            .into_iter()
            .map(|(protocol, factory)| (protocol, factory(services.clone())))
            .collect(),
        processor_config,
    );
    let mut protocol_routes: Vec<axum::Router> = route_factories
        .into_iter()
        .map(|factory| factory(services.clone()))
        .collect();
    let media = media_library(&config, &public_url);
    let (api, uploads) = client_api(
        &config,
        &public_url,
        &store,
        services.clone(),
        media.clone(),
        ids.clone(),
    );
    protocol_routes.push(api);
    let state = AppState {
        public_url: public_url.into(),
        config: Arc::new(config),
        store,
        http,
        ids,
        worker: worker.handle(),
        services,
        adapters,
        media,
    };
    let shutdown = CancellationToken::new();
    let mut tasks = vec![
        tokio::spawn(worker.run(shutdown.child_token())),
        tokio::spawn(inbox_processor.run(shutdown.child_token())),
        tokio::spawn(crate::blocklist::keep_fresh(
            instance_blocks,
            shutdown.child_token(),
        )),
        tokio::spawn(crate::local_emojis::keep_fresh(
            local_emojis,
            shutdown.child_token(),
        )),
    ];
    if let Some(listener) = metrics_listener {
        info!(listen = ?listener.local_addr().ok(), "serving metrics");
        tasks.push(tokio::spawn(crate::metrics::serve(
            listener,
            metrics.clone(),
            state.store.clone(),
            shutdown.clone(),
        )));
    }
    if let Some(listener) = listener {
        let app = router(state.clone(), protocol_routes, vec![uploads]).layer(
            axum::middleware::from_fn_with_state(metrics.clone(), crate::metrics::track),
        );
        let stop = shutdown.clone();
        info!(url = %state.public_url, listen = ?addr, "serving HTTP");
        tasks.push(tokio::spawn(async move {
            // Peer addresses let the OAuth login rate-limit failed attempts per IP.
            let app = app.into_make_service_with_connect_info::<SocketAddr>();
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { stop.cancelled().await })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "HTTP server stopped with an error");
            }
        }));
    }
    Ok(RunningInstance {
        state,
        addr,
        shutdown,
        tasks,
    })
}
