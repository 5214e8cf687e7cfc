//! The command line: what `rookery --help` teaches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// rookery: a federated social server that speaks ActivityPub and Versia.
///
/// Start with `rookery serve`: with no configuration it runs on http://localhost:8080
/// with an embedded SQLite database under ./data, creates an admin account on first
/// start and prints its password. For a real domain, write a config file (see
/// config.example.toml) and pass it with --config.
///
/// Every setting can also be given as an environment variable ROOKERY__SECTION__KEY,
/// e.g. ROOKERY__INSTANCE__DOMAIN=social.example or
/// ROOKERY__DATABASE__URL=postgres://rookery@localhost/rookery.
#[derive(Debug, Parser)]
#[command(name = "rookery", version, propagate_version = true)]
pub struct Cli {
    /// TOML configuration file (every key is optional; see config.example.toml).
    #[arg(
        long,
        short,
        global = true,
        env = "ROOKERY_CONFIG",
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: HTTP and the delivery worker in one process.
    ///
    /// Stops gracefully on SIGTERM or Ctrl-C: requests and deliveries in flight finish,
    /// queued deliveries stay queued for the next start.
    Serve,
    /// Run only the delivery worker. Start several next to one `serve` process to spread
    /// delivery load (needs PostgreSQL; SQLite has a single writer).
    Worker,
    /// Create or upgrade the database schema, then exit. (`serve` does this too.)
    Migrate,
    /// Manage local accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// See and unstick outbound federation: the queue, failing and unreachable hosts.
    #[command(subcommand)]
    Federation(crate::federation_cli::FederationCommand),
    /// Block whole domains (Mastodon's "suspend"): list, block, unblock.
    #[command(subcommand)]
    Domain(crate::domain_cli::DomainCommand),
    /// The instance's custom emoji: add, list, remove.
    #[command(subcommand)]
    Emoji(crate::emoji_cli::EmojiCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a local account and print its password (generated unless
    /// --password-stdin is given).
    Create {
        /// 1 to 30 letters, digits or underscores.
        name: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from standard input instead of generating one
        /// (e.g. `echo "$PW" | rookery user create alice --password-stdin`).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List local accounts.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new bearer token for a local account, with read, write and follow scopes,
    /// for scripts and API clients: `curl -H "Authorization: Bearer $TOKEN" ...`.
    Create {
        /// The account's username.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Load and validate the configuration, print the effective settings, and exit
    /// non-zero on the first bad key.
    Check,
}
