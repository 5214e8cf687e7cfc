//! Parse-don't-validate names: [`Username`], [`Domain`] and [`Handle`] (`user@domain`).

use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;

/// Longest local username we accept (Mastodon uses 30).
pub const MAX_USERNAME_LEN: usize = 30;

/// A local username: 1 to 30 of `A-Z a-z 0-9 _`. Compared case-insensitively.
///
/// This is stricter than both protocols allow (Versia also permits `-`), so that every
/// local name is valid everywhere. Remote usernames are kept as received, see
/// [`Handle`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        if input.is_empty() || input.len() > MAX_USERNAME_LEN {
            return Err(CoreError::invalid(
                "username",
                format!("must be 1 to {MAX_USERNAME_LEN} characters"),
            ));
        }
        if !input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(CoreError::invalid(
                "username",
                "may contain only letters, digits and underscores",
            ));
        }
        Ok(Username(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for uniqueness and lookups.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Username {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Username::parse(s)
    }
}

/// A host name, lowercased, without scheme, path or trailing dot. A port is allowed only
/// for local development setups (`localhost:8080`); federation peers are bare hosts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(String);

impl Domain {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let lower = input.trim().to_ascii_lowercase();
        let (host, port) = match lower.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h.to_owned(), Some(p.to_owned())),
            _ => (lower.clone(), None),
        };
        let bad = |why: &str| Err(CoreError::invalid("domain", format!("{input:?} {why}")));
        if host.is_empty() || host.len() > 253 {
            return bad("is empty or too long");
        }
        if host.ends_with('.') || host.starts_with('.') || host.contains("..") {
            return bad("has an empty label or a trailing dot");
        }
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !host.split('.').all(label_ok) {
            return bad("is not a valid host name (use punycode for international names)");
        }
        if let Some(p) = port {
            if p.parse::<u16>().map(|p| p == 0).unwrap_or(true) {
                return bad("has an invalid port");
            }
        }
        Ok(Domain(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host without any port.
    pub fn host(&self) -> &str {
        self.0.split(':').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Domain {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Domain::parse(s)
    }
}

/// `user@domain`, as typed by people (`@alice@example.com`, `alice@example.com`, or
/// `acct:alice@example.com` as WebFinger writes it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle {
    pub username: String,
    pub domain: Domain,
}

impl Handle {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let s = input.trim();
        let s = s.strip_prefix("acct:").unwrap_or(s);
        let s = s.strip_prefix('@').unwrap_or(s);
        let Some((user, domain)) = s.split_once('@') else {
            return Err(CoreError::invalid("handle", "expected user@domain"));
        };
        if user.is_empty()
            || user.len() > 256
            || !user
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            return Err(CoreError::invalid("handle", "has an invalid user part"));
        }
        Ok(Handle {
            username: user.to_owned(),
            domain: Domain::parse(domain)?,
        })
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.username, self.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        let table = [
            ("alice", true),
            ("Alice_99", true),
            ("", false),
            ("a-b", false),
            ("a b", false),
            ("ünï", false),
            (&"x".repeat(31), false),
            (&"x".repeat(30), true),
        ];
        for (input, ok) in table {
            assert_eq!(Username::parse(input).is_ok(), ok, "{input:?}");
        }
        assert_eq!(Username::parse("Alice").unwrap().key(), "alice");
    }

    #[test]
    fn domains() {
        let table = [
            ("example.com", Some("example.com")),
            ("Example.COM", Some("example.com")),
            ("xn--ls8h.la", Some("xn--ls8h.la")),
            ("localhost:8080", Some("localhost:8080")),
            ("a.test", Some("a.test")),
            ("example.com.", None),
            ("test..localhost", None),
            ("test.org/", None),
            ("https://bob.org", None),
            ("", None),
            ("-bad.com", None),
            ("host:0", None),
            ("host:99999", None),
        ];
        for (input, expected) in table {
            assert_eq!(
                Domain::parse(input).ok().map(|d| d.as_str().to_owned()),
                expected.map(str::to_owned),
                "{input:?}"
            );
        }
        assert_eq!(Domain::parse("localhost:8080").unwrap().host(), "localhost");
    }

    #[test]
    fn handles() {
        for input in [
            "@joe@b.social",
            "joe@b.social",
            "acct:joe@b.social",
            " @joe@B.Social ",
        ] {
            let h = Handle::parse(input).unwrap();
            assert_eq!(h.to_string(), "joe@b.social", "{input:?}");
        }
        for input in ["joe", "@joe", "joe@", "@@b.social", "jo e@b.social"] {
            assert!(Handle::parse(input).is_err(), "{input:?}");
        }
    }
}
