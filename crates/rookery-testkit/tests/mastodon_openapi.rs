//! Conformance of the client API to Mastodon's OpenAPI description
//! (fixtures/mastodon-openapi/schema.json): a scenario on two instances creates realistic
//! data and calls every path rookery routes, and each JSON body is validated against the
//! schema's response schema for that path, method and status (OpenAPI 3.1 schemas are
//! JSON Schema 2020-12; `$ref`s resolve into `components`). The routes are read from the
//! rookery-mastodon sources, so a new route that the table below does not call fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod mastodon_openapi_support;

use std::collections::BTreeSet;
use std::time::Duration;

use mastodon_openapi_support::calls::{delete, get, patch, post, put, send, Call, Ctx, USERS};
use mastodon_openapi_support::routes::rookery_routes;
use mastodon_openapi_support::schema::{template_matches, validate, OpenApi, Operation};
use rookery_core::{AccessToken, Id, TokenId};
use rookery_server::config::Registrations;
use rookery_testkit::{eventually_async, Backend, ClusterOptions, TestCluster};
use serde_json::{json, Value};

/// Federation between the two instances (a follow, a post, a mention) arrives within this.
const WAIT: Duration = Duration::from_secs(30);

/// Whether a list of statuses has one whose content contains `text`.
fn has_content(body: &Value, text: &str) -> bool {
    body.as_array().is_some_and(|list| {
        list.iter()
            .any(|s| s["content"].as_str().is_some_and(|c| c.contains(text)))
    })
}

