//! Durations written as people write them in config files: `500ms`, `30s`, `5m`, `2h`,
//! `7d`.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

impl HumanDuration {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("{text:?} has no unit (use ms, s, m, h or d)"))?;
        let (number, unit) = text.split_at(split);
        let n: u64 = number
            .parse()
            .map_err(|_| format!("{text:?} does not start with a whole number"))?;
        let millis = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            other => return Err(format!("unknown unit {other:?} (use ms, s, m, h or d)")),
        };
        Ok(HumanDuration(Duration::from_millis(
            n.saturating_mul(millis),
        )))
    }
}

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ms", self.0.as_millis())
    }
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        HumanDuration::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        let table = [
            ("500ms", Some(500)),
            ("30s", Some(30_000)),
            ("5m", Some(300_000)),
            ("2h", Some(7_200_000)),
            ("7d", Some(604_800_000)),
            ("5", None),
            ("m", None),
            ("5 weeks", None),
            ("-5s", None),
        ];
        for (text, millis) in table {
            assert_eq!(
                HumanDuration::parse(text)
                    .ok()
                    .map(|d| d.0.as_millis() as u64),
                millis,
                "{text:?}"
            );
        }
    }
}
