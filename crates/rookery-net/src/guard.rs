//! The SSRF guard's address classifier: which IP addresses a federated server must never
//! connect to on a remote party's say-so (loopback, private, link-local, CGNAT,
//! multicast, documentation and other special-purpose ranges, per the IANA registries).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::Refusal;

/// Why `ip` must not be contacted, or `None` if it is an ordinary public address.
pub fn forbidden_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

/// Whether the guard refuses `ip` (when private addresses are not allowed).
pub fn is_forbidden(ip: IpAddr) -> bool {
    forbidden_reason(ip).is_some()
}

/// IANA IPv4 special-purpose ranges that are not globally reachable. Broadcast comes
/// before the reserved 240/4 that contains it, so it gets the more telling reason.
const V4_RANGES: &[([u8; 4], u32, &str)] = &[
    ([0, 0, 0, 0], 8, "unspecified (this network)"),
    ([10, 0, 0, 0], 8, "private"),
    ([100, 64, 0, 0], 10, "shared address space (CGNAT)"),
    ([127, 0, 0, 0], 8, "loopback"),
    ([169, 254, 0, 0], 16, "link-local"),
    ([172, 16, 0, 0], 12, "private"),
    ([192, 0, 0, 0], 24, "IETF protocol assignments"),
    ([192, 0, 2, 0], 24, "documentation"),
    ([192, 88, 99, 0], 24, "6to4 relay anycast (deprecated)"),
    ([192, 168, 0, 0], 16, "private"),
    ([198, 18, 0, 0], 15, "benchmarking"),
    ([198, 51, 100, 0], 24, "documentation"),
    ([203, 0, 113, 0], 24, "documentation"),
    ([224, 0, 0, 0], 4, "multicast"),
    ([255, 255, 255, 255], 32, "broadcast"),
    ([240, 0, 0, 0], 4, "reserved"),
];

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let n = u32::from(ip);
    V4_RANGES
        .iter()
        .find(|(net, len, _)| {
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            n & mask == u32::from_be_bytes(*net) & mask
        })
        .map(|(_, _, reason)| *reason)
}

/// What an IPv6 range means for the guard.
enum V6Rule {
    Forbid(&'static str),
    /// The range embeds an IPv4 address (at this bit offset) that reaches the IPv4
    /// network; it is as forbidden as that address, so `::ffff:127.0.0.1` is loopback.
    Embedded {
        shift: u32,
    },
}

/// Checked in order; the exact `::` and `::1` come before the `::/96` that holds them.
const V6_RANGES: &[(u128, u32, V6Rule)] = &[
    (0, 128, V6Rule::Forbid("unspecified")),
    (1, 128, V6Rule::Forbid("loopback")),
    (0xffff_0000_0000, 96, V6Rule::Embedded { shift: 0 }),
    (0, 96, V6Rule::Forbid("IPv4-compatible (deprecated)")),
    (0x0064_ff9b << 96, 96, V6Rule::Embedded { shift: 0 }),
    (
        0x0064_ff9b_0001 << 80,
        48,
        V6Rule::Forbid("local-use NAT64"),
    ),
    (0x0100 << 112, 64, V6Rule::Forbid("discard-only")),
    (0x2001_0002 << 96, 48, V6Rule::Forbid("benchmarking")),
    (0x2001_0db8 << 96, 32, V6Rule::Forbid("documentation")),
    (0x2002 << 112, 16, V6Rule::Embedded { shift: 80 }),
    (0x3fff << 112, 20, V6Rule::Forbid("documentation")),
    (0xfc00 << 112, 7, V6Rule::Forbid("unique local (private)")),
    (0xfe80 << 112, 10, V6Rule::Forbid("link-local")),
    (0xfec0 << 112, 10, V6Rule::Forbid("site-local (deprecated)")),
    (0xff00 << 112, 8, V6Rule::Forbid("multicast")),
];

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    let n = u128::from(ip);
    let (_, _, rule) = V6_RANGES.iter().find(|(net, len, _)| {
        let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
        n & mask == net & mask
    })?;
    match rule {
        V6Rule::Forbid(reason) => Some(reason),
        V6Rule::Embedded { shift } => {
            // Truncation to the 32 embedded bits is the point here.
            let v4 = Ipv4Addr::from((n >> shift) as u32);
            v4_reason(v4)
        }
    }
}