fn notification_kinds(body: &Value) -> BTreeSet<String> {
    body.as_array()
        .map(|list| {
            list.iter()
                .filter_map(|n| n["type"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The scenario. Extend it when rookery routes a new path: the test fails while a
/// route that the schema knows is not called here.
fn scenario() -> Vec<Call> {
    let authorize = "/oauth/authorize?response_type=code&client_id={client_id}\
                     &redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write";
    vec![
        // The instance and OAuth, as a client meets them first.
        get("/api/v1/instance"),
        get("/api/v2/instance"),
        get("/.well-known/oauth-authorization-server"),
        post("/api/v1/apps")
            .form(json!({
                "client_name": "Conformance",
                "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                "scopes": "read write follow",
                "website": "https://app.example",
            }))
            .save("client_id", "/client_id")
            .save("client_secret", "/client_secret"),
        get(authorize),
        post("/oauth/token")
            .form(json!({
                "grant_type": "client_credentials",
                "client_id": "{client_id}",
                "client_secret": "{client_secret}",
                "scope": "read write",
            }))
            .save("app_token", "/access_token"),
        get("/api/v1/apps/verify_credentials").token("app_token"),
        // Accounts.
        get("/api/v1/accounts/verify_credentials").by("alice"),
        get("/api/v1/accounts/verify_credentials").expect(401),
        get("/api/v1/accounts/{alice}"),
        get("/api/v1/accounts/lookup?acct=alice"),
        get("/api/v1/accounts/lookup?acct=nobody").expect(404),
        get("/api/v1/custom_emojis"),
        get("/api/v1/instance/peers"),
        get("/api/v1/instance/activity"),
        get("/api/v1/instance/rules"),
        get("/api/v1/preferences").by("alice"),
        get("/api/v1/filters").by("alice"),
        get("/api/v2/filters").by("alice"),
        get("/oauth/userinfo").token("alice_profile_token"),
        get("/oauth/userinfo").by("alice").expect(403),
        // Sign-up through the API, with the app's own token (registrations are open).
        post("/api/v1/accounts").token("app_token").form(json!({
            "username": "erin",
            "password": "a-long-password-9",
            "email": "erin@example.com",
            "agreement": "true",
            "locale": "en",
        })),
        patch("/api/v1/accounts/update_credentials")
            .by("carol")
            .form(json!({"display_name": "Carol C.", "note": "I approve my followers."})),
        // Follows: plain, of a locked account (approved and rejected), and remote.
        post("/api/v1/accounts/{alice}/follow").by("bob"),
        post("/api/v1/accounts/{carol}/follow").by("bob"),
        post("/api/v1/accounts/{carol}/follow").by("alice"),
        get("/api/v1/follow_requests").by("carol"),
        post("/api/v1/follow_requests/{bob}/authorize").by("carol"),
        post("/api/v1/follow_requests/{alice}/reject").by("carol"),
        get("/api/v2/search?q=%40dave%40b.test&resolve=true")
            .by("alice")
            .save("dave", "/accounts/0/id"),
        get("/api/v2/search?q=alice"),
        get("/api/v2/search").expect(422),
        post("/api/v1/accounts/{dave}/follow").by("alice"),
        post("/api/v1/accounts/{alice}/follow").by("bob"),
        get("/api/v1/accounts/search?q=ali").by("bob"),
        get("/api/v1/accounts/familiar_followers?id[]={carol}").by("alice"),
        get("/api/v1/accounts/{alice}/featured_tags"),
        get("/api/v1/accounts/{carol}/lists").by("bob"),
        get("/api/v1/accounts/{alice}/followers"),
        get("/api/v1/accounts/{bob}/following"),
        get("/api/v1/accounts/relationships?id[]={bob}&id[]={dave}&id[]={carol}").by("alice"),
        // Media, then statuses: an image, a content warning, mentions and hashtags, a
        // reply, every visibility, an edit.
        post("/api/v2/media")
            .by("alice")
            .upload(json!({"description": "a green square"}))
            .save("media", "/id"),
        post("/api/v1/media").by("alice").upload(json!({})),
        get("/api/v1/media/{media}").by("alice"),
        put("/api/v1/media/{media}")
            .by("alice")
            .json(json!({"description": "a small green square"})),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({
                "status": "Hello @bob and @carol! #rookery #Fediverse",
                "spoiler_text": "a greeting",
                "visibility": "public",
                "language": "en",
                "media_ids": ["{media}"],
            }))
            .save("post", "/id"),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({
                "status": "Tea or coffee?",
                "poll": {"options": ["tea", "coffee"], "expires_in": 3600},
            }))
            .save("poll", "/poll/id"),
        post("/api/v1/polls/{poll}/votes")
            .by("bob")
            .json(json!({"choices": [1]})),
        get("/api/v1/polls/{poll}").by("bob"),
        get("/api/v1/polls/{poll}"),
        put("/api/v1/statuses/{post}").by("alice").json(json!({
            "status": "Hello again @bob and @carol! #rookery #Fediverse",
            "spoiler_text": "a greeting",
            "media_ids": ["{media}"],
        })),
        get("/api/v1/statuses/{post}/history"),
        get("/api/v1/statuses/{post}/source").by("alice"),
        post("/api/v1/statuses")
            .by("bob")
            .form(json!({"status": "@alice thanks! #rookery", "in_reply_to_id": "{post}"}))
            .save("reply", "/id"),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({"status": "quietly", "visibility": "unlisted"}))
            .save("unlisted", "/id"),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({"status": "for followers", "visibility": "private"})),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({"status": "@bob just us", "visibility": "direct"})),
        post("/api/v1/statuses")
            .by("alice")
            .json(json!({"status": "   "}))
            .expect(422),
        post("/api/v1/statuses")
            .by("dave")
            .json(json!({"status": "Hi @alice@a.test from b! #fediverse"})),
        post("/api/v1/statuses/{post}/favourite").by("bob"),
        post("/api/v1/statuses/{post}/reblog").by("bob"),
        post("/api/v1/statuses/{post}/favourite").by("carol"),
        post("/api/v1/statuses/{post}/unfavourite").by("carol"),
        get("/api/v1/statuses/{post}/favourited_by"),
        get("/api/v1/statuses/{post}/reblogged_by").by("alice"),
        post("/api/v1/statuses/{unlisted}/reblog").by("bob"),
        post("/api/v1/statuses/{unlisted}/unreblog").by("bob"),
        get("/api/v1/statuses/{post}"),
        get("/api/v1/statuses/{post}").by("bob"),
        post("/api/v1/statuses/{post}/bookmark").by("bob"),
        get("/api/v1/favourites").by("bob"),
        get("/api/v1/bookmarks").by("bob"),
        post("/api/v1/statuses/{post}/unbookmark").by("bob"),
        post("/api/v1/statuses/{post}/pin").by("alice"),
        get("/api/v1/accounts/{alice}/statuses?pinned=true"),
        post("/api/v1/statuses/{post}/unpin").by("alice"),
        get("/api/v1/statuses/1").expect(404),
        get("/api/v1/statuses/{reply}/context"),
        get("/api/v1/statuses/{post}/context").by("alice"),
        get("/api/v1/accounts/{alice}/statuses"),
        get("/api/v1/accounts/{alice}/statuses?limit=2").by("bob"),
        // Timelines, with the remote post arriving over federation.
        get("/api/v1/timelines/home")
            .by("alice")
            .until("dave's post in alice's home", |body, _| {
                has_content(body, "from b!")
            }),
        get("/api/v1/accounts/{dave}/statuses").by("alice"),
        get("/api/v1/timelines/home?limit=2").by("bob"),
        get("/api/v1/timelines/public"),
        get("/api/v1/timelines/public?local=true").by("bob"),
        get("/api/v1/timelines/tag/rookery"),
        get("/api/v1/timelines/tag/fediverse").by("alice"),
        get("/api/v1/notifications")
            .by("alice")
            .until("every kind of alice's notifications", |body, _| {
                let kinds = notification_kinds(body);
                ["mention", "follow", "favourite", "reblog"]
                    .iter()
                    .all(|k| kinds.contains(*k))
            })
            .save("notification", "/0/id"),
        get("/api/v1/notifications/unread_count").by("alice"),
        get("/api/v1/notifications/{notification}").by("alice"),
        post("/api/v1/markers").by("alice").form(json!({
            "home[last_read_id]": "{post}",
            "notifications[last_read_id]": "{notification}",
        })),
        get("/api/v1/markers?timeline[]=home&timeline[]=notifications").by("alice"),
        post("/api/v1/notifications/{notification}/dismiss").by("alice"),
        get("/api/v1/notifications").by("carol").until(
            "carol's follow request and mention",
            |body, _| {
                let kinds = notification_kinds(body);
                kinds.contains("follow_request") && kinds.contains("mention")
            },
        ),
        get("/api/v1/notifications")
            .by("dave")
            .until("dave's remote follower", |body, _| {
                notification_kinds(body).contains("follow")
            }),
        // Blocks and mutes, unfollows, deletes.
        post("/api/v1/accounts/{carol}/mute").by("alice"),
        get("/api/v1/mutes").by("alice"),
        post("/api/v1/accounts/{carol}/unmute").by("alice"),
        post("/api/v1/accounts/{carol}/block").by("alice"),
        get("/api/v1/blocks").by("alice"),
        post("/api/v1/accounts/{carol}/unblock").by("alice"),
        post("/api/v1/domain_blocks")
            .by("alice")
            .form(json!({"domain": "spam.example"})),
        get("/api/v1/domain_blocks").by("alice"),
        delete("/api/v1/domain_blocks?domain=spam.example").by("alice"),
        post("/api/v1/notifications/clear").by("carol"),
        post("/api/v1/accounts/{dave}/unfollow").by("alice"),
        delete("/api/v1/statuses/{reply}").by("bob"),
        get("/api/v1/statuses/{reply}").expect(404),
        post("/oauth/revoke").form(json!({
            "client_id": "{client_id}",
            "client_secret": "{client_secret}",
            "token": "{app_token}",
        })),
    ]
}

