//! Pre-flight checks on a URL, for the first request and for every redirect hop:
//! only http(s), a host is required, and IP-literal hosts pass the SSRF guard here
//! because reqwest connects to literals without asking the resolver.

use url::{Host, Url};

use crate::error::Refusal;
use crate::guard::Guard;

/// Parses and checks the URL a caller asked for.
pub(crate) fn parse(raw: &str, guard: &Guard) -> Result<Url, Refusal> {
    let url = Url::parse(raw).map_err(|e| Refusal::InvalidUrl(format!("{raw:?}: {e}")))?;
    check(&url, guard)?;
    Ok(url)
}

/// Checks an already parsed URL (a redirect target).
pub(crate) fn check(url: &Url, guard: &Guard) -> Result<(), Refusal> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refusal::InvalidUrl(format!(
            "{url}: only http and https are allowed"
        )));
    }
    match url.host() {
        None => Err(Refusal::InvalidUrl(format!("{url}: no host"))),
        Some(Host::Ipv4(ip)) => guard.check(&ip.to_string(), ip.into()),
        Some(Host::Ipv6(ip)) => guard.check(&ip.to_string(), ip.into()),
        // Names are checked by the resolver, on the addresses actually connected to.
        Some(Host::Domain(_)) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn refuses_bad_schemes_hosts_and_forbidden_literals() {
        let guard = Guard::new(false);
        let cases: &[(&str, &str)] = &[
            ("https://example.org/x", "ok"),
            ("http://8.8.8.8/", "ok"),
            ("http://[2001:4860:4860::8888]/", "ok"),
            ("ftp://example.org/", "invalid"),
            ("file:///etc/passwd", "invalid"),
            ("not a url", "invalid"),
            ("/relative", "invalid"),
            ("http://127.0.0.1:8080/", "forbidden"),
            // The URL parser normalises these spellings to 127.0.0.1.
            ("http://2130706433/", "forbidden"),
            ("http://0x7f.1/", "forbidden"),
            ("http://0177.0.0.1/", "forbidden"),
            ("http://127.0.0.1./", "forbidden"),
            ("http://[::1]/", "forbidden"),
            ("http://[::ffff:127.0.0.1]/", "forbidden"),
            ("http://10.0.0.1/", "forbidden"),
            ("http://169.254.169.254/latest/meta-data/", "forbidden"),
            ("http://0.0.0.0/", "forbidden"),
        ];
        for (raw, expected) in cases {
            let outcome = match parse(raw, &guard) {
                Ok(_) => "ok",
                Err(Refusal::InvalidUrl(_)) => "invalid",
                Err(Refusal::Forbidden(_)) => "forbidden",
                Err(other) => panic!("{raw}: unexpected {other}"),
            };
            assert_eq!(outcome, *expected, "{raw}");
        }
    }
}
