//! Request parameters the way Mastodon reads them: from the query string, a form body or
//! a JSON body alike, with repeated keys (`types[]=a&types[]=b`) and nested ones
//! (`home[last_read_id]=1`, or `{"home": {"last_read_id": "1"}}` in JSON) kept.

use axum::http::HeaderMap;
use serde_json::Value;

use crate::error::ApiError;

/// Every parameter as `(key, value)` pairs, in order: the query string first, then the
/// body. Nested JSON objects become `outer[inner]` keys and arrays `key[]` entries.
#[derive(Debug, Default)]
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub fn from_query(raw: Option<&str>) -> Result<Self, ApiError> {
        let pairs = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::Invalid(format!("query string {e}")))?;
        Ok(Params(pairs))
    }

    /// The query string's parameters followed by the body's (form or JSON).
    pub fn from_request(
        raw_query: Option<&str>,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self, ApiError> {
        let mut params = Params::from_query(raw_query)?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        let is_json = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/json"));
        if is_json {
            let value: Value = serde_json::from_slice(body)
                .map_err(|e| ApiError::Invalid(format!("body is not valid JSON: {e}")))?;
            flatten("", &value, &mut params.0);
        } else {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
                .map_err(|e| ApiError::Invalid(format!("body {e}")))?;
            params.0.extend(pairs);
        }
        Ok(params)
    }

    /// The last value given for `key` (a later one wins, as in Rails), if not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of a list parameter: `key[]` and plain repeated `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        let bracketed = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| *k == bracketed || k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A boolean flag: `true`/`1`/`on` are true, anything else (or nothing) false.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1" | "on" | "True" | "TRUE"))
    }
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}[{key}]")
                };
                flatten(&key, inner, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(&format!("{prefix}[]"), item, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_form_and_json_read_alike() {
        let query = Params::from_query(Some("types[]=follow&types[]=mention&limit=5")).unwrap();
        assert_eq!(query.all("types"), vec!["follow", "mention"]);
        assert_eq!(query.get("limit"), Some("5"));
        assert_eq!(query.get("missing"), None);

        let mut json = HeaderMap::new();
        json.insert("content-type", "application/json".parse().unwrap());
        let body = br#"{"home": {"last_read_id": "12"}, "agreement": true, "ids": [1, 2]}"#;
        let params = Params::from_request(None, &json, body).unwrap();
        assert_eq!(params.get("home[last_read_id]"), Some("12"));
        assert!(params.flag("agreement"));
        assert_eq!(params.all("ids"), vec!["1", "2"]);

        let form = Params::from_request(
            Some("a=1"),
            &HeaderMap::new(),
            b"notifications%5Blast_read_id%5D=7&a=2",
        )
        .unwrap();
        assert_eq!(form.get("notifications[last_read_id]"), Some("7"));
        assert_eq!(form.get("a"), Some("2"), "the body wins over the query");
        assert!(Params::from_request(None, &json, b"{not json").is_err());
    }
}
