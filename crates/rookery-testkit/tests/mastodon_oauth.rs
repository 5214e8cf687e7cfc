//! OAuth 2 as Mastodon clients use it, over real HTTP: app registration, the login and
//! consent form (CSRF, wrong passwords, throttling), the authorization code grant with
//! PKCE, single-use codes, refresh token rotation, revocation, client credentials, the
//! out-of-band flow and RFC 8414 metadata.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use rookery_testkit::{Backend, ClusterOptions, TestCluster, TestInstance};
use serde_json::Value;
use sha2::{Digest, Sha256};

const PASSWORD: &str = "a-test-password-1";
const REDIRECT: &str = "https://app.example/callback";
const OOB: &str = "urn:ietf:wg:oauth:2.0:oob";

struct Http {
    client: Client,
    base: String,
}

impl Http {
    fn new(instance: &TestInstance) -> Self {
        Http {
            client: Client::builder().redirect(Policy::none()).build().unwrap(),
            base: format!("http://{}", instance.addr()),
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    async fn get_json(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let response = self.get(path, token).await;
        let status = response.status().as_u16();
        (status, response.json_or_null().await)
    }

    async fn post_form(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Response {
        let mut request = self.client.post(format!("{}{path}", self.base)).form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.unwrap()
    }

    async fn post_json(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json_or_null().await)
    }
}

trait JsonOrNull {
    async fn json_or_null(self) -> Value;
}

impl JsonOrNull for Response {
    async fn json_or_null(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap_or(Value::Null)
    }
}

/// The login page: its CSRF cookie (as a `Cookie` header value) and form token.
struct LoginPage {
    cookie: String,
    csrf: String,
    html: String,
}

async fn login_page(response: Response) -> LoginPage {
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a CSRF cookie")
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let marker = "name=\"authenticity_token\" value=\"";
    let start = html.find(marker).expect("a CSRF field") + marker.len();
    let csrf = html[start..].split('"').next().unwrap().to_owned();
    LoginPage { cookie, csrf, html }
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    url_pairs(query).find(|(k, _)| k == name).map(|(_, v)| v)
}

fn url_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn oauth_flows_on_sqlite() {
    let cluster = TestCluster::start(1).await.unwrap();
    oauth_flows(&cluster).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn oauth_flows_on_postgres() {
    let options = ClusterOptions {
        backend: Backend::Postgres,
        ..ClusterOptions::default()
    };
    let Some(cluster) = TestCluster::start_with(1, options).await.unwrap() else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    oauth_flows(&cluster).await;
    cluster.shutdown().await;
}

async fn oauth_flows(cluster: &TestCluster) {
    let a = cluster.instance("a");
    let http = Http::new(a);
    let (alice, _) = a.create_user("alice").await.unwrap();

    // Metadata for discovery.
    let (status, meta) = http
        .get_json("/.well-known/oauth-authorization-server", None)
        .await;
    assert_eq!(status, 200);
    assert!(meta["authorization_endpoint"]
        .as_str()
        .unwrap()
        .ends_with("/oauth/authorize"));
    assert!(meta["token_endpoint"]
        .as_str()
        .unwrap()
        .ends_with("/oauth/token"));
    assert!(meta["revocation_endpoint"]
        .as_str()
        .unwrap()
        .ends_with("/oauth/revoke"));
    assert_eq!(
        meta["response_types_supported"],
        serde_json::json!(["code"])
    );
    assert_eq!(
        meta["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert!(meta["scopes_supported"]
        .as_array()
        .unwrap()
        .contains(&"read".into()));
    assert!(meta["grant_types_supported"]
        .as_array()
        .unwrap()
        .contains(&"refresh_token".into()));

    // Register an app (form-encoded, two redirect URIs, as Mastodon.py does).
    let response = http
        .post_form(
            "/api/v1/apps",
            &[
                ("client_name", "Test Client"),
                ("redirect_uris", &format!("{REDIRECT}\n{OOB}")),
                ("scopes", "read write"),
                ("website", "https://app.example"),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let app = response.json_or_null().await;
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let client_secret = app["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(app["name"], "Test Client");
    assert_eq!(app["website"], "https://app.example");
    assert_eq!(app["redirect_uri"], format!("{REDIRECT}\n{OOB}"));
    assert_eq!(app["vapid_key"], "");
    assert!(app["id"].is_string());
    let (status, bad) = http
        .post_json(
            "/api/v1/apps",
            serde_json::json!({"client_name": "x", "redirect_uris": "not a uri"}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");

    // The authorization page: a labelled login form.
    let verifier = "a-long-random-verifier-of-at-least-43-characters-0123456789";
    let authorize_query = |redirect: &str, scope: &str| {
        serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", client_id.as_str()),
            ("redirect_uri", redirect),
            ("scope", scope),
            ("state", "xyz 42"),
            ("code_challenge", &s256(verifier)),
            ("code_challenge_method", "S256"),
        ])
        .unwrap()
    };
    let path = format!(
        "/oauth/authorize?{}",
        authorize_query(REDIRECT, "read write")
    );
    let response = http.get(&path, None).await;
    assert_eq!(response.status(), 200);
    let page = login_page(response).await;
    assert!(page
        .html
        .contains("<form method=\"post\" action=\"/oauth/authorize\">"));
    assert!(page.html.contains("<label for=\"username\">"));
    assert!(page.html.contains("<label for=\"password\">"));
    assert!(page.html.contains("id=\"password\" name=\"password\""));
    assert!(page.html.contains("Test Client"));

    // Scopes beyond the app's are refused before any form is shown.
    let path = format!(
        "/oauth/authorize?{}",
        authorize_query(REDIRECT, "read follow")
    );
    assert_eq!(http.get(&path, None).await.status(), 400);
    // An unregistered redirect URI too (no redirect to it).
    let path = format!(
        "/oauth/authorize?{}",
        authorize_query("https://evil.example/", "read")
    );
    assert_eq!(http.get(&path, None).await.status(), 400);

    let fields = |csrf: &str, password: &str, redirect: &str| -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> =
            url_pairs(&authorize_query(redirect, "read write")).collect();
        fields.push(("authenticity_token".into(), csrf.into()));
        fields.push(("username".into(), "alice".into()));
        fields.push(("password".into(), password.into()));
        fields
    };
    let post = |fields: Vec<(String, String)>, cookie: Option<String>| {
        let http = &http;
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            http.post_form("/oauth/authorize", &refs, cookie.as_deref())
                .await
        }
    };

    // Without the CSRF cookie: refused.
    let response = post(fields(&page.csrf, PASSWORD, REDIRECT), None).await;
    assert_eq!(response.status(), 403);

    // Wrong password: the form again with an error, 401, no code.
    let page = login_page(
        http.get(
            &format!(
                "/oauth/authorize?{}",
                authorize_query(REDIRECT, "read write")
            ),
            None,
        )
        .await,
    )
    .await;
    let response = post(
        fields(&page.csrf, "wrong-password", REDIRECT),
        Some(page.cookie.clone()),
    )
    .await;
    assert_eq!(response.status(), 401);
    assert!(response.headers().get("location").is_none());
    let page = login_page(response).await;
    assert!(page.html.contains("Invalid username or password"));
    assert!(!page.html.contains("code="));

    // The used CSRF token cannot be replayed; the fresh one from the error page works.
    let replay = post(
        fields("stale", PASSWORD, REDIRECT),
        Some(page.cookie.clone()),
    )
    .await;
    assert_eq!(replay.status(), 403);
    let response = post(
        fields(&page.csrf, PASSWORD, REDIRECT),
        Some(page.cookie.clone()),
    )
    .await;
    assert!(
        matches!(response.status().as_u16(), 302 | 303),
        "{}",
        response.status()
    );
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{REDIRECT}?")), "{location}");
    assert_eq!(query_param(&location, "state").as_deref(), Some("xyz 42"));
    let code = query_param(&location, "code").unwrap();

    // Exchange: wrong verifier refused (code kept), right one accepted, then never again.
    let exchange = |verifier: &str| {
        serde_json::json!({
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        })
    };
    let (status, body) = http
        .post_json("/oauth/token", exchange("wrong-verifier"))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"].is_string());
    let mut wrong_secret = exchange(verifier);
    wrong_secret["client_secret"] = "nope".into();
    let (status, body) = http.post_json("/oauth/token", wrong_secret).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, token) = http.post_json("/oauth/token", exchange(verifier)).await;
    assert_eq!(status, 200, "{token}");
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["scope"], "read write");
    assert!(token["created_at"].as_i64().unwrap() > 1_600_000_000);
    let access = token["access_token"].as_str().unwrap().to_owned();
    let refresh = token["refresh_token"].as_str().unwrap().to_owned();
    let (status, body) = http.post_json("/oauth/token", exchange(verifier)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // The token acts for alice; the app knows itself through it.
    let (status, me) = http
        .get_json("/api/v1/accounts/verify_credentials", Some(&access))
        .await;
    assert_eq!(status, 200);
    assert_eq!(me["id"], alice.id.to_string());
    let (status, me_app) = http
        .get_json("/api/v1/apps/verify_credentials", Some(&access))
        .await;
    assert_eq!(status, 200);
    assert_eq!(me_app["name"], "Test Client");
    assert!(me_app.get("client_secret").is_none());

    // Refresh: a new pair; the old refresh token and the old access token stop working.
    let refresh_with = |token: &str| {
        serde_json::json!({
            "grant_type": "refresh_token",
            "refresh_token": token,
            "client_id": client_id,
            "client_secret": client_secret,
        })
    };
    let (status, renewed) = http.post_json("/oauth/token", refresh_with(&refresh)).await;
    assert_eq!(status, 200, "{renewed}");
    let access2 = renewed["access_token"].as_str().unwrap().to_owned();
    let refresh2 = renewed["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(access2, access);
    assert_ne!(refresh2, refresh);
    assert_eq!(renewed["scope"], "read write");
    let (status, body) = http.post_json("/oauth/token", refresh_with(&refresh)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, _) = http
        .get_json("/api/v1/accounts/verify_credentials", Some(&access))
        .await;
    assert_eq!(status, 401);
    let (status, _) = http
        .get_json("/api/v1/accounts/verify_credentials", Some(&access2))
        .await;
    assert_eq!(status, 200);

    // Revoke: the token gets 401 afterwards, and so does its refresh token.
    let response = http
        .post_form(
            "/oauth/revoke",
            &[
                ("token", &access2),
                ("client_id", &client_id),
                ("client_secret", &client_secret),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json_or_null().await, serde_json::json!({}));
    let (status, _) = http
        .get_json("/api/v1/accounts/verify_credentials", Some(&access2))
        .await;
    assert_eq!(status, 401);
    let (status, _) = http
        .post_json("/oauth/token", refresh_with(&refresh2))
        .await;
    assert_eq!(status, 400);

    // Client credentials: an app token, not a user's.
    let (status, app_token) = http
        .post_json(
            "/oauth/token",
            serde_json::json!({
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
                "scope": "read",
            }),
        )
        .await;
    assert_eq!(status, 200, "{app_token}");
    assert_eq!(app_token["scope"], "read");
    assert!(app_token.get("refresh_token").is_none());
    let app_access = app_token["access_token"].as_str().unwrap();
    let (status, _) = http
        .get_json("/api/v1/accounts/verify_credentials", Some(app_access))
        .await;
    assert!(matches!(status, 401 | 403), "{status}");
    let (status, me_app) = http
        .get_json("/api/v1/apps/verify_credentials", Some(app_access))
        .await;
    assert_eq!(status, 200);
    assert_eq!(me_app["name"], "Test Client");
    let (status, body) = http
        .post_json(
            "/oauth/token",
            serde_json::json!({
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
                "scope": "follow",
            }),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    let (status, body) = http
        .post_json("/oauth/token", serde_json::json!({"grant_type": "password", "client_id": client_id, "client_secret": client_secret}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );

    // Out of band: the code is shown on a page, and exchanges with the oob redirect URI.
    let page = login_page(
        http.get(
            &format!("/oauth/authorize?{}", authorize_query(OOB, "read write")),
            None,
        )
        .await,
    )
    .await;
    let response = post(fields(&page.csrf, PASSWORD, OOB), Some(page.cookie.clone())).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let marker = "readonly value=\"";
    let start = html.find(marker).expect("the code on the page") + marker.len();
    let oob_code = html[start..].split('"').next().unwrap().to_owned();
    let (status, token) = http
        .post_json(
            "/oauth/token",
            serde_json::json!({
                "grant_type": "authorization_code",
                "code": oob_code,
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": OOB,
                "code_verifier": verifier,
            }),
        )
        .await;
    assert_eq!(status, 200, "{token}");

    // Throttling: after five wrong passwords for alice within a minute (one above, four
    // here), even the right one gets 429.
    let mut page = login_page(
        http.get(
            &format!(
                "/oauth/authorize?{}",
                authorize_query(REDIRECT, "read write")
            ),
            None,
        )
        .await,
    )
    .await;
    for _ in 0..4 {
        let response = post(
            fields(&page.csrf, "wrong-password", REDIRECT),
            Some(page.cookie.clone()),
        )
        .await;
        assert_eq!(response.status(), 401);
        page = login_page(response).await;
    }
    let response = post(
        fields(&page.csrf, PASSWORD, REDIRECT),
        Some(page.cookie.clone()),
    )
    .await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("location").is_none());
}
