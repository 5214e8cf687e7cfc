//! What the client API tests share: an HTTP caller with bearer tokens, JSON or form
//! bodies and extra headers; clusters on either backend; tokens with chosen scopes.
// Each test file uses part of this module.
#![allow(dead_code)]

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use rookery_core::{AccessToken, Account, TokenId};
use rookery_server::config::Config;
use rookery_testkit::{Backend, ClusterOptions, TestCluster, TestInstance};
use serde_json::{json, Value};

/// Adjusts an instance's configuration by its domain.
pub type Configure = Box<dyn Fn(&str, &mut Config) + Send + Sync>;

pub struct Api<'a> {
    pub instance: &'a TestInstance,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub link: Option<String>,
}

pub enum Body<'a> {
    None,
    Json(Value),
    Form(&'a str),
}

impl Api<'_> {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Body<'_>,
        extra: &[(&'static str, &str)],
    ) -> Reply {
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            headers.insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
            );
        }
        for (name, value) in extra {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let bytes = match body {
            Body::None => Bytes::new(),
            Body::Json(value) => {
                headers.insert("content-type", HeaderValue::from_static("application/json"));
                Bytes::from(value.to_string())
            }
            Body::Form(text) => {
                headers.insert(
                    "content-type",
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                Bytes::from(text.to_owned())
            }
        };
        let request = rookery_net::OutboundRequest::new(method, self.instance.url(path))
            .with_headers(headers)
            .with_body(bytes);
        let response = self.instance.state().http.execute(request).await.unwrap();
        Reply {
            status: response.status.as_u16(),
            body: serde_json::from_slice(&response.body).unwrap_or(Value::Null),
            link: response
                .headers
                .get("link")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, Body::None, &[]).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Body::Json(body), &[])
            .await
    }

    /// Posts a status and returns its id.
    pub async fn status(&self, token: &str, text: &str, visibility: &str) -> String {
        let reply = self
            .post(
                "/api/v1/statuses",
                token,
                json!({"status": text, "visibility": visibility}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["id"].as_str().unwrap().to_owned()
    }
}

pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// `n` instances on `backend`; `None` when PostgreSQL is unavailable outside CI.
pub async fn cluster(
    n: usize,
    backend: Backend,
    configure: Option<Configure>,
) -> Option<TestCluster> {
    let options = ClusterOptions {
        backend,
        configure,
        ..ClusterOptions::default()
    };
    TestCluster::start_with(n, options).await.unwrap()
}

/// A token of `account` limited to `scopes`, to check 403s.
pub async fn token_with(instance: &TestInstance, account: &Account, scopes: &str) -> String {
    let secret = format!("{scopes}-token-{}", account.id).replace([' ', ':'], "-");
    let state = instance.state();
    state
        .store
        .create_access_token(&AccessToken {
            id: TokenId(state.ids.next(rookery_server::instance::now())),
            account: account.id,
            token_sha256: rookery_server::accounts::token_hash(&secret),
            scopes: scopes.into(),
            app_name: None,
            created_at: rookery_server::instance::now(),
        })
        .await
        .unwrap();
    secret
}
