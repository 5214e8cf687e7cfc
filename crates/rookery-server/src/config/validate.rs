//! Checks that need more than types: each failure names its key.

use std::net::SocketAddr;

use rookery_core::Domain;

use super::load::ConfigError;
use super::model::Config;

pub(super) fn validate(config: &Config) -> Result<(), ConfigError> {
    Domain::parse(&config.instance.domain)
        .map_err(|e| ConfigError::key("instance.domain", e.to_string()))?;
    if let Some(scheme) = &config.instance.scheme {
        if scheme != "https" && scheme != "http" {
            return Err(ConfigError::key(
                "instance.scheme",
                format!("{scheme:?} must be \"https\" or \"http\""),
            ));
        }
    }
    config.http.listen.parse::<SocketAddr>().map_err(|_| {
        ConfigError::key(
            "http.listen",
            format!(
                "{:?} is not an address such as 127.0.0.1:8080",
                config.http.listen
            ),
        )
    })?;
    if let Some(url) = &config.database.url {
        let known = ["sqlite:", "postgres://", "postgresql://"];
        if !known.iter().any(|p| url.starts_with(p)) {
            return Err(ConfigError::key(
                "database.url",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
    }
    if config.data.dir.as_os_str().is_empty() {
        return Err(ConfigError::key("data.dir", "must not be empty"));
    }
    if config.media.max_upload_bytes == 0 {
        return Err(ConfigError::key(
            "media.max_upload_bytes",
            "must be above 0",
        ));
    }
    if config.media.max_pixels == 0 {
        return Err(ConfigError::key("media.max_pixels", "must be above 0"));
    }
    for protocol in &config.federation.protocols {
        protocol
            .parse::<rookery_core::Protocol>()
            .map_err(|e| ConfigError::key("federation.protocols", e.to_string()))?;
    }
    if !config
        .federation
        .protocols
        .contains(&config.federation.prefer)
    {
        return Err(ConfigError::key(
            "federation.prefer",
            format!(
                "{:?} must be one of federation.protocols",
                config.federation.prefer
            ),
        ));
    }
    for (host, addr) in &config.federation.resolve {
        let pattern = host.strip_prefix("*.").unwrap_or(host);
        Domain::parse(pattern).map_err(|_| {
            ConfigError::key(
                format!("federation.resolve.{host}"),
                "is not a host name or *.wildcard",
            )
        })?;
        addr.parse::<SocketAddr>().map_err(|_| {
            ConfigError::key(
                format!("federation.resolve.{host}"),
                format!("{addr:?} is not an address such as 127.0.0.1:8002"),
            )
        })?;
    }
    let delivery = &config.delivery;
    if delivery.retry_schedule.is_empty() {
        return Err(ConfigError::key(
            "delivery.retry_schedule",
            "needs at least one delay",
        ));
    }
    for (key, value) in [
        ("delivery.concurrency", delivery.concurrency),
        (
            "delivery.per_host_concurrency",
            delivery.per_host_concurrency,
        ),
        (
            "delivery.unreachable_after_days",
            delivery.unreachable_after_days as usize,
        ),
    ] {
        if value == 0 {
            return Err(ConfigError::key(key, "must be at least 1"));
        }
    }
    // A zero lease would let every worker claim every delivery at once. Production wants
    // it longer than one attempt can take (the 30 s request timeout); tests use seconds.
    if delivery.lease.0 < std::time::Duration::from_secs(1) {
        return Err(ConfigError::key("delivery.lease", "must be at least 1s"));
    }
    if !matches!(config.log.format.as_str(), "text" | "json") {
        return Err(ConfigError::key(
            "log.format",
            "must be \"text\" or \"json\"",
        ));
    }
    Ok(())
}
