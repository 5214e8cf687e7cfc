//! B5, timelines (issue 7): `GET /api/v1/timelines/home?limit=40` for random users out of
//! USERS local accounts, on a database holding STATUSES statuses, while signed
//! `Create(Note)` activities arrive at the shared inbox at INBOX_RATE per second (B1-style
//! load from simulated fleet actors that every user also follows). Each user follows 50 to
//! 200 of the seeded authors, so home timelines mix many authors as in production.
//! Prints p50/p99/max and req/s, the inbox rate actually achieved, and the ceiling: the
//! same home query timed directly on the store (candidates only, no filtering or JSON),
//! and each of a page's three store reads timed alone (where a request's time goes).
//!
//! `timelines [USERS] [STATUSES] [REQUESTS] [INBOX_RATE] [CLIENTS] [--postgres]`
//! (defaults 2,000, 1,000,000, 4,000, 1,000, 4). PostgreSQL also with
//! `ROOKERY_BENCH_DATABASE_URL` set (a scratch database on the test server is used).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue};
use rand::{Rng, SeedableRng};
use rookery_bench::fleet::Fleet;
use rookery_bench::fleet_pool::{PoolSpec, SignedActivity};
use rookery_bench::instance::{self, DOMAIN};
use rookery_bench::scratch::{self, arg};
use rookery_bench::seed::seed;
use rookery_bench::stats::{per_second, Latencies};
use rookery_core::social::{Follow, FollowState};
use rookery_core::AccessToken;
use rookery_core::{Account, AccountId, FollowId, Id, NoteId, Origin, Page, Timestamp, TokenId};
use rookery_net::{HttpClient, NetConfig};
use rookery_store::Store;
use tokio::sync::Semaphore;
use url::Url;

/// Remote accounts authoring the seeded statuses.
const AUTHORS: usize = 2_000;
/// Fleet actors sending the inbox load; every user follows a few of them.
const FLEET_ACTORS: usize = 200;
const FLEET_HOSTS: usize = 20;
const PAGE: u32 = 40;

struct User {
    id: AccountId,
    token: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let users = arg(1, 2_000).max(1);
    let statuses = arg(2, 1_000_000);
    let requests = arg(3, 4_000).max(1);
    let inbox_rate = arg(4, 1_000);
    let clients = arg(5, 4).max(1);
    if std::env::var("ROOKERY_BENCH_DATABASE_URL").is_ok() {
        std::env::set_var("ROOKERY_BENCH_POSTGRES", "1");
    }
    let db = scratch::database().await?;
    let store = db.store().await?;
    let authors = seed(&store, AUTHORS.min(statuses.max(1)), statuses).await?;
    let seeded = Instant::now();
    let local = seed_users(&store, users, &authors).await?;
    println!(
        "seeded {users} local users with follows and tokens in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );

    let fleet = Fleet::start().await?;
    let bench = instance::start(fleet.addr, Some(db.url().to_owned())).await?;
    let client = HttpClient::new(NetConfig {
        allow_private_addresses: true,
        resolve: vec![(DOMAIN.to_owned(), bench.addr)],
        ..NetConfig::default()
    })?;

    // The inbox load: one warm-up activity per actor (rookery fetches each actor once),
    // then enough for the timed part at the requested rate.
    let inbox = Url::parse(&format!("http://{DOMAIN}/inbox"))?;
    let expected_secs = (requests as f64 / 400.0).max(5.0);
    let spec = PoolSpec {
        activities: FLEET_ACTORS + (inbox_rate as f64 * expected_secs * 2.0) as usize,
        actors: FLEET_ACTORS,
        hosts: FLEET_HOSTS,
        padding: 1_800,
    };
    let mut pool = fleet.signed_pool(&inbox, &spec)?;
    let timed_pool = pool.split_off(FLEET_ACTORS);
    for activity in pool {
        post(&client, activity).await?;
    }
    follow_fleet(&store, &local).await?;

    // Timed: the inbox sender at its pace, and CLIENTS closed-loop timeline readers.
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let sender = tokio::spawn(send_at_rate(
        client.clone(),
        timed_pool,
        inbox_rate,
        stop.clone(),
        sent.clone(),
    ));
    let local = Arc::new(local);
    let remaining = Arc::new(AtomicUsize::new(requests));
    let cpu_before = process_cpu();
    let started = Instant::now();
    let mut readers = tokio::task::JoinSet::new();
    for n in 0..clients {
        let (client, local, remaining) = (client.clone(), local.clone(), remaining.clone());
        readers.spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
            let mut samples = Vec::new();
            while remaining
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| r.checked_sub(1))
                .is_ok()
            {
                let user = &local[rng.gen_range(0..local.len())];
                samples.push(home(&client, user).await?);
            }
            anyhow::Ok(samples)
        });
    }
    let mut samples = Vec::with_capacity(requests);
    while let Some(done) = readers.join_next().await {
        samples.extend(done??);
    }
    let elapsed = started.elapsed();
    let done = samples.len();
    let cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    stop.store(true, Ordering::Relaxed);
    let inbox_errors = sender.await??;
    let delivered = sent.load(Ordering::Relaxed);

    let ceiling = direct_home_queries(&store, &local, 1_000).await?;
    println!(
        "# B5 timelines ({}): {users} users, {statuses} seeded statuses, {clients} clients, inbox load {inbox_rate}/s",
        scratch::backend_name()
    );
    println!(
        "GET /api/v1/timelines/home?limit={PAGE}: {} requests, {:.0} req/s; {}; target p99 <= 10 ms",
        samples.len(),
        per_second(samples.len(), elapsed),
        Latencies::new(samples).summary()
    );
    println!(
        "inbox load during the run: {:.0} activities/s accepted ({delivered} in {:.1} s, {inbox_errors} not 202)",
        per_second(delivered, elapsed),
        elapsed.as_secs_f64()
    );
    if let Some(cpu) = cpu {
        // Server, readers and the inbox load share this process: with no inbox load this
        // is what one request costs (client side included), whatever else the machine runs.
        println!(
            "process CPU during the run: {:.2} s of {:.1} s, {:.2} ms per request",
            cpu.as_secs_f64(),
            elapsed.as_secs_f64(),
            cpu.as_secs_f64() * 1000.0 / done.max(1) as f64
        );
    }
    println!(
        "ceiling: the home query alone on the store (candidates, no filtering or JSON): {}",
        ceiling.summary()
    );
    let stages = page_stages(&store, &local, 1_000).await?;
    println!(
        "a page's store reads, timed alone after the run: candidates {}; viewer ties {}; status batch {}",
        stages[0].summary(),
        stages[1].summary(),
        stages[2].summary()
    );
    bench.running.shutdown().await;
    store.close().await;
    Ok(())
}