/// The guard as configured: either enforcing the classifier or, for development
/// clusters and tests, letting everything through.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    allow_private: bool,
    /// Unit tests need one reachable "public" server while everything reachable is
    /// loopback; this exempts exactly that address. Absent from real builds.
    #[cfg(test)]
    pub(crate) exempt: Vec<IpAddr>,
}

impl Guard {
    pub(crate) fn new(allow_private: bool) -> Self {
        Guard {
            allow_private,
            #[cfg(test)]
            exempt: Vec::new(),
        }
    }

    /// Refuses `ip` for `host` unless it is public or private addresses are allowed.
    pub(crate) fn check(&self, host: &str, ip: IpAddr) -> Result<(), Refusal> {
        if self.allow_private {
            return Ok(());
        }
        #[cfg(test)]
        if self.exempt.contains(&ip) {
            return Ok(());
        }
        match forbidden_reason(ip) {
            None => Ok(()),
            Some(reason) => Err(Refusal::Forbidden(format!("{host} is {ip} ({reason})"))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn classifies_a_table_of_addresses() {
        let cases: &[(&str, bool)] = &[
            // IPv4 forbidden
            ("0.0.0.0", true),
            ("0.1.2.3", true),
            ("127.0.0.1", true),
            ("127.255.255.254", true),
            ("10.0.0.1", true),
            ("10.255.255.255", true),
            ("172.16.0.1", true),
            ("172.31.255.255", true),
            ("192.168.1.1", true),
            ("169.254.169.254", true),
            ("100.64.0.1", true),
            ("100.127.255.255", true),
            ("192.0.0.8", true),
            ("192.0.2.1", true),
            ("198.18.0.1", true),
            ("198.19.255.255", true),
            ("198.51.100.7", true),
            ("203.0.113.9", true),
            ("224.0.0.1", true),
            ("239.255.255.250", true),
            ("240.0.0.1", true),
            ("255.255.255.255", true),
            // IPv4 public, including neighbours of forbidden ranges
            ("8.8.8.8", false),
            ("1.1.1.1", false),
            ("172.15.255.255", false),
            ("172.32.0.0", false),
            ("100.63.255.255", false),
            ("100.128.0.0", false),
            ("11.0.0.1", false),
            ("126.255.255.255", false),
            ("128.0.0.1", false),
            ("169.253.0.1", false),
            ("192.167.1.1", false),
            ("198.20.0.1", false),
            ("223.255.255.255", false),
            // IPv6 forbidden
            ("::", true),
            ("::1", true),
            ("fc00::1", true),
            ("fd12:3456::1", true),
            ("fe80::1", true),
            ("febf::1", true),
            ("fec0::1", true),
            ("ff02::1", true),
            ("2001:db8::1", true),
            ("3fff::1", true),
            ("100::1", true),
            ("::ffff:127.0.0.1", true),
            ("::ffff:10.0.0.1", true),
            ("::ffff:169.254.169.254", true),
            ("::ffff:0.0.0.0", true),
            ("::127.0.0.1", true),
            ("::8.8.8.8", true),
            ("64:ff9b::7f00:1", true),
            ("64:ff9b::a00:1", true),
            ("64:ff9b:1::1", true),
            ("2002:7f00:1::1", true),
            ("2002:c0a8:101::1", true),
            ("2001:2::1", true),
            // IPv6 public
            ("2001:4860:4860::8888", false),
            ("2606:4700:4700::1111", false),
            ("::ffff:8.8.8.8", false),
            ("64:ff9b::808:808", false),
            ("2002:808:808::1", false),
            ("fbff::1", false),
            ("2a00:1450:4001::1", false),
        ];
        for (text, forbidden) in cases {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(
                is_forbidden(ip),
                *forbidden,
                "{text}: reason {:?}",
                forbidden_reason(ip)
            );
        }
    }

    #[test]
    fn mapped_forms_share_the_ipv4_reason() {
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(forbidden_reason(mapped), Some("loopback"));
        let broadcast: IpAddr = "255.255.255.255".parse().unwrap();
        assert_eq!(forbidden_reason(broadcast), Some("broadcast"));
    }

    #[test]
    fn allowing_private_addresses_disables_the_guard() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(Guard::new(true).check("a.test", loopback).is_ok());
        assert!(matches!(
            Guard::new(false).check("a.test", loopback),
            Err(Refusal::Forbidden(_))
        ));
    }
}
