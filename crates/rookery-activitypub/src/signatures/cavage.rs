//! draft-cavage-http-signatures-12 `Signature` headers: signing the way Mastodon does and
//! verifying with Mastodon's rules (activitypub.md §4.1).

use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, Method};
use url::Url;

use super::digest::{digest_header, verify_digest_header};
use super::error::SignatureError;
use super::keys::{Algorithm, PublicKey, SigningKey};
use super::request::RequestParts;
use super::window;
use super::Scheme;

/// The `algorithm` parameter. Both are verified as RSASSA-PKCS1-v1_5 SHA-256 with an RSA
/// key (activitypub.md §4.1); `hs2019` means "derive it from the key"
/// (draft-cavage-http-signatures-12 §2.1.3), so an Ed25519 key is also accepted with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CavageAlgorithm {
    RsaSha256,
    Hs2019,
}

impl CavageAlgorithm {
    /// The parameter value as sent.
    pub fn name(self) -> &'static str {
        match self {
            Self::RsaSha256 => "rsa-sha256",
            Self::Hs2019 => "hs2019",
        }
    }
}

/// A parsed `Signature` header, before the key is known. Fetch the key named by
/// [`key_id`](Self::key_id), then call [`verify`](Self::verify).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSignature {
    key_id: String,
    algorithm: CavageAlgorithm,
    headers: Vec<String>,
    signature: Vec<u8>,
    created: Option<Timestamp>,
    expires: Option<Timestamp>,
}

/// A `created`/`expires` parameter: the text as sent (it is what `(created)` signs) and
/// whole seconds for the time window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Timestamp {
    text: String,
    seconds: i64,
}

/// Parses the `Signature` header of `req`; `Missing` when there is none.
pub fn parse(req: &RequestParts<'_>) -> Result<ParsedSignature, SignatureError> {
    let mut values = req.headers.get_all("signature").iter();
    let value = values.next().ok_or(SignatureError::Missing)?;
    if values.next().is_some() {
        return Err(SignatureError::malformed("several Signature headers"));
    }
    let text = value
        .to_str()
        .map_err(|_| SignatureError::malformed("Signature header is not ASCII"))?;
    parse_header_value(text)
}

/// Parses a `Signature` header value (draft-cavage-http-signatures-12 §4.1 / §2.1).
pub fn parse_header_value(value: &str) -> Result<ParsedSignature, SignatureError> {
    let params = parse_params(strip_scheme_prefix(value.trim()))?;
    let get = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
    };

    let key_id = get("keyId").ok_or_else(|| SignatureError::malformed("no keyId"))?;
    let signature = get("signature").ok_or_else(|| SignatureError::malformed("no signature"))?;
    let signature = STANDARD
        .decode(signature.trim())
        .map_err(|_| SignatureError::malformed("signature is not base64"))?;

    // Absent algorithm means hs2019 (activitypub.md §4.1 table, following Mastodon).
    let algorithm = match get("algorithm").map(str::to_ascii_lowercase).as_deref() {
        None | Some("hs2019") => CavageAlgorithm::Hs2019,
        Some("rsa-sha256") => CavageAlgorithm::RsaSha256,
        Some(other) => return Err(SignatureError::UnsupportedAlgorithm(other.to_owned())),
    };

    // Absent headers: `date` for rsa-sha256, `(created)` for hs2019 (activitypub.md §4.1;
    // draft-cavage-http-signatures-12 §2.1.6 says `(created)`, older drafts `date`).
    let headers: Vec<String> = match get("headers") {
        Some(list) => list
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect(),
        None => vec![match algorithm {
            CavageAlgorithm::RsaSha256 => "date".to_owned(),
            CavageAlgorithm::Hs2019 => "(created)".to_owned(),
        }],
    };
    if headers.is_empty() {
        return Err(SignatureError::malformed("empty headers list"));
    }

    let created = get("created").map(parse_timestamp).transpose()?;
    let expires = get("expires").map(parse_timestamp).transpose()?;
    for (pseudo, value) in [("(created)", &created), ("(expires)", &expires)] {
        if !headers.iter().any(|h| h == pseudo) {
            continue;
        }
        // draft-cavage-http-signatures-12 §2.3: these pseudo-headers are an error with
        // algorithms named after RSA/HMAC/ECDSA; Mastodon refuses them the same way.
        if algorithm == CavageAlgorithm::RsaSha256 {
            return Err(SignatureError::malformed(format!(
                "{pseudo} is not allowed with rsa-sha256"
            )));
        }
        if value.is_none() {
            return Err(SignatureError::malformed(format!(
                "{pseudo} signed but its parameter is missing"
            )));
        }
    }

    Ok(ParsedSignature {
        key_id: key_id.to_owned(),
        algorithm,
        headers,
        signature,
        created,
        expires,
    })
}

/// Mastodon tolerates a buggy `Signature ` prefix inside the header value (the
/// `Authorization: Signature ...` form pasted into `Signature`).
fn strip_scheme_prefix(value: &str) -> &str {
    match value.get(..10) {
        Some(prefix) if prefix.eq_ignore_ascii_case("signature ") => value[10..].trim_start(),
        _ => value,
    }
}

