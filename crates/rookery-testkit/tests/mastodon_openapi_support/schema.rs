//! The OpenAPI document: its operations, which one a request falls under, and a JSON
//! Schema 2020-12 validator per documented response (`$ref`s resolved into components).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use http::Method;
use jsonschema::Validator;
use serde_json::{json, Value};

use super::calls::Reply;

/// Mistakes in the schema file, corrected here rather than in the copied file:
/// (method, path, why). Each listed response schema is read as an array of itself.
pub const LIST_ERRATA: &[(&str, &str, &str)] = &[(
    "get",
    "/api/v1/filters",
    "the schema gives one V1Filter; its own description (\"List of [V1::Filter]\") and \
     Mastodon answer a list",
)];

/// One operation of the schema: `GET /api/v1/statuses/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Operation {
    pub method: String,
    pub path: String,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method.to_uppercase(), self.path)
    }
}

pub struct OpenApi {
    pub document: Value,
    validators: HashMap<(Operation, u16), Option<Validator>>,
}

/// Path templates match segment by segment; `{name}` matches any one segment.
pub fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

pub fn literal_segments(template: &str) -> usize {
    template.split('/').filter(|s| !s.starts_with('{')).count()
}

impl OpenApi {
    pub fn load() -> OpenApi {
        let path = repo_root().join("fixtures/mastodon-openapi/schema.json");
        let text = std::fs::read_to_string(&path).expect("the OpenAPI fixture");
        let document: Value = serde_json::from_str(&text).unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
        OpenApi {
            document,
            validators: HashMap::new(),
        }
    }

    pub fn operations(&self) -> BTreeSet<Operation> {
        let mut out = BTreeSet::new();
        for (path, item) in self.document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                    out.insert(Operation {
                        method: method.clone(),
                        path: path.clone(),
                    });
                }
            }
        }
        out
    }

    /// The schema operation a concrete request falls under: the matching template with
    /// the most literal segments (`/accounts/lookup` wins over `/accounts/{id}`).
    pub fn operation_for(&self, method: &Method, path: &str) -> Option<Operation> {
        let method = method.as_str().to_lowercase();
        self.document["paths"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(template, item)| {
                item.get(&method).is_some() && template_matches(template, path)
            })
            .max_by_key(|(template, _)| literal_segments(template))
            .map(|(template, _)| Operation {
                method,
                path: template.clone(),
            })
    }

    /// The response object documented for this operation and status, if any.
    pub fn response(&self, op: &Operation, status: u16) -> Option<&Value> {
        self.document["paths"][&op.path][&op.method]["responses"].get(status.to_string())
    }

    /// A validator for the JSON body of `status` answers to `op`; `None` when the
    /// schema documents that status without a JSON body.
    pub fn validator(&mut self, op: &Operation, status: u16) -> Option<&Validator> {
        let key = (op.clone(), status);
        if !self.validators.contains_key(&key) {
            let schema = self
                .response(op, status)
                .and_then(|r| r.pointer("/content/application~1json/schema"))
                .cloned();
            let erratum = LIST_ERRATA
                .iter()
                .any(|(method, path, _)| *method == op.method && *path == op.path);
            let schema = match schema {
                Some(one) if erratum => Some(json!({"type": "array", "items": one})),
                other => other,
            };
            let validator = schema.map(|schema| {
                // The response schema becomes the root of a document that also carries
                // the components, so `#/components/schemas/...` resolves inside it.
                let mut root = match schema {
                    Value::Object(map) => map,
                    other => panic!("{op} {status}: schema is not an object: {other}"),
                };
                root.insert(
                    "$schema".into(),
                    json!("https://json-schema.org/draft/2020-12/schema"),
                );
                root.insert(
                    "components".into(),
                    json!({"schemas": self.document["components"]["schemas"]}),
                );
                // Formats are asserted (a `created_at` that is no date-time is a bug), but
                // `email` also admits "": Mastodon itself renders an unset contact
                // address so.
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(true)
                    .with_format("email", |s: &str| {
                        s.is_empty()
                            || s.split_once('@')
                                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                    })
                    .build(&Value::Object(root))
                    .unwrap_or_else(|e| panic!("{op} {status}: schema does not compile: {e}"))
            });
            self.validators.insert(key.clone(), validator);
        }
        self.validators.get(&key).and_then(Option::as_ref)
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Checks one answer against the schema; the errors, each naming the path, the JSON
/// pointer in the body and the validator's message.
pub fn validate(openapi: &mut OpenApi, op: &Operation, path: &str, reply: &Reply) -> Vec<String> {
    let label = format!("{op} ({path}) {}", reply.status);
    if openapi.response(op, reply.status).is_none() {
        return vec![format!("{label}: status not documented by the schema")];
    }
    let Some(validator) = openapi.validator(op, reply.status) else {
        // Documented without a JSON body (the HTML login page, 410 Gone): nothing to check.
        return Vec::new();
    };
    if !reply.content_type.starts_with("application/json") {
        return vec![format!(
            "{label}: content-type {:?}, the schema documents JSON",
            reply.content_type
        )];
    }
    let body: Value = match serde_json::from_slice(&reply.body) {
        Ok(body) => body,
        Err(e) => return vec![format!("{label}: body is not JSON: {e}")],
    };
    validator
        .iter_errors(&body)
        .map(|e| format!("{label}: at {:?}: {e}", e.instance_path().to_string()))
        .collect()
}
