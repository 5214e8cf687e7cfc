//! RFC 9421 HTTP Message Signatures: verifying peers' `Signature-Input`/`Signature` with
//! Mastodon's policy (activitypub.md §4.2) and signing our double-knock retry.

use std::time::SystemTime;

use http::header::{HeaderName, HeaderValue, DATE};
use http::{HeaderMap, Method};
use sfv::{BareItem, InnerList, Item, ListEntry, Parameters, Parser, SerializeValue as _};
use url::Url;

use super::digest::{content_digest_header, verify_content_digest};
use super::error::SignatureError;
use super::keys::{Algorithm, PublicKey, SigningKey};
use super::request::RequestParts;
use super::window;
use super::Scheme;

/// The label we give our own signatures (any label is accepted inbound).
const OUR_LABEL: &str = "sig1";

/// A parsed RFC 9421 signature, before the key is known. Fetch the key named by
/// [`key_id`](Self::key_id), then call [`verify`](Self::verify).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedSignature {
    label: String,
    /// The covered components with their parameters, as received (RFC 9421 §2).
    covered: InnerList,
    key_id: String,
    created: i64,
    expires: Option<i64>,
    alg: Option<String>,
    signature: Vec<u8>,
}

/// Parses `Signature-Input` and `Signature` of `req` (RFC 9421 §4.1, §4.2). Like Mastodon
/// we accept exactly one signature, of any label, and require `created` and `keyid`.
pub fn parse(req: &RequestParts<'_>) -> Result<ParsedSignature, SignatureError> {
    let input = req
        .header("signature-input")?
        .ok_or(SignatureError::Missing)?;
    let signature = req
        .header("signature")?
        .ok_or_else(|| SignatureError::malformed("Signature-Input without Signature"))?;

    let inputs = Parser::parse_dictionary(input.as_bytes())
        .map_err(|e| SignatureError::malformed(format!("Signature-Input: {e}")))?;
    let mut members = inputs.into_iter();
    let (label, entry) = match (members.next(), members.next()) {
        (Some(only), None) => only,
        _ => return Err(SignatureError::malformed("expected exactly one signature")),
    };
    let ListEntry::InnerList(covered) = entry else {
        return Err(SignatureError::malformed(
            "Signature-Input member is not a list",
        ));
    };

    let mut names: Vec<&str> = Vec::with_capacity(covered.items.len());
    for item in &covered.items {
        let BareItem::String(name) = &item.bare_item else {
            return Err(SignatureError::malformed(
                "component identifier is not a string",
            ));
        };
        // RFC 9421 §2.5: a component may appear only once.
        if names.contains(&name.as_str()) {
            return Err(SignatureError::malformed(format!("{name} covered twice")));
        }
        names.push(name);
    }

    let params = &covered.params;
    let created = match params.get("created") {
        Some(BareItem::Integer(created)) => *created,
        Some(_) => return Err(SignatureError::malformed("created is not an integer")),
        None => return Err(SignatureError::malformed("no created")),
    };
    let expires = match params.get("expires") {
        Some(BareItem::Integer(expires)) => Some(*expires),
        Some(_) => return Err(SignatureError::malformed("expires is not an integer")),
        None => None,
    };
    let key_id = match params.get("keyid") {
        Some(BareItem::String(key_id)) => key_id.clone(),
        Some(_) => return Err(SignatureError::malformed("keyid is not a string")),
        None => return Err(SignatureError::malformed("no keyid")),
    };
    let alg = match params.get("alg") {
        Some(BareItem::String(alg)) => {
            algorithm_by_name(alg)?;
            Some(alg.clone())
        }
        Some(_) => return Err(SignatureError::malformed("alg is not a string")),
        None => None,
    };

    let signatures = Parser::parse_dictionary(signature.as_bytes())
        .map_err(|e| SignatureError::malformed(format!("Signature: {e}")))?;
    if signatures.len() != 1 {
        return Err(SignatureError::malformed("expected exactly one signature"));
    }
    let signature = match signatures.get(&label) {
        Some(ListEntry::Item(item)) => item
            .bare_item
            .as_byte_seq()
            .cloned()
            .ok_or_else(|| SignatureError::malformed("signature is not a byte sequence"))?,
        _ => return Err(SignatureError::malformed(format!("no signature {label}"))),
    };

    Ok(ParsedSignature {
        label,
        covered,
        key_id,
        created,
        expires,
        alg,
        signature,
    })
}

/// The algorithms we verify, by their registry names (RFC 9421 §6.2.2).
fn algorithm_by_name(name: &str) -> Result<Algorithm, SignatureError> {
    match name {
        "rsa-v1_5-sha256" => Ok(Algorithm::RsaSha256),
        "ed25519" => Ok(Algorithm::Ed25519),
        other => Err(SignatureError::UnsupportedAlgorithm(other.to_owned())),
    }
}