/// Splits `name="value",name=value,...` (draft-cavage-http-signatures-12 §4.1). Values
/// are quoted strings (backslash escapes a character) or bare tokens (`created=123`).
fn parse_params(text: &str) -> Result<Vec<(String, String)>, SignatureError> {
    let mut params: Vec<(String, String)> = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return Ok(params);
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start();
        if name.is_empty() || !rest.starts_with('=') {
            return Err(SignatureError::malformed("expected name=value"));
        }
        rest = rest[1..].trim_start();
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    _ => out.push(c),
                }
            }
            let end = end.ok_or_else(|| SignatureError::malformed("unterminated quote"))?;
            value = out;
            rest = &quoted[end + 1..];
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_owned();
            rest = &rest[end..];
        }
        if params.iter().any(|(existing, _)| existing == name) {
            return Err(SignatureError::malformed(format!("duplicate {name}")));
        }
        params.push((name.to_owned(), value));
    }
}

/// `created`/`expires` are unix seconds; draft-12 allows a fraction on `expires`, which
/// the window ignores (whole seconds, like Mastodon's `to_i`).
fn parse_timestamp(text: &str) -> Result<Timestamp, SignatureError> {
    let whole = text.split_once('.').map_or(text, |(whole, _)| whole);
    let seconds = whole
        .parse::<i64>()
        .map_err(|_| SignatureError::malformed(format!("bad timestamp {text:?}")))?;
    Ok(Timestamp {
        text: text.to_owned(),
        seconds,
    })
}

impl ParsedSignature {
    /// The `keyId`: the key to fetch (an actor URL with a fragment, a key document URL...).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Always [`Scheme::DraftCavage`].
    pub fn scheme(&self) -> Scheme {
        Scheme::DraftCavage
    }

    /// The `algorithm` parameter (hs2019 when absent).
    pub fn algorithm(&self) -> CavageAlgorithm {
        self.algorithm
    }

    /// The covered header names, lower-cased, in signing order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    fn covers(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }

    /// The signing string (draft-cavage-http-signatures-12 §2.3): one `name: value` line per
    /// covered header, joined by `\n`. `(request-target)` is the lower-case method, a space
    /// and the path, with `?query` when `include_query` (and the target has one).
    pub fn signing_string(
        &self,
        req: &RequestParts<'_>,
        include_query: bool,
    ) -> Result<String, SignatureError> {
        let target = if include_query {
            req.path_and_query
        } else {
            req.path()
        };
        let mut lines = Vec::with_capacity(self.headers.len());
        for name in &self.headers {
            let value = match name.as_str() {
                "(request-target)" => {
                    format!("{} {target}", req.method.as_str().to_ascii_lowercase())
                }
                "(created)" => self
                    .created
                    .as_ref()
                    .map(|t| t.text.clone())
                    .ok_or_else(|| {
                        SignatureError::malformed("(created) signed but its parameter is missing")
                    })?,
                "(expires)" => self
                    .expires
                    .as_ref()
                    .map(|t| t.text.clone())
                    .ok_or_else(|| {
                        SignatureError::malformed("(expires) signed but its parameter is missing")
                    })?,
                header => req.header(header)?.ok_or_else(|| {
                    SignatureError::malformed(format!("signed header {header} is missing"))
                })?,
            };
            lines.push(format!("{name}: {value}"));
        }
        Ok(lines.join("\n"))
    }

    /// Verifies against `key` at time `now`: coverage, time window and body digest
    /// (activitypub.md §4.1), then the signature, with `(request-target)` first including
    /// the query and then without it (the GoToSocial/Mastodon leniency).
    pub fn verify(
        &self,
        req: &RequestParts<'_>,
        key: &PublicKey,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        self.check_coverage(req.method)?;
        self.check_window(req, window::unix_seconds(now))?;
        if self.covers("digest") {
            let digest = req
                .header("digest")?
                .ok_or(SignatureError::DigestMismatch)?;
            verify_digest_header(&digest, req.body)?;
        }

        let algorithm = match self.algorithm {
            CavageAlgorithm::RsaSha256 => Algorithm::RsaSha256,
            CavageAlgorithm::Hs2019 => key.algorithm(),
        };
        let with_query = self.signing_string(req, true)?;
        match key.verify(algorithm, with_query.as_bytes(), &self.signature) {
            Err(SignatureError::BadSignature)
                if req.query().is_some() && self.covers("(request-target)") =>
            {
                let without_query = self.signing_string(req, false)?;
                key.verify(algorithm, without_query.as_bytes(), &self.signature)
            }
            other => other,
        }
    }