/// The routes rookery serves that the schema describes and the scenario never called.
fn uncalled_routes(
    routes: &BTreeSet<(String, String)>,
    operations: &BTreeSet<Operation>,
    called: &[(http::Method, String)],
) -> Vec<String> {
    let mut uncalled = Vec::new();
    for (method, route) in routes {
        let in_schema = operations
            .iter()
            .any(|op| &op.method == method && template_matches(route, &op.path));
        if !in_schema {
            eprintln!("route {} {route}: not in the schema", method.to_uppercase());
            continue;
        }
        let exercised = called.iter().any(|(m, path)| {
            m.as_str().eq_ignore_ascii_case(method) && template_matches(route, path)
        });
        if !exercised {
            uncalled.push(format!("{} {route}", method.to_uppercase()));
        }
    }
    uncalled
}

/// Two instances with open registrations (the scenario signs up through the API).
async fn cluster(backend: Backend) -> Option<TestCluster> {
    let options = ClusterOptions {
        backend,
        configure: Some(Box::new(|_, config| {
            config.instance.registrations = Registrations::Open;
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(2, options).await.unwrap()
}

#[tokio::test]
async fn client_api_conforms_to_the_mastodon_openapi_schema_on_sqlite() {
    conformance(cluster(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn client_api_conforms_to_the_mastodon_openapi_schema_on_postgres() {
    let Some(cluster) = cluster(Backend::Postgres).await else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    conformance(cluster).await;
}

async fn conformance(cluster: TestCluster) {
    let mut openapi = OpenApi::load();
    let mut ctx = Ctx::new();
    for (name, on) in USERS {
        let (account, token) = cluster.instances[on].create_user(name).await.unwrap();
        ctx.insert(name.to_owned(), account.id.to_string());
        ctx.insert(format!("{name}_token"), token);
    }
    // carol approves her followers.
    let a = cluster.instance("a");
    let store = &a.state().store;
    let mut carol = store
        .account(ctx["carol"].parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    carol.locked = true;
    let mut tx = store.begin().await.unwrap();
    tx.update_account_profile(&carol).await.unwrap();
    tx.commit().await.unwrap();
    // A token with only the `profile` scope, as OpenID clients ask for.
    let secret = "alice-profile-token";
    store
        .create_access_token(&AccessToken {
            id: TokenId(Id::from_i64(1)),
            account: ctx["alice"].parse().unwrap(),
            token_sha256: rookery_server::accounts::token_hash(secret),
            scopes: "profile".into(),
            app_name: None,
            created_at: rookery_server::instance::now(),
        })
        .await
        .unwrap();
    ctx.insert("alice_profile_token".into(), secret.into());
    // A local emoji, so `custom_emojis` answers a real CustomEmoji.
    let mut png = Vec::new();
    image::DynamicImage::new_rgba8(16, 16)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let emojis = a.state().services.local_emojis();
    rookery_server::emoji_cli::add(
        emojis,
        &a.state().media,
        "blobcat",
        png,
        Some("Blobs".into()),
    )
    .await
    .unwrap();

    let bases: Vec<String> = cluster
        .instances
        .iter()
        .map(|i| format!("http://{}", i.addr()))
        .collect();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let mut failures = Vec::new();
    let mut answered: BTreeSet<Operation> = BTreeSet::new();
    let mut called: Vec<(http::Method, String)> = Vec::new();
    for step in scenario() {
        let (path, reply) = match step.until {
            None => send(&client, &bases, &step, &ctx).await,
            Some((what, check)) => {
                eventually_async(what, WAIT, || async {
                    let (path, reply) = send(&client, &bases, &step, &ctx).await;
                    let body = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
                    check(&body, &ctx).then_some((path, reply))
                })
                .await
            }
        };
        let bare = path.split('?').next().unwrap_or_default().to_owned();
        called.push((step.method.clone(), bare.clone()));
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        assert_eq!(
            reply.status, step.expect,
            "{} {path}: unexpected status; body {body}",
            step.method
        );
        for (name, pointer) in &step.save {
            let value = body
                .pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_else(|| {
                    panic!("{} {path}: no string at {pointer} in {body}", step.method)
                });
            ctx.insert((*name).to_owned(), value.to_owned());
        }
        let Some(op) = openapi.operation_for(&step.method, &bare) else {
            failures.push(format!("{} {bare}: not in the schema", step.method));
            continue;
        };
        if (200..300).contains(&reply.status) {
            answered.insert(op.clone());
        }
        failures.extend(validate(&mut openapi, &op, &path, &reply));
    }

    let routes = rookery_routes();
    let operations = openapi.operations();
    let uncalled = uncalled_routes(&routes, &operations, &called);
    let schema_paths = openapi.document["paths"].as_object().unwrap().len();
    let answered_paths: BTreeSet<&str> = answered.iter().map(|op| op.path.as_str()).collect();
    eprintln!(
        "OpenAPI schema: {schema_paths} paths, {} operations",
        operations.len()
    );
    eprintln!(
        "rookery: {} routes (method, path) in rookery-mastodon; {} schema operations on {} paths \
         implemented (answered 2xx and validated)",
        routes.len(),
        answered.len(),
        answered_paths.len()
    );
    for op in &answered {
        eprintln!("  implemented: {op}");
    }
    eprintln!(
        "conformance: {} responses checked, {} failures",
        called.len(),
        failures.len()
    );
    for failure in &failures {
        eprintln!("  violation: {failure}");
    }
    assert!(
        uncalled.is_empty(),
        "routes the scenario does not call (add them to scenario()): {uncalled:#?}"
    );
    assert!(
        failures.is_empty(),
        "{} responses violate the schema:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cluster.shutdown().await;
}