impl ParsedSignature {
    /// The `keyid` parameter: the key to fetch.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Always [`Scheme::Rfc9421`].
    pub fn scheme(&self) -> Scheme {
        Scheme::Rfc9421
    }

    /// The signature's label in the two dictionaries.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The `alg` parameter, when the signer sent one.
    pub fn alg(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// The `created` parameter (unix seconds).
    pub fn created(&self) -> i64 {
        self.created
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The covered component names, in order.
    pub fn components(&self) -> Vec<&str> {
        self.covered
            .items
            .iter()
            .filter_map(|item| item.bare_item.as_str())
            .collect()
    }

    fn covers(&self, name: &str) -> bool {
        self.components().contains(&name)
    }

    /// The signature base (RFC 9421 §2.5) of `req` for this signature. `public_scheme` is
    /// our public URL scheme (`https`, or `http` in tests): with the `Host` header it forms
    /// `@target-uri` (the server, not the request, knows the scheme behind a proxy).
    pub fn signature_base(
        &self,
        req: &RequestParts<'_>,
        public_scheme: &str,
    ) -> Result<String, SignatureError> {
        signature_base(req, public_scheme, &self.covered)
    }

    /// Verifies against `key` at time `now`: Mastodon's coverage rules (`@method` and
    /// `@target-uri`, plus `content-digest` on POST), the time window of activitypub.md
    /// §4.1, the body's `Content-Digest`, then the signature over the base.
    pub fn verify(
        &self,
        req: &RequestParts<'_>,
        public_scheme: &str,
        key: &PublicKey,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        for required in ["@method", "@target-uri"] {
            if !self.covers(required) {
                return Err(SignatureError::MissingCoverage(required));
            }
        }
        if req.method == Method::POST && !self.covers("content-digest") {
            return Err(SignatureError::MissingCoverage("content-digest"));
        }
        window::check(self.created, self.expires, window::unix_seconds(now))?;
        if self.covers("content-digest") {
            let digest = req
                .header("content-digest")?
                .ok_or(SignatureError::DigestMismatch)?;
            verify_content_digest(&digest, req.body)?;
        }
        // Without `alg` the key decides (RFC 9421 §3.2 step 6, as Mastodon does).
        let algorithm = match &self.alg {
            Some(alg) => algorithm_by_name(alg)?,
            None => key.algorithm(),
        };
        let base = self.signature_base(req, public_scheme)?;
        key.verify(algorithm, base.as_bytes(), &self.signature)
    }
}

/// Builds the signature base (RFC 9421 §2.5): for each covered component its serialized
/// identifier, `": "` and its value, each line ending in `\n`; then the
/// `"@signature-params"` line with the serialized inner list and no trailing newline.
fn signature_base(
    req: &RequestParts<'_>,
    public_scheme: &str,
    covered: &InnerList,
) -> Result<String, SignatureError> {
    let mut base = String::new();
    for item in &covered.items {
        let name = item
            .bare_item
            .as_str()
            .ok_or_else(|| SignatureError::malformed("component identifier is not a string"))?;
        if !item.params.is_empty() {
            // `sf`, `key`, `bs`, `req`, `tr`, `name` (RFC 9421 §2.1, §2.2.8): not used by
            // any fediverse signer we know; refuse rather than sign something else.
            return Err(SignatureError::malformed(format!(
                "parameters on component {name} are not supported"
            )));
        }
        let identifier = item
            .serialize_value()
            .map_err(|e| SignatureError::malformed(format!("component {name}: {e}")))?;
        let value = component_value(req, public_scheme, name)?;
        base.push_str(&identifier);
        base.push_str(": ");
        base.push_str(&value);
        base.push('\n');
    }
    // §2.3: the value of @signature-params is the inner list with its parameters,
    // serialized as a Structured Field (RFC 8941 §4.1.1.1).
    let list: sfv::List = vec![ListEntry::InnerList(covered.clone())];
    let params = list
        .serialize_value()
        .map_err(|e| SignatureError::malformed(format!("signature parameters: {e}")))?;
    base.push_str("\"@signature-params\": ");
    base.push_str(&params);
    Ok(base)
}

/// The value of one component (RFC 9421 §2.1 fields, §2.2 derived components).
fn component_value(
    req: &RequestParts<'_>,
    public_scheme: &str,
    name: &str,
) -> Result<String, SignatureError> {
    Ok(match name {
        // §2.2.1: the method as sent, uppercase for standard methods.
        "@method" => req.method.as_str().to_owned(),
        // §2.2.2: the absolute target URI.
        "@target-uri" => format!(
            "{}://{}{}",
            public_scheme.to_ascii_lowercase(),
            authority(req, public_scheme)?,
            req.path_and_query
        ),
        // §2.2.3: host and port, lower-case, default port omitted.
        "@authority" => authority(req, public_scheme)?,
        // §2.2.4
        "@scheme" => public_scheme.to_ascii_lowercase(),
        // §2.2.5: path and query of the origin-form target.
        "@request-target" => req.path_and_query.to_owned(),
        // §2.2.6: an empty path is "/".
        "@path" => match req.path() {
            "" => "/".to_owned(),
            path => path.to_owned(),
        },
        // §2.2.7: the query with its leading "?", or "?" alone when there is none.
        "@query" => format!("?{}", req.query().unwrap_or("")),
        derived if derived.starts_with('@') => {
            return Err(SignatureError::malformed(format!(
                "unsupported derived component {derived}"
            )))
        }
        // §2.1: field names are lower-case; values are the combined field lines.
        field => {
            if field.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(SignatureError::malformed(format!(
                    "field name {field} is not lower-case"
                )));
            }
            req.header(field)?.ok_or_else(|| {
                SignatureError::malformed(format!("covered field {field} is missing"))
            })?
        }
    })
}

/// `@authority` from the `Host` header: lower-cased, without the scheme's default port
/// (RFC 9421 §2.2.3, RFC 9110 §4.2.3).
fn authority(req: &RequestParts<'_>, public_scheme: &str) -> Result<String, SignatureError> {
    let host = req
        .header("host")?
        .ok_or_else(|| SignatureError::malformed("no Host header"))?
        .to_ascii_lowercase();
    let default_port = match public_scheme.to_ascii_lowercase().as_str() {
        "http" => Some(":80"),
        "https" => Some(":443"),
        _ => None,
    };
    Ok(
        match default_port.and_then(|port| host.strip_suffix(port)) {
            Some(bare) => bare.to_owned(),
            None => host,
        },
    )
}

/// Headers for our RFC 9421 retry of a POST (the second knock after a 401, activitypub.md
/// §4.2): covers `"@method" "@target-uri" "@authority" "content-digest"` with `created`,
/// `keyid` and `alg` (`rsa-v1_5-sha256` for RSA keys). The result holds `Date` (not
/// covered, for peers that log it), `Content-Digest`, `Signature-Input` and `Signature`.
pub fn sign_post(
    key: &SigningKey,
    key_id: &str,
    url: &Url,
    body: &[u8],
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    sign(key, key_id, &Method::POST, url, body, now)
}

/// Headers for an RFC 9421-signed GET: `"@method" "@target-uri" "@authority"`.
pub fn sign_get(
    key: &SigningKey,
    key_id: &str,
    url: &Url,
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    sign(key, key_id, &Method::GET, url, &[], now)
}

fn sign(
    key: &SigningKey,
    key_id: &str,
    method: &Method,
    url: &Url,
    body: &[u8],
    now: SystemTime,
) -> Result<HeaderMap, SignatureError> {
    let header_value = |text: &str| {
        HeaderValue::from_str(text)
            .map_err(|_| SignatureError::malformed(format!("cannot send header value {text:?}")))
    };
    let scheme = url.scheme();
    let path_and_query = super::path_and_query(url);

    // The headers the base reads: Host (for @authority/@target-uri) and Content-Digest.
    let mut headers = HeaderMap::new();
    headers.insert(http::header::HOST, header_value(&super::authority(url)?)?);
    let mut names = vec!["@method", "@target-uri", "@authority"];
    if method == Method::POST {
        headers.insert(
            HeaderName::from_static("content-digest"),
            header_value(&content_digest_header(body))?,
        );
        names.push("content-digest");
    }

    let mut params = Parameters::new();
    params.insert(
        "created".into(),
        BareItem::Integer(window::unix_seconds(now)),
    );
    params.insert("keyid".into(), BareItem::String(key_id.to_owned()));
    params.insert(
        "alg".into(),
        BareItem::String(key.algorithm().rfc9421_name().to_owned()),
    );
    let covered = InnerList::with_params(
        names
            .iter()
            .map(|name| Item::new(BareItem::String((*name).to_owned())))
            .collect(),
        params,
    );

    let req = RequestParts {
        method,
        path_and_query: &path_and_query,
        headers: &headers,
        body,
    };
    let base = signature_base(&req, scheme, &covered)?;
    let signature = key.sign(base.as_bytes())?;

    let mut input = sfv::Dictionary::new();
    input.insert(OUR_LABEL.into(), ListEntry::InnerList(covered));
    let mut output = sfv::Dictionary::new();
    output.insert(
        OUR_LABEL.into(),
        Item::new(BareItem::ByteSeq(signature)).into(),
    );
    let serialize = |dict: &sfv::Dictionary| {
        dict.serialize_value()
            .map_err(|e| SignatureError::malformed(format!("cannot serialize: {e}")))
    };

    let mut out = HeaderMap::new();
    out.insert(DATE, header_value(&httpdate::fmt_http_date(now))?);
    if let Some(digest) = headers.remove("content-digest") {
        out.insert(HeaderName::from_static("content-digest"), digest);
    }
    out.insert(
        HeaderName::from_static("signature-input"),
        header_value(&serialize(&input)?)?,
    );
    out.insert(
        HeaderName::from_static("signature"),
        header_value(&serialize(&output)?)?,
    );
    Ok(out)
}