    /// Mastodon's coverage rules (activitypub.md §4.1 table).
    fn check_coverage(&self, method: &Method) -> Result<(), SignatureError> {
        if !(self.covers("date") || self.covers("(created)")) {
            return Err(SignatureError::MissingCoverage("date or (created)"));
        }
        if !(self.covers("(request-target)") || self.covers("digest")) {
            return Err(SignatureError::MissingCoverage(
                "(request-target) or digest",
            ));
        }
        if method == Method::GET && !self.covers("host") {
            return Err(SignatureError::MissingCoverage("host"));
        }
        if method == Method::POST && !self.covers("digest") {
            return Err(SignatureError::MissingCoverage("digest"));
        }
        Ok(())
    }

    /// The time the signature was made is the signed `(created)` when covered, else the
    /// signed `Date` header; `expires` counts only when `(expires)` is covered, since an
    /// unsigned one could be stretched by anyone.
    fn check_window(&self, req: &RequestParts<'_>, now: i64) -> Result<(), SignatureError> {
        let created = match &self.created {
            Some(created) if self.covers("(created)") => created.seconds,
            _ => {
                let date = req
                    .header("date")?
                    .ok_or_else(|| SignatureError::malformed("no Date header"))?;
                let date = httpdate::parse_http_date(&date)
                    .map_err(|_| SignatureError::malformed("Date is not an HTTP date"))?;
                window::unix_seconds(date)
            }
        };
        let expires = match &self.expires {
            Some(expires) if self.covers("(expires)") => Some(expires.seconds),
            _ => None,
        };
        window::check(created, expires, now)
    }
}

/// Headers to add to an outgoing POST (inbox delivery), signed exactly as Mastodon signs
/// them: `(request-target) host date digest content-type` with `algorithm="rsa-sha256"`
/// (activitypub.md §4.1 "What Mastodon sends"). `key_id` is `<actor>#main-key`. The
/// result holds `Host`, `Date`, `Digest`, `Content-Type` and `Signature`; send `body`
/// byte for byte as given.
pub fn sign_post(
    key: &SigningKey,
    key_id: &str,
    url: &Url,
    content_type: &str,
    body: &[u8],
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    sign_post_digested(key, key_id, url, content_type, &digest_header(body), now)
}

/// [`sign_post`] for a body whose `Digest` header value ([`digest_header`]) the caller
/// already has: a fan-out sends one body to many inboxes, and only `(request-target)`,
/// `host` and `date` differ between them, so the body is hashed once per activity.
pub fn sign_post_digested(
    key: &SigningKey,
    key_id: &str,
    url: &Url,
    content_type: &str,
    digest: &str,
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    sign(
        key,
        key_id,
        &Method::POST,
        url,
        now,
        &[
            (HeaderName::from_static("digest"), digest.to_owned()),
            (CONTENT_TYPE, content_type.to_owned()),
        ],
    )
}

/// Headers to add to an outgoing signed GET (authorized fetch): `(request-target) host
/// date accept`, like Mastodon. The result holds `Host`, `Date`, `Accept` and `Signature`.
pub fn sign_get(
    key: &SigningKey,
    key_id: &str,
    url: &Url,
    accept: &str,
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    sign(
        key,
        key_id,
        &Method::GET,
        url,
        now,
        &[(ACCEPT, accept.to_owned())],
    )
}

/// Signs `(request-target) host date` plus `extra`, in that order.
fn sign(
    key: &SigningKey,
    key_id: &str,
    method: &Method,
    url: &Url,
    now: SystemTime,
    extra: &[(HeaderName, String)],
) -> Result<HeaderMap, SignatureError> {
    let target = super::path_and_query(url);
    let mut covered = vec![
        (
            "(request-target)".to_owned(),
            format!("{} {target}", method.as_str().to_ascii_lowercase()),
        ),
        ("host".to_owned(), super::authority(url)?),
        ("date".to_owned(), httpdate::fmt_http_date(now)),
    ];
    covered.extend(
        extra
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.clone())),
    );

    let signing_string = covered
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let signature = STANDARD.encode(key.sign(signing_string.as_bytes())?);
    // Ed25519 has no cavage name of its own; hs2019 tells the verifier to ask the key.
    let algorithm = match key.algorithm() {
        Algorithm::RsaSha256 => CavageAlgorithm::RsaSha256,
        Algorithm::Ed25519 => CavageAlgorithm::Hs2019,
    };
    if key_id.contains(['"', '\\']) {
        return Err(SignatureError::malformed("keyId must not contain quotes"));
    }
    let names: Vec<&str> = covered.iter().map(|(name, _)| name.as_str()).collect();
    let header = format!(
        "keyId=\"{key_id}\",algorithm=\"{}\",headers=\"{}\",signature=\"{signature}\"",
        algorithm.name(),
        names.join(" ")
    );

    let mut out = HeaderMap::new();
    let value = |text: &str| {
        HeaderValue::from_str(text)
            .map_err(|_| SignatureError::malformed(format!("cannot send header value {text:?}")))
    };
    // Everything covered but the `(request-target)` pseudo-header is a real header.
    for (name, text) in &covered[1..] {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| SignatureError::malformed(format!("bad header name {name}")))?;
        out.insert(name, value(text)?);
    }
    out.insert(HeaderName::from_static("signature"), value(&header)?);
    Ok(out)
}
