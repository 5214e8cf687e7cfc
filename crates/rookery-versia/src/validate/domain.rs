//! The Domain rules (versia.md §2, §6.2): a bare ASCII host name, no scheme, no path,
//! no trailing dot, no port. `host:port` and bracketed IPv6 literals pass only in the
//! loopback test mode (`allow_port`), because a cluster of test instances on one machine
//! can only be told apart by port.

use std::net::Ipv6Addr;

use super::ValidationMode;

/// Longest host name (RFC 1035).
const MAX_HOST_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;

/// Checks `text` as a Domain; the error is a short reason for a 422 body.
pub fn check_domain(text: &str, mode: ValidationMode) -> Result<(), &'static str> {
    if text.is_empty() {
        return Err("is empty");
    }
    if text.contains('/') || text.contains('\\') {
        return Err("must be a bare host name, without scheme or path");
    }
    if !text.is_ascii() {
        return Err("must be ASCII (write international names in punycode)");
    }
    if let Some(rest) = text.strip_prefix('[') {
        if !mode.allow_port {
            return Err("must be a host name, not an IP literal");
        }
        let (literal, after) = rest.split_once(']').ok_or("has an unclosed '['")?;
        literal
            .parse::<Ipv6Addr>()
            .map_err(|_| "has an invalid IPv6 literal")?;
        return match after {
            "" => Ok(()),
            _ => after
                .strip_prefix(':')
                .ok_or("has garbage after the IPv6 literal")
                .and_then(check_port),
        };
    }
    let host = match text.split_once(':') {
        None => text,
        Some(_) if !mode.allow_port => return Err("must not include a port"),
        Some((host, port)) => {
            check_port(port)?;
            host
        }
    };
    check_host(host)
}

fn check_port(port: &str) -> Result<(), &'static str> {
    match port.parse::<u16>() {
        Ok(p) if p != 0 && port.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err("has an invalid port"),
    }
}

fn check_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() || host.len() > MAX_HOST_LEN {
        return Err("is empty or longer than 253 characters");
    }
    if host.ends_with('.') {
        return Err("must not end with a dot");
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("has an empty label");
        }
        if label.len() > MAX_LABEL_LEN {
            return Err("has a label longer than 63 characters");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("has a label starting or ending with '-'");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("may contain only letters, digits, '-' and '.'");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_table() {
        let strict = ValidationMode::default();
        let test = ValidationMode {
            allow_port: true,
            ..strict
        };
        // (input, strict ok, test-mode ok): the §6.2 examples plus port forms.
        let table = [
            ("example.com", true, true),
            ("xn--ls8h.la", true, true),
            ("localhost", true, true),
            ("versia-a.test", true, true),
            ("example.com:3000", false, true),
            ("example.com.", false, false),
            ("test..localhost", false, false),
            ("test.org/", false, false),
            ("https://bob.org", false, false),
            ("bücher.example", false, false),
            ("", false, false),
            ("-a.example", false, false),
            ("a_b.example", false, false),
            ("host:0", false, false),
            ("host:70000", false, false),
            ("host:", false, false),
            ("[::1]:8443", false, true),
            ("[2001:db8::1]", false, true),
            ("[nope]:1", false, false),
        ];
        for (input, strict_ok, test_ok) in table {
            assert_eq!(check_domain(input, strict).is_ok(), strict_ok, "{input}");
            assert_eq!(check_domain(input, test).is_ok(), test_ok, "{input}");
        }
    }
}
