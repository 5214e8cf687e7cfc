//! The Mastodon client API's personal and instance endpoints over real HTTP: bookmarks,
//! favourites, pins (and the account statuses filters), blocks, mutes, domain blocks,
//! markers, the notifications inbox, account search and familiar followers, the instance
//! extras, and sign-up with registrations open and closed. Errors too: 404 for unknown
//! ids, 403 for a missing scope, 422 naming the bad field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use http::{HeaderMap, HeaderValue, Method};
use rookery_server::config::Config;
use rookery_server::config::Registrations;
use rookery_testkit::Backend;
use serde_json::{json, Value};

mod api_support;
use api_support::{cluster, ids, token_with, Api, Body, Configure};

async fn bookmarks_favourites_and_pins(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (_bob, bob_token) = a.create_user("bob").await.unwrap();
    let read_only = token_with(a, &alice, "read").await;

    let first = api.status(&bob_token, "first", "public").await;
    let second = api.status(&bob_token, "second", "public").await;
    let hidden = api.status(&bob_token, "only for @bob", "direct").await;

    // Bookmarks: the status says so, the list pages newest bookmark first.
    for id in [&first, &second] {
        let reply = api
            .post(
                &format!("/api/v1/statuses/{id}/bookmark"),
                &alice_token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body["bookmarked"], true);
    }
    let reply = api
        .post(
            &format!("/api/v1/statuses/{first}/bookmark"),
            &read_only,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 403, "write:bookmarks is needed");
    for missing in ["99999999", "nope", hidden.as_str()] {
        let reply = api
            .post(
                &format!("/api/v1/statuses/{missing}/bookmark"),
                &alice_token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 404, "{missing}");
        assert!(reply.body["error"].is_string());
    }
    let page = api
        .get("/api/v1/bookmarks?limit=1", Some(&alice_token))
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(ids(&page.body), vec![second.clone()]);
    let link = page.link.expect("a Link header");
    let next = link
        .split(", ")
        .find(|l| l.ends_with("rel=\"next\""))
        .unwrap();
    let next_path = next
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap()
        .split_once(&a.domain)
        .unwrap()
        .1
        .to_owned();
    let older = api
        .get(&format!("{next_path}&limit=1"), Some(&alice_token))
        .await;
    assert_eq!(ids(&older.body), vec![first.clone()]);
    assert_eq!(api.get("/api/v1/bookmarks", None).await.status, 401);
    let reply = api
        .post(
            &format!("/api/v1/statuses/{second}/unbookmark"),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!(reply.body["bookmarked"], false);
    let shown = api
        .get(&format!("/api/v1/statuses/{first}"), Some(&alice_token))
        .await;
    assert_eq!(shown.body["bookmarked"], true);
    // Bookmarks are private: bob sees none of alice's.
    let shown = api
        .get(&format!("/api/v1/statuses/{first}"), Some(&bob_token))
        .await;
    assert_eq!(shown.body["bookmarked"], false);
    let bookmarks = api.get("/api/v1/bookmarks", Some(&alice_token)).await;
    assert_eq!(ids(&bookmarks.body), vec![first.clone()]);

    // Favourites: the liked statuses, newest like first.
    for id in [&second, &first] {
        let reply = api
            .post(
                &format!("/api/v1/statuses/{id}/favourite"),
                &alice_token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    let favourites = api.get("/api/v1/favourites", Some(&alice_token)).await;
    assert_eq!(favourites.status, 200);
    assert_eq!(ids(&favourites.body), vec![first.clone(), second.clone()]);
    assert!(favourites.link.is_some());

    // Pins: own public or unlisted statuses only, at most five.
    let reply = api
        .post(
            &format!("/api/v1/statuses/{first}/pin"),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 422, "not hers: {}", reply.body);
    assert!(reply.body["error"].as_str().unwrap().contains("status"));
    let private = api.status(&alice_token, "followers only", "private").await;
    let reply = api
        .post(
            &format!("/api/v1/statuses/{private}/pin"),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let reply = api
        .post(
            &format!("/api/v1/statuses/{private}/pin"),
            &read_only,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 403, "write:accounts is needed");
    let mut mine = Vec::new();
    for n in 0..6 {
        let visibility = if n % 2 == 0 { "public" } else { "unlisted" };
        mine.push(
            api.status(&alice_token, &format!("mine {n}"), visibility)
                .await,
        );
    }
    for id in &mine[..5] {
        let reply = api
            .post(
                &format!("/api/v1/statuses/{id}/pin"),
                &alice_token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body["pinned"], true);
    }
    let reply = api
        .post(
            &format!("/api/v1/statuses/{}/pin", mine[5]),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 422, "a sixth pin: {}", reply.body);
    let reply = api
        .post(
            &format!("/api/v1/statuses/{}/unpin", mine[0]),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!((reply.status, &reply.body["pinned"]), (200, &json!(false)));
    let path = format!("/api/v1/accounts/{}/statuses?pinned=true", alice.id);
    let pinned = api.get(&path, None).await;
    assert_eq!(pinned.status, 200);
    let mut want: Vec<String> = mine[1..5].iter().rev().cloned().collect();
    assert_eq!(ids(&pinned.body), want);
    want.sort();

    // The pinned notes are the actor's ActivityPub `featured` collection.
    let mut headers = HeaderMap::new();
    headers.insert(
        "accept",
        HeaderValue::from_static("application/activity+json"),
    );
    let featured = a
        .state()
        .http
        .get(&a.url("/users/alice/featured"), headers)
        .await
        .unwrap();
    let featured: Value = serde_json::from_slice(&featured.body).unwrap();
    assert_eq!(featured["totalItems"], 4, "{featured}");
    let mut items: Vec<String> = featured["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let id = item["id"].as_str().unwrap();
            id.rsplit('/').next().unwrap().to_owned()
        })
        .collect();
    items.sort();
    assert_eq!(items, want);

    // And Versia's User `featured` collection (versia.md §8.1), full Notes.
    let path = format!(
        "/.versia/v0.6/entities/User/{}/collections/featured?offset=0&limit=10",
        alice.id
    );
    let versia = a
        .state()
        .http
        .get(&a.url(&path), HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(versia.status.as_u16(), 200);
    let versia: Value = serde_json::from_slice(&versia.body).unwrap();
    assert_eq!(versia["total"], 4, "{versia}");
    let mut items: Vec<String> = versia["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["id"].as_str().unwrap().to_owned())
        .collect();
    items.sort();
    assert_eq!(items, want);
}

async fn account_statuses_filters(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (_bob, bob_token) = a.create_user("bob").await.unwrap();
    let to_bob = api.status(&bob_token, "hi alice", "public").await;
    let plain = api.status(&alice_token, "plain words", "public").await;
    let tagged = api.status(&alice_token, "about #Rust", "public").await;
    let reply = api
        .post(
            "/api/v1/statuses",
            &alice_token,
            json!({"status": "@bob hello back", "in_reply_to_id": to_bob}),
        )
        .await;
    let reply_id = reply.body["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/accounts/{}/statuses", alice.id);

    let all = api.get(&base, None).await;
    assert_eq!(
        ids(&all.body),
        vec![reply_id.clone(), tagged.clone(), plain.clone()]
    );
    let no_replies = api.get(&format!("{base}?exclude_replies=true"), None).await;
    assert_eq!(ids(&no_replies.body), vec![tagged.clone(), plain.clone()]);
    let by_tag = api.get(&format!("{base}?tagged=rust"), None).await;
    assert_eq!(ids(&by_tag.body), vec![tagged.clone()]);
    let media = api.get(&format!("{base}?only_media=true"), None).await;
    assert_eq!(ids(&media.body), Vec::<String>::new());
    let no_reblogs = api
        .get(&format!("{base}?exclude_reblogs=true&limit=2"), None)
        .await;
    assert_eq!(
        ids(&no_reblogs.body),
        vec![reply_id.clone(), tagged.clone()]
    );
    // Filters fill a page from further down the timeline.
    let one = api
        .get(&format!("{base}?exclude_replies=true&limit=1"), None)
        .await;
    assert_eq!(ids(&one.body), vec![tagged.clone()]);
    let bad = api.get(&format!("{base}?max_id=zzz"), None).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["error"].as_str().unwrap().contains("max_id"));
    assert_eq!(
        api.get("/api/v1/accounts/424242/statuses", None)
            .await
            .status,
        404
    );
}

async fn blocks_mutes_domain_blocks_and_markers(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, _) = a.create_user("bob").await.unwrap();
    let (carol, _) = a.create_user("carol").await.unwrap();
    let read_only = token_with(a, &alice, "read").await;

    for (who, action) in [(&bob, "block"), (&carol, "block"), (&carol, "mute")] {
        let reply = api
            .post(
                &format!("/api/v1/accounts/{}/{action}", who.id),
                &alice_token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    let blocks = api.get("/api/v1/blocks", Some(&alice_token)).await;
    assert_eq!(blocks.status, 200);
    assert_eq!(
        ids(&blocks.body),
        vec![carol.id.to_string(), bob.id.to_string()]
    );
    let first = api.get("/api/v1/blocks?limit=1", Some(&alice_token)).await;
    assert_eq!(ids(&first.body), vec![carol.id.to_string()]);
    assert!(first
        .link
        .unwrap()
        .contains(&format!("max_id={}", carol.id)));
    let mutes = api.get("/api/v1/mutes", Some(&alice_token)).await;
    assert_eq!(ids(&mutes.body), vec![carol.id.to_string()]);
    let scoped = token_with(a, &alice, "read:mutes").await;
    assert_eq!(api.get("/api/v1/blocks", Some(&scoped)).await.status, 403);
    assert_eq!(api.get("/api/v1/mutes", Some(&scoped)).await.status, 200);

    // Domain blocks: form, JSON or query `domain`; listed alphabetically.
    let reply = api
        .send(
            Method::POST,
            "/api/v1/domain_blocks",
            Some(&alice_token),
            Body::Form("domain=spam.example"),
            &[],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = api
        .post(
            "/api/v1/domain_blocks",
            &alice_token,
            json!({"domain": "Ads.Example"}),
        )
        .await;
    assert_eq!(reply.status, 200);
    let reply = api
        .post(
            "/api/v1/domain_blocks",
            &alice_token,
            json!({"domain": "not a domain"}),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body["error"].as_str().unwrap().contains("domain"));
    let reply = api
        .post("/api/v1/domain_blocks", &alice_token, json!({}))
        .await;
    assert_eq!(reply.status, 422);
    let reply = api
        .post(
            "/api/v1/domain_blocks",
            &read_only,
            json!({"domain": "x.example"}),
        )
        .await;
    assert_eq!(reply.status, 403);
    let listed = api.get("/api/v1/domain_blocks", Some(&alice_token)).await;
    assert_eq!(listed.body, json!(["ads.example", "spam.example"]));
    let first = api
        .get("/api/v1/domain_blocks?limit=1", Some(&alice_token))
        .await;
    assert_eq!(first.body, json!(["ads.example"]));
    let next = first.link.expect("a next link");
    assert!(next.contains("max_id=ads.example"), "{next}");
    let rest = api
        .get(
            "/api/v1/domain_blocks?max_id=ads.example",
            Some(&alice_token),
        )
        .await;
    assert_eq!(rest.body, json!(["spam.example"]));
    let reply = api
        .send(
            Method::DELETE,
            "/api/v1/domain_blocks?domain=spam.example",
            Some(&alice_token),
            Body::None,
            &[],
        )
        .await;
    assert_eq!(reply.status, 200);
    let listed = api.get("/api/v1/domain_blocks", Some(&alice_token)).await;
    assert_eq!(listed.body, json!(["ads.example"]));
    let rel = api
        .get(
            &format!("/api/v1/accounts/relationships?id[]={}", bob.id),
            Some(&alice_token),
        )
        .await;
    assert_eq!(rel.body[0]["blocking"], true);

    // Markers: saved from a form or JSON, versions counting up.
    let empty = api
        .get(
            "/api/v1/markers?timeline[]=home&timeline[]=notifications",
            Some(&alice_token),
        )
        .await;
    assert_eq!((empty.status, empty.body.clone()), (200, json!({})));
    let saved = api
        .send(
            Method::POST,
            "/api/v1/markers",
            Some(&alice_token),
            Body::Form("home%5Blast_read_id%5D=103"),
            &[],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["home"]["last_read_id"], "103");
    assert_eq!(saved.body["home"]["version"], 1);
    let saved = api
        .post(
            "/api/v1/markers",
            &alice_token,
            json!({"home": {"last_read_id": "105"}, "notifications": {"last_read_id": "7"}}),
        )
        .await;
    assert_eq!(saved.body["home"]["version"], 2);
    assert_eq!(saved.body["notifications"]["version"], 1);
    assert!(saved.body["home"]["updated_at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    let only_home = api
        .get("/api/v1/markers?timeline[]=home", Some(&alice_token))
        .await;
    assert_eq!(only_home.body["home"]["last_read_id"], "105");
    assert!(only_home.body.get("notifications").is_none());
    let bad = api
        .post(
            "/api/v1/markers",
            &alice_token,
            json!({"home": {"last_read_id": "x"}}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["error"]
        .as_str()
        .unwrap()
        .contains("home[last_read_id]"));
    let scoped = token_with(a, &alice, "read:statuses").await;
    let refused = api
        .post(
            "/api/v1/markers",
            &scoped,
            json!({"home": {"last_read_id": "1"}}),
        )
        .await;
    assert_eq!(refused.status, 403);
}

async fn the_notifications_inbox(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, bob_token) = a.create_user("bob").await.unwrap();
    let (carol, carol_token) = a.create_user("carol").await.unwrap();
    let note = api.status(&alice_token, "hello", "public").await;
    for token in [&bob_token, &carol_token] {
        let reply = api
            .post(
                &format!("/api/v1/accounts/{}/follow", alice.id),
                token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    api.post(
        &format!("/api/v1/statuses/{note}/favourite"),
        &bob_token,
        json!({}),
    )
    .await;
    let all = api.get("/api/v1/notifications", Some(&alice_token)).await;
    assert_eq!(all.status, 200);
    let kinds: Vec<&str> = all
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["favourite", "follow", "follow"]);
    let all_ids = ids(&all.body);

    let follows = api
        .get("/api/v1/notifications?types[]=follow", Some(&alice_token))
        .await;
    assert_eq!(ids(&follows.body), all_ids[1..].to_vec());
    let not_follows = api
        .get(
            "/api/v1/notifications?exclude_types[]=follow",
            Some(&alice_token),
        )
        .await;
    assert_eq!(ids(&not_follows.body), all_ids[..1].to_vec());
    let from_carol = api
        .get(
            &format!("/api/v1/notifications?account_id={}", carol.id),
            Some(&alice_token),
        )
        .await;
    assert_eq!(from_carol.body[0]["account"]["id"], carol.id.to_string());
    assert_eq!(ids(&from_carol.body).len(), 1);
    let none = api
        .get("/api/v1/notifications?types[]=poll", Some(&alice_token))
        .await;
    assert_eq!(none.body, json!([]));
    let bad = api
        .get("/api/v1/notifications?account_id=abc", Some(&alice_token))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["error"].as_str().unwrap().contains("account_id"));

    // One notification: only its recipient sees it.
    let one = api
        .get(
            &format!("/api/v1/notifications/{}", all_ids[0]),
            Some(&alice_token),
        )
        .await;
    assert_eq!(
        (one.status, one.body["type"].as_str()),
        (200, Some("favourite"))
    );
    assert_eq!(one.body["account"]["id"], bob.id.to_string());
    let other = api
        .get(
            &format!("/api/v1/notifications/{}", all_ids[0]),
            Some(&bob_token),
        )
        .await;
    assert_eq!(other.status, 404);

    // Unread: newer than the notifications marker.
    let unread = api
        .get("/api/v1/notifications/unread_count", Some(&alice_token))
        .await;
    assert_eq!(unread.body["count"], 3);
    api.post(
        "/api/v1/markers",
        &alice_token,
        json!({"notifications": {"last_read_id": all_ids[1]}}),
    )
    .await;
    let unread = api
        .get("/api/v1/notifications/unread_count", Some(&alice_token))
        .await;
    assert_eq!(unread.body["count"], 1);

    // Dismiss one, then clear the rest.
    let read_only = token_with(a, &alice, "read").await;
    let path = format!("/api/v1/notifications/{}/dismiss", all_ids[0]);
    assert_eq!(api.post(&path, &read_only, json!({})).await.status, 403);
    assert_eq!(api.post(&path, &bob_token, json!({})).await.status, 404);
    assert_eq!(api.post(&path, &alice_token, json!({})).await.status, 200);
    assert_eq!(api.post(&path, &alice_token, json!({})).await.status, 404);
    let left = api.get("/api/v1/notifications", Some(&alice_token)).await;
    assert_eq!(ids(&left.body), all_ids[1..].to_vec());
    let cleared = api
        .post("/api/v1/notifications/clear", &alice_token, json!({}))
        .await;
    assert_eq!(cleared.status, 200);
    let left = api.get("/api/v1/notifications", Some(&alice_token)).await;
    assert_eq!(left.body, json!([]));
}

async fn accounts_and_instance_extras(backend: Backend) {
    let configure: Configure = Box::new(|domain: &str, config: &mut Config| {
        if domain == "a.test" {
            config.instance.rules = vec!["Be kind".into(), "No spam".into()];
        }
    });
    let Some(cluster) = cluster(2, backend, Some(configure)).await else {
        return;
    };
    let a = cluster.instance("a");
    let b = cluster.instance("b");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (alan, alan_token) = a.create_user("alan").await.unwrap();
    let (carl, _) = a.create_user("carl").await.unwrap();
    b.create_user("albert").await.unwrap();

    // Search: by prefix, locals first; `resolve` fetches an unknown remote account.
    let found = api
        .get("/api/v1/accounts/search?q=al", Some(&alice_token))
        .await;
    assert_eq!(found.status, 200);
    assert_eq!(
        ids(&found.body),
        vec![alan.id.to_string(), alice.id.to_string()]
    );
    let found = api
        .get(
            "/api/v1/accounts/search?q=albert@b.test&resolve=true",
            Some(&alice_token),
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(found.body[0]["acct"], "albert@b.test");
    let albert = found.body[0]["id"].as_str().unwrap().to_owned();
    let found = api.get("/api/v1/accounts/search?q=al&limit=1", None).await;
    assert_eq!(ids(&found.body), vec![alan.id.to_string()]);
    let missing = api.get("/api/v1/accounts/search", Some(&alice_token)).await;
    assert_eq!(missing.status, 422);
    assert!(missing.body["error"].as_str().unwrap().contains('q'));
    let following_only = api
        .get("/api/v1/accounts/search?q=al&following=true", None)
        .await;
    assert_eq!(following_only.status, 401);

    // Familiar followers: accounts alice follows that follow carl.
    for (token, target) in [
        (&alice_token, alan.id.to_string()),
        (&alice_token, albert.clone()),
        (&alan_token, carl.id.to_string()),
    ] {
        let reply = api
            .post(
                &format!("/api/v1/accounts/{target}/follow"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let found = api
        .get(
            "/api/v1/accounts/search?q=al&following=true",
            Some(&alice_token),
        )
        .await;
    assert_eq!(ids(&found.body)[0], alan.id.to_string());
    let familiar = api
        .get(
            &format!(
                "/api/v1/accounts/familiar_followers?id[]={}&id[]={}",
                carl.id, alan.id
            ),
            Some(&alice_token),
        )
        .await;
    assert_eq!(familiar.status, 200);
    assert_eq!(familiar.body[0]["id"], carl.id.to_string());
    assert_eq!(
        ids(&familiar.body[0]["accounts"]),
        vec![alan.id.to_string()]
    );
    assert_eq!(familiar.body[1]["accounts"], json!([]));

    let tags = api
        .get(
            &format!("/api/v1/accounts/{}/featured_tags", alice.id),
            None,
        )
        .await;
    assert_eq!((tags.status, tags.body), (200, json!([])));
    let lists = api
        .get(
            &format!("/api/v1/accounts/{}/lists", alan.id),
            Some(&alice_token),
        )
        .await;
    assert_eq!((lists.status, lists.body), (200, json!([])));
    assert_eq!(
        api.get("/api/v1/accounts/123456/featured_tags", None)
            .await
            .status,
        404
    );

    // The instance extras.
    let peers = api.get("/api/v1/instance/peers", None).await;
    assert_eq!(peers.body, json!(["b.test"]));
    let activity = api.get("/api/v1/instance/activity", None).await;
    let weeks = activity.body.as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[0]["registrations"], "3");
    assert_eq!(weeks[0]["logins"], "3", "each test user got a token");
    assert_eq!(weeks[1]["registrations"], "0");
    let rules = api.get("/api/v1/instance/rules", None).await;
    assert_eq!(
        rules.body[1],
        json!({"id": "2", "text": "No spam", "hint": ""})
    );
    let (_, v2) = (0, api.get("/api/v2/instance", None).await);
    assert_eq!(v2.body["rules"][0]["text"], "Be kind");
    let prefs = api.get("/api/v1/preferences", Some(&alice_token)).await;
    assert_eq!(prefs.body["posting:default:visibility"], "public");
    assert_eq!(api.get("/api/v1/preferences", None).await.status, 401);
    for path in ["/api/v1/filters", "/api/v2/filters"] {
        let filters = api.get(path, Some(&alice_token)).await;
        assert_eq!((filters.status, filters.body), (200, json!([])), "{path}");
    }
}

/// Registers an app on `instance` and returns an app token (`client_credentials`).
async fn app_token(api: &Api<'_>, scopes: &str) -> String {
    let app = api
        .send(
            Method::POST,
            "/api/v1/apps",
            None,
            Body::Json(json!({
                "client_name": "Sign-up Client",
                "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                "scopes": scopes,
            })),
            &[],
        )
        .await;
    assert_eq!(app.status, 200, "{}", app.body);
    let token = api
        .send(
            Method::POST,
            "/oauth/token",
            None,
            Body::Json(json!({
                "grant_type": "client_credentials",
                "client_id": app.body["client_id"],
                "client_secret": app.body["client_secret"],
                "scope": scopes,
            })),
            &[],
        )
        .await;
    assert_eq!(token.status, 200, "{}", token.body);
    token.body["access_token"].as_str().unwrap().to_owned()
}

async fn registration_open_and_closed(backend: Backend) {
    let configure: Configure = Box::new(|domain: &str, config: &mut Config| {
        if domain == "b.test" {
            config.instance.registrations = Registrations::Open;
        }
    });
    let Some(cluster) = cluster(2, backend, Some(configure)).await else {
        return;
    };
    let closed = Api {
        instance: cluster.instance("a"),
    };
    let open = Api {
        instance: cluster.instance("b"),
    };
    let form = json!({
        "username": "newbie",
        "email": "newbie@mail.example",
        "password": "a fine long passphrase",
        "agreement": true,
        "locale": "en",
    });

    // Closed (the default): refused, and the instance says so.
    let v1 = closed.get("/api/v1/instance", None).await;
    assert_eq!(v1.body["registrations"], false);
    let token = app_token(&closed, "read write").await;
    let refused = closed.post("/api/v1/accounts", &token, form.clone()).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["error"], "registrations are closed");

    // Open.
    let v2 = open.get("/api/v2/instance", None).await;
    assert_eq!(v2.body["registrations"]["enabled"], true);
    let v1 = open.get("/api/v1/instance", None).await;
    assert_eq!(v1.body["registrations"], true);
    let no_token = open
        .send(
            Method::POST,
            "/api/v1/accounts",
            None,
            Body::Json(form.clone()),
            &[],
        )
        .await;
    assert_eq!(no_token.status, 401);
    let read_app = app_token(&open, "read").await;
    let reply = open.post("/api/v1/accounts", &read_app, form.clone()).await;
    assert_eq!(reply.status, 403, "write:accounts is needed");
    let token = app_token(&open, "read write").await;
    for (field, value) in [
        ("password", json!("short")),
        ("username", json!("not valid!")),
        ("email", json!("nowhere")),
        ("agreement", json!(false)),
    ] {
        let mut bad = form.clone();
        bad[field] = value;
        let reply = open.post("/api/v1/accounts", &token, bad).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.body);
        assert!(
            reply.body["error"].as_str().unwrap().contains(field),
            "{}",
            reply.body
        );
    }
    let created = open.post("/api/v1/accounts", &token, form.clone()).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.body["token_type"], "Bearer");
    let user_token = created.body["access_token"].as_str().unwrap().to_owned();
    let me = open
        .get("/api/v1/accounts/verify_credentials", Some(&user_token))
        .await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["username"], "newbie");
    // The same password logs in through the OAuth form's check.
    let login = open
        .instance
        .state()
        .store
        .local_account_by_username("newbie")
        .await
        .unwrap();
    assert!(login.is_some());
    let taken = open.post("/api/v1/accounts", &token, form).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body["error"].as_str().unwrap().contains("taken"));
}

/// Runs each scenario on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name(rookery_testkit::Backend::Sqlite).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::$name(rookery_testkit::Backend::Postgres).await;
            })*
        }
    };
}

on_both_backends!(
    bookmarks_favourites_and_pins,
    account_statuses_filters,
    blocks_mutes_domain_blocks_and_markers,
    the_notifications_inbox,
    accounts_and_instance_extras,
    registration_open_and_closed,
);
