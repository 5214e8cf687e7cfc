//! The scenario's calls: a table of requests (method, path with `{name}` placeholders,
//! user, body, expected status, values to remember), and sending one.

use std::collections::BTreeMap;

use http::Method;
use serde_json::Value;

/// Local users of the scenario and the instance each lives on (0 = a.test, 1 = b.test).
pub const USERS: [(&str, usize); 4] = [("alice", 0), ("bob", 0), ("carol", 0), ("dave", 1)];

/// What the scenario has learnt so far (ids, tokens), substituted into `{name}`s.
pub type Ctx = BTreeMap<String, String>;
/// A condition on a response body: the call is repeated until it holds.
pub type Check = fn(&Value, &Ctx) -> bool;

pub enum Body {
    None,
    Json(Value),
    Form(Value),
    /// `multipart/form-data` with these text fields and one PNG `file`, as clients
    /// upload media.
    Upload(Value),
}

/// A 2x2 green PNG for uploads.
pub const PNG: [u8; 72] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x68, 0x60, 0x00,
    0x21, 0x08, 0x05, 0x00, 0x0e, 0x0e, 0x02, 0x01, 0x61, 0x1a, 0x7d, 0x84, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
pub const BOUNDARY: &str = "rookery-conformance-boundary";

pub fn multipart(fields: &Value) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields.as_object().unwrap() {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
                value.as_str().unwrap()
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"file\"; \
             filename=\"green.png\"\r\ncontent-type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&PNG);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub struct Call {
    pub method: Method,
    pub path: String,
    pub on: usize,
    /// The scenario key of the bearer token sent, if any.
    pub auth: Option<String>,
    pub body: Body,
    pub expect: u16,
    pub save: Vec<(&'static str, &'static str)>,
    pub until: Option<(&'static str, Check)>,
}

pub fn call(method: Method, path: &str) -> Call {
    Call {
        method,
        path: path.to_owned(),
        on: 0,
        auth: None,
        body: Body::None,
        expect: 200,
        save: Vec::new(),
        until: None,
    }
}

pub fn get(path: &str) -> Call {
    call(Method::GET, path)
}

pub fn post(path: &str) -> Call {
    call(Method::POST, path)
}

pub fn put(path: &str) -> Call {
    call(Method::PUT, path)
}

pub fn patch(path: &str) -> Call {
    call(Method::PATCH, path)
}

pub fn delete(path: &str) -> Call {
    call(Method::DELETE, path)
}

impl Call {
    /// Sent with this user's bearer token, to the instance the user lives on.
    pub fn by(mut self, user: &'static str) -> Self {
        let (_, on) = USERS
            .iter()
            .find(|(name, _)| *name == user)
            .unwrap_or_else(|| panic!("no user {user}"));
        self.on = *on;
        self.auth = Some(format!("{user}_token"));
        self
    }

    /// Sent with the token saved as `{key}` (an app's client-credentials token).
    pub fn token(mut self, key: &'static str) -> Self {
        self.auth = Some(key.to_owned());
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn form(mut self, body: Value) -> Self {
        self.body = Body::Form(body);
        self
    }

    pub fn upload(mut self, fields: Value) -> Self {
        self.body = Body::Upload(fields);
        self
    }

    pub fn expect(mut self, status: u16) -> Self {
        self.expect = status;
        self
    }

    /// Remembers the string at `pointer` in the response as `{name}`.
    pub fn save(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.save.push((name, pointer));
        self
    }

    pub fn until(mut self, what: &'static str, check: Check) -> Self {
        self.until = Some((what, check));
        self
    }
}

/// `{name}` replaced by the scenario's value for it.
pub fn fill(text: &str, ctx: &Ctx) -> String {
    let mut out = text.to_owned();
    for (name, value) in ctx {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !out.contains('{'),
        "unknown placeholder in {text:?} (known: {:?})",
        ctx.keys()
    );
    out
}

pub fn fill_value(value: &Value, ctx: &Ctx) -> Value {
    match value {
        Value::String(s) => Value::String(fill(s, ctx)),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill_value(v, ctx)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill_value(v, ctx)))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub async fn send(
    client: &reqwest::Client,
    bases: &[String],
    call: &Call,
    ctx: &Ctx,
) -> (String, Reply) {
    let path = fill(&call.path, ctx);
    let mut request = client.request(call.method.clone(), format!("{}{path}", bases[call.on]));
    if let Some(key) = &call.auth {
        request = request.bearer_auth(&ctx[key]);
    }
    request = match &call.body {
        Body::None => request,
        Body::Json(body) => request
            .header("content-type", "application/json")
            .body(fill_value(body, ctx).to_string()),
        Body::Form(body) => {
            let pairs: Vec<(String, String)> = fill_value(body, ctx)
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect();
            request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(serde_urlencoded::to_string(pairs).unwrap())
        }
        Body::Upload(fields) => request
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(&fill_value(fields, ctx))),
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.bytes().await.unwrap().to_vec();
    (
        path,
        Reply {
            status,
            content_type,
            body,
        },
    )
}
