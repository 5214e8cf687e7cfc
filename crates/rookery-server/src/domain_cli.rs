//! `rookery domain ...`: the operator's instance-level domain blocks (Mastodon's
//! "suspend"). A running server picks a change up within `blocklist::RELOAD_EVERY`.

use std::sync::Arc;

use clap::Subcommand;
use rookery_core::instance_blocks::{InstanceBlock, InstanceBlockList};
use rookery_core::Domain;

use crate::config::Config;
use crate::instance::{now, open_store};

#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// Block DOMAIN and all its subdomains: their requests are refused (403), nothing
    /// is sent to them, nothing is fetched from them and their accounts do not resolve.
    Block {
        /// A domain, e.g. `spam.example` (covers `*.spam.example` too).
        domain: String,
        /// Why, for other operators; never sent anywhere.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Lift the block on DOMAIN.
    Unblock { domain: String },
    /// List blocked domains, oldest first.
    List,
}

pub async fn run(config: Config, command: DomainCommand) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let blocks = InstanceBlockList::new(Arc::new(store.clone()));
    let result = match command {
        DomainCommand::Block { domain, reason } => block(&blocks, &domain, reason).await,
        DomainCommand::Unblock { domain } => unblock(&blocks, &domain).await,
        DomainCommand::List => list(&blocks).await,
    };
    store.close().await;
    result
}

fn parse(domain: &str) -> anyhow::Result<Domain> {
    Domain::parse(domain).map_err(|e| anyhow::anyhow!("{domain:?}: {e}"))
}

async fn block(
    blocks: &InstanceBlockList,
    domain: &str,
    reason: Option<String>,
) -> anyhow::Result<()> {
    let domain = parse(domain)?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let block = InstanceBlock {
        domain: domain.clone(),
        reason,
        created_at: now(),
    };
    if blocks.block(&block).await? {
        println!("blocked {}", domain.host());
    } else {
        println!("{} was already blocked", domain.host());
    }
    Ok(())
}

async fn unblock(blocks: &InstanceBlockList, domain: &str) -> anyhow::Result<()> {
    let domain = parse(domain)?;
    if blocks.unblock(&domain).await? {
        println!("unblocked {}", domain.host());
    } else {
        println!("{} was not blocked", domain.host());
    }
    Ok(())
}

async fn list(blocks: &InstanceBlockList) -> anyhow::Result<()> {
    print!("{}", render(&blocks.list().await?));
    Ok(())
}

/// One line a block: the domain, then the reason if any.
fn render(blocks: &[InstanceBlock]) -> String {
    if blocks.is_empty() {
        return "no blocked domains\n".to_owned();
    }
    blocks
        .iter()
        .map(|b| match &b.reason {
            Some(reason) => format!("{}\t{reason}\n", b.domain.host()),
            None => format!("{}\n", b.domain.host()),
        })
        .collect()
}