/// User plus system CPU time of this process so far (`/proc/self/stat`, in clock ticks,
/// 100 per second on Linux), or `None` where that file is missing.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Local users, each following 50 to 200 of `authors` (accepted), with a bearer token.
async fn seed_users(
    store: &Store,
    users: usize,
    authors: &[AccountId],
) -> anyhow::Result<Vec<User>> {
    let at = Timestamp::from_millis(1_764_000_000_000);
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let mut out = Vec::with_capacity(users);
    let mut next_id = 9_000_000_000i64;
    let mut fresh = || {
        next_id += 1;
        Id::from_i64(next_id)
    };
    for n in 0..users {
        let account = Account {
            id: AccountId(fresh()),
            username: format!("reader{n}"),
            domain: None,
            display_name: format!("Reader {n}"),
            note: String::new(),
            locked: false,
            bot: false,
            discoverable: true,
            profile: Default::default(),
            origin: Origin::Local,
            created_at: at,
            updated_at: at,
        };
        let credentials = rookery_core::LocalCredentials {
            account_id: account.id,
            // Never used to log in: the benchmark authenticates with tokens.
            password_hash: "unused".into(),
            admin: false,
        };
        store.create_local_account(&account, &credentials).await?;
        let token = format!("bench-token-{n}");
        store
            .create_access_token(&AccessToken {
                id: TokenId(fresh()),
                account: account.id,
                token_sha256: rookery_server::accounts::token_hash(&token),
                scopes: "read write follow".into(),
                app_name: None,
                created_at: at,
            })
            .await?;
        out.push(User {
            id: account.id,
            token,
        });
    }
    for chunk in out.chunks(100) {
        let mut tx = store.begin().await?;
        for user in chunk {
            let count = rng.gen_range(50..=200).min(authors.len());
            for followee in rand::seq::index::sample(&mut rng, authors.len(), count) {
                tx.insert_follow(&follow(fresh(), user.id, authors[followee], at))
                    .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(out)
}

fn follow(id: Id, follower: AccountId, followee: AccountId, at: Timestamp) -> Follow {
    Follow {
        id: FollowId(id),
        follower,
        followee,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at,
    }
}

/// Every user follows five of the fleet actors, so the inbox load lands in home
/// timelines (the actors exist once the warm-up made rookery fetch them).
async fn follow_fleet(store: &Store, users: &[User]) -> anyhow::Result<()> {
    let mut actors = Vec::new();
    for n in 0..FLEET_ACTORS {
        let uri = Fleet::actor_id(&Fleet::host(n % FLEET_HOSTS), &format!("u{n}"));
        if let Some(account) = store.account_by_uri(&uri).await? {
            actors.push(account.id);
        }
    }
    anyhow::ensure!(
        !actors.is_empty(),
        "no fleet actor was stored by the warm-up"
    );
    let at = Timestamp::from_millis(1_764_000_000_000);
    let mut next = 9_500_000_000i64;
    for chunk in users.chunks(200) {
        let mut tx = store.begin().await?;
        for (i, user) in chunk.iter().enumerate() {
            for k in 0..5 {
                next += 1;
                let followee = actors[(i * 5 + k) % actors.len()];
                tx.insert_follow(&follow(Id::from_i64(next), user.id, followee, at))
                    .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn post(client: &HttpClient, activity: SignedActivity) -> anyhow::Result<()> {
    let url = format!("http://{DOMAIN}/inbox");
    let status = client
        .post(&url, activity.headers, activity.body)
        .await?
        .status;
    anyhow::ensure!(status.as_u16() == 202, "inbox answered {status}");
    Ok(())
}

/// POSTs the pool at `rate` per second (in 10 ms ticks, at most 256 in flight) until
/// `stop`; returns how many were not answered 202.
async fn send_at_rate(
    client: HttpClient,
    pool: Vec<SignedActivity>,
    rate: usize,
    stop: Arc<AtomicBool>,
    sent: Arc<AtomicUsize>,
) -> anyhow::Result<usize> {
    let errors = Arc::new(AtomicUsize::new(0));
    if rate == 0 {
        return Ok(0);
    }
    let slots = Arc::new(Semaphore::new(256));
    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut pool = pool.into_iter();
    let mut issued = 0usize;
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        let due = (started.elapsed().as_secs_f64() * rate as f64) as usize;
        while issued < due {
            let Some(activity) = pool.next() else {
                return Ok(errors.load(Ordering::Relaxed));
            };
            issued += 1;
            let permit = slots.clone().acquire_owned().await?;
            let (client, sent, errors) = (client.clone(), sent.clone(), errors.clone());
            tokio::spawn(async move {
                let _permit = permit;
                match post(&client, activity).await {
                    Ok(()) => sent.fetch_add(1, Ordering::Relaxed),
                    Err(_) => errors.fetch_add(1, Ordering::Relaxed),
                };
            });
        }
    }
    Ok(errors.load(Ordering::Relaxed))
}

/// One home timeline request; fails unless it is a 200 with a JSON array.
async fn home(client: &HttpClient, user: &User) -> anyhow::Result<Duration> {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", user.token))?,
    );
    let url = format!("http://{DOMAIN}/api/v1/timelines/home?limit={PAGE}");
    let started = Instant::now();
    let response = client.get(&url, headers).await?;
    let elapsed = started.elapsed();
    anyhow::ensure!(
        response.status.as_u16() == 200 && response.body.first() == Some(&b'['),
        "home answered {}",
        response.status
    );
    Ok(elapsed)
}

/// The home candidates query alone, for random users, timed on the store.
async fn direct_home_queries(
    store: &Store,
    users: &[User],
    count: usize,
) -> anyhow::Result<Latencies> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let page = Page {
        limit: PAGE,
        ..Page::default()
    };
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let user = &users[rng.gen_range(0..users.len())];
        let started = Instant::now();
        let notes = store.home_timeline(user.id, &page).await?;
        samples.push(started.elapsed());
        anyhow::ensure!(!notes.is_empty(), "an empty home timeline");
    }
    Ok(Latencies::new(samples))
}

/// Where a page's store time goes: the three reads a home page makes (candidates with
/// their mentions, attachments and tags; the viewer's ties to the authors; what the
/// statuses show beyond the notes), each timed directly on the store, no HTTP or JSON.
async fn page_stages(
    store: &Store,
    users: &[User],
    count: usize,
) -> anyhow::Result<[Latencies; 3]> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let page = Page {
        limit: PAGE,
        ..Page::default()
    };
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for _ in 0..count {
        let user = &users[rng.gen_range(0..users.len())];
        let started = Instant::now();
        let notes = store.home_timeline(user.id, &page).await?;
        samples[0].push(started.elapsed());
        let mut authors: Vec<AccountId> = notes.iter().map(|n| n.author).collect();
        authors.sort_by_key(|a| a.as_i64());
        authors.dedup();
        let started = Instant::now();
        store.viewer_ties(user.id, &authors).await?;
        samples[1].push(started.elapsed());
        let ids: Vec<NoteId> = notes.iter().map(|n| n.id).collect();
        let shown: Vec<AccountId> = notes
            .iter()
            .flat_map(|n| std::iter::once(n.author).chain(n.mentions.iter().copied()))
            .collect();
        let started = Instant::now();
        store.status_batch(&ids, &shown, Some(user.id)).await?;
        samples[2].push(started.elapsed());
    }
    let [a, b, c] = samples;
    Ok([Latencies::new(a), Latencies::new(b), Latencies::new(c)])
}
