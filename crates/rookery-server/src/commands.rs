//! What each CLI command does. Output for people goes to stdout; logs go to stderr.

use std::io::Read;

use anyhow::Context;
use rookery_core::IdGenerator;

use crate::accounts::{self, generate_password};
use crate::config::Config;
use crate::instance::{self, now, open_store, Role};
use crate::shutdown::ShutdownSignal;

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let signal = ShutdownSignal::install().context("cannot listen for stop signals")?;
    crate::fd_limit::raise_and_log();
    let running = instance::start(config, Role::All, None).await?;
    first_run(&running.state).await?;
    println!("rookery is running at {}", running.public_url());
    let token = running.shutdown_token();
    tokio::spawn(async move {
        signal.recv().await;
        tracing::info!("shutting down: finishing requests and deliveries in flight");
        token.cancel();
    });
    running.wait().await;
    println!("rookery stopped");
    Ok(())
}

/// On the very first start there is nobody to log in as: create an administrator and
/// show its generated password once.
async fn first_run(state: &crate::state::AppState) -> anyhow::Result<()> {
    if state.store.count_local_accounts().await? > 0 {
        return Ok(());
    }
    let password = generate_password();
    let account =
        accounts::create_local_account(&state.store, &state.ids, now(), "admin", &password, true)
            .await?;
    println!("First start: created the administrator account.");
    println!("  username: {}", account.username);
    println!("  password: {password}");
    println!("  (shown once; keep it safe)");
    Ok(())
}

pub async fn worker(config: Config) -> anyhow::Result<()> {
    let signal = ShutdownSignal::install().context("cannot listen for stop signals")?;
    crate::fd_limit::raise_and_log();
    let running = instance::start(config, Role::WorkerOnly, None).await?;
    println!("rookery worker running");
    let token = running.shutdown_token();
    tokio::spawn(async move {
        signal.recv().await;
        token.cancel();
    });
    running.wait().await;
    Ok(())
}

pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    store.close().await;
    println!("database is up to date ({})", store.backend().as_str());
    Ok(())
}

pub async fn user_create(
    config: Config,
    name: &str,
    admin: bool,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let (password, generated) = if password_stdin {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .context("cannot read the password from standard input")?;
        (input.trim_end_matches(['\n', '\r']).to_owned(), false)
    } else {
        (generate_password(), true)
    };
    // Validate before touching the database, so a refused command changes nothing.
    rookery_core::Username::parse(name)?;
    accounts::check_password(name, &password)?;
    let store = open_store(&config).await?;
    let ids = IdGenerator::new(rand::random());
    let result = accounts::create_local_account(&store, &ids, now(), name, &password, admin).await;
    store.close().await;
    let account = result?;
    println!(
        "created {}{}",
        account.username,
        if admin { " (administrator)" } else { "" }
    );
    if generated {
        println!("password: {password}");
    }
    Ok(())
}

pub async fn user_list(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let users = store.local_accounts().await;
    store.close().await;
    let users = users?;
    if users.is_empty() {
        println!("no local accounts");
    }
    for (account, credentials) in users {
        println!(
            "{:<30} {:<6} created {}",
            account.username,
            if credentials.admin { "admin" } else { "" },
            account.created_at
        );
    }
    Ok(())
}

pub async fn token_create(config: Config, name: &str) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let ids = IdGenerator::new(rand::random());
    let token = accounts::create_token(&store, &ids, now(), name).await;
    store.close().await;
    println!("{}", token?);
    Ok(())
}

pub fn config_check(config: &Config) -> anyhow::Result<()> {
    println!("configuration is valid");
    println!("  instance.domain  = {}", config.instance.domain);
    println!("  public URL       = {}", config.public_url(None));
    println!("  http.listen      = {}", config.http.listen);
    println!("  database         = {}", redact(&config.database_url()));
    println!("  data.dir         = {}", config.data.dir.display());
    println!(
        "  federation       = private addresses {}, {} fixed host(s)",
        if config.federation.allow_private_addresses {
            "allowed"
        } else {
            "refused"
        },
        config.federation.resolve.len()
    );
    Ok(())
}

/// Hides a password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            let creds = &url[start + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://data/rookery.db"),
            "sqlite://data/rookery.db"
        );
    }
}
