//! Loading: defaults, then the TOML file, then `ROOKERY__SECTION__KEY` variables, then
//! validation. Every error names the key it is about, on one line.

use std::path::Path;

use toml::{Table, Value};

use super::model::Config;
use super::validate::validate;

/// The prefix of environment overrides: `ROOKERY__INSTANCE__DOMAIN=social.example`.
const ENV_PREFIX: &str = "ROOKERY__";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("config file {path} is not valid TOML: {reason}")]
    Syntax { path: String, reason: String },
    /// A key has a bad value or is unknown.
    #[error("config key {key}: {reason}")]
    Key { key: String, reason: String },
}

impl ConfigError {
    pub(crate) fn key(key: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError::Key {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

/// Loads the configuration from an optional file and the given environment.
pub fn load(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Config, ConfigError> {
    let mut table = match file {
        Some(path) => read_file(path)?,
        None => Table::new(),
    };
    apply_env(&mut table, env)?;
    let config: Config = serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.into_inner().message().trim().to_owned();
        // A whole-section error (e.g. an unknown key) has the section as its path.
        ConfigError::key(
            if path == "." {
                "(top level)".into()
            } else {
                path
            },
            reason,
        )
    })?;
    validate(&config)?;
    Ok(config)
}

fn read_file(path: &Path) -> Result<Table, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    text.parse::<Table>().map_err(|e| ConfigError::Syntax {
        path: shown,
        reason: e.message().lines().collect::<Vec<_>>().join("; "),
    })
}

/// Sets `table[section][key]` for each `ROOKERY__SECTION__KEY`. Values are read as TOML
/// when they look like booleans, integers, arrays or inline tables, else as strings, so
/// `ROOKERY__FEDERATION__RESOLVE='{ "b.test" = "127.0.0.1:8002" }'` works.
fn apply_env(
    table: &mut Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    for (name, raw) in env {
        let Some(rest) = name.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        let parts: Vec<String> = rest.split("__").map(|p| p.to_ascii_lowercase()).collect();
        let [section, key] = parts.as_slice() else {
            return Err(ConfigError::key(
                name.clone(),
                "environment overrides are named ROOKERY__SECTION__KEY",
            ));
        };
        let value = env_value(&raw).map_err(|reason| ConfigError::key(name.clone(), reason))?;
        let section_table = table
            .entry(section.clone())
            .or_insert_with(|| Value::Table(Table::new()));
        match section_table {
            Value::Table(t) => {
                t.insert(key.clone(), value);
            }
            _ => return Err(ConfigError::key(section.clone(), "must be a table")),
        }
    }
    Ok(())
}

fn env_value(raw: &str) -> Result<Value, String> {
    let trimmed = raw.trim();
    let structured = trimmed.starts_with('[')
        || trimmed.starts_with('{')
        || trimmed == "true"
        || trimmed == "false"
        || (!trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()));
    if !structured {
        return Ok(Value::String(raw.to_owned()));
    }
    let doc: Table = format!("v = {trimmed}")
        .parse()
        .map_err(|e: toml::de::Error| {
            let first_line = e.message().lines().next().unwrap_or("").to_owned();
            format!("is not a valid TOML value ({first_line})")
        })?;
    doc.get("v").cloned().ok_or_else(|| "is empty".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_make_a_local_instance() {
        let config = load(None, env(&[])).unwrap();
        assert_eq!(config.instance.domain, "localhost");
        assert_eq!(config.scheme(), "http");
        assert_eq!(
            config.public_url(Some("127.0.0.1:8080".parse().unwrap())),
            "http://localhost:8080"
        );
        assert!(config.database_url().starts_with("sqlite://"));
        assert!(!config.federation.allow_private_addresses);
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rookery.toml");
        std::fs::write(&path, "[instance]\ndomain = \"file.example\"\n").unwrap();
        let config = load(
            Some(&path),
            env(&[
                ("ROOKERY__INSTANCE__DOMAIN", "env.example"),
                ("ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES", "true"),
                (
                    "ROOKERY__FEDERATION__RESOLVE",
                    r#"{ "b.test" = "127.0.0.1:8002" }"#,
                ),
                ("UNRELATED", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(config.instance.domain, "env.example");
        assert_eq!(config.scheme(), "https");
        assert!(config.federation.allow_private_addresses);
        assert_eq!(config.federation.resolve["b.test"], "127.0.0.1:8002");
    }

    #[test]
    fn errors_name_the_key() {
        let table = [
            (
                vec![("ROOKERY__INSTANCE__DOMAIN", "https://x.example")],
                "instance.domain",
            ),
            (
                vec![("ROOKERY__INSTANCE__SCHEME", "ftp")],
                "instance.scheme",
            ),
            (vec![("ROOKERY__HTTP__LISTEN", "nowhere")], "http.listen"),
            (
                vec![("ROOKERY__DATABASE__URL", "mysql://x")],
                "database.url",
            ),
            (
                vec![("ROOKERY__DELIVERY__GIVE_UP_AFTER", "soon")],
                "delivery.give_up_after",
            ),
            (
                vec![("ROOKERY__DELIVERY__CONCURRENCY", "0")],
                "delivery.concurrency",
            ),
            (vec![("ROOKERY__DELIVERY__LEASE", "0s")], "delivery.lease"),
            (vec![("ROOKERY__INSTANCE__DOMIAN", "x")], "instance"),
            (
                vec![("ROOKERY__FEDERATION__PROTOCOLS", r#"["gopher"]"#)],
                "federation.protocols",
            ),
            (
                vec![
                    ("ROOKERY__FEDERATION__PREFER", "activitypub"),
                    ("ROOKERY__FEDERATION__PROTOCOLS", r#"["versia"]"#),
                ],
                "federation.prefer",
            ),
            (
                vec![("ROOKERY__FEDERATION__RESOLVE", r#"{ "b.test" = "nope" }"#)],
                "federation.resolve",
            ),
            (
                vec![("ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES", "[1")],
                "ROOKERY__FEDERATION__ALLOW_PRIVATE_ADDRESSES",
            ),
            (vec![("ROOKERY__ONLYSECTION", "x")], "ROOKERY__ONLYSECTION"),
        ];
        for (vars, key) in table {
            let err = load(None, env(&vars)).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("config key {key}")),
                "{vars:?} gave {err:?}, expected key {key}"
            );
            assert!(!err.contains('\n'), "one line: {err:?}");
        }
    }

    #[test]
    fn file_errors_are_clear() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let err = load(Some(&missing), env(&[])).unwrap_err().to_string();
        assert!(err.starts_with("cannot read config file"), "{err}");
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "[instance\n").unwrap();
        let err = load(Some(&broken), env(&[])).unwrap_err().to_string();
        assert!(err.contains("is not valid TOML"), "{err}");
    }
}
