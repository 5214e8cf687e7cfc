//! The public web pages over real HTTP on a two-instance cluster: profile and note
//! pages, content negotiation on the same URLs (HTML, ActivityPub JSON, Versia JSON),
//! the Atom feed, followers-only and direct notes never shown to visitors, escaping of
//! hostile remote names and HTML, the remote follow flow, and the time a 40-note
//! profile page takes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::{Duration, Instant};

use rookery_core::service::Draft;
use rookery_core::{
    Account, AccountId, Attachment, Domain, FederationFacts, Note, NoteId, Origin, Protocol,
    Visibility,
};
use rookery_server::instance::now;
use rookery_testkit::{Backend, ClusterOptions, TestCluster, TestInstance};

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const AP: &str = "application/activity+json";
const VERSIA: &str = "application/vnd.versia+json";

/// A client that reaches every cluster instance by its name and never follows redirects
/// (the tests look at them).
fn web_client(cluster: &TestCluster) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    for instance in &cluster.instances {
        builder = builder.resolve(&instance.domain, instance.addr());
    }
    builder.build().unwrap()
}

struct Answer {
    status: u16,
    content_type: String,
    location: String,
    body: String,
}

async fn get(client: &reqwest::Client, url: &str, accept: Option<&str>) -> Answer {
    let mut request = client.get(url);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, location) = (header("content-type"), header("location"));
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    Answer {
        status,
        content_type,
        location,
        body,
    }
}

async fn post(instance: &TestInstance, author: AccountId, draft: Draft) -> Note {
    instance
        .state()
        .services
        .post_note(author, draft)
        .await
        .unwrap()
        .note
}

fn draft(text: &str, visibility: Visibility) -> Draft {
    Draft {
        visibility,
        ..Draft::public(text)
    }
}

#[tokio::test]
async fn profiles_notes_negotiation_feed_and_privacy_on_sqlite() {
    profiles_notes_negotiation_feed_and_privacy(Backend::Sqlite).await;
}

#[tokio::test]
async fn profiles_notes_negotiation_feed_and_privacy_on_postgres() {
    profiles_notes_negotiation_feed_and_privacy(Backend::Postgres).await;
}

async fn profiles_notes_negotiation_feed_and_privacy(backend: Backend) {
    let options = ClusterOptions {
        backend,
        ..ClusterOptions::default()
    };
    // `None`: PostgreSQL is not reachable outside CI (a line saying so was printed).
    let Some(cluster) = TestCluster::start_with(2, options).await.unwrap() else {
        return;
    };
    let a = cluster.instance("a");
    let http = web_client(&cluster);
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (carol, _) = a.create_user("carol").await.unwrap();
    let public = post(
        a,
        alice.id,
        draft("Hello from the public square", Visibility::Public),
    )
    .await;
    let unlisted = post(
        a,
        alice.id,
        draft("A quiet unlisted thought", Visibility::Unlisted),
    )
    .await;
    let private = post(
        a,
        alice.id,
        draft("Only for my followers", Visibility::FollowersOnly),
    )
    .await;
    let direct = post(
        a,
        alice.id,
        draft("A secret for @carol", Visibility::Direct),
    )
    .await;
    let warned = post(
        a,
        alice.id,
        Draft {
            content_warning: "Spoilers ahead".into(),
            ..Draft::public("The butler did it")
        },
    )
    .await;
    let reply = post(
        a,
        carol.id,
        Draft {
            in_reply_to: Some(public.id),
            ..Draft::public("@alice what a nice square")
        },
    )
    .await;
    let hidden = ["Only for my followers", "A secret for"];

    // The profile page, for a browser.
    let page = get(&http, &a.url("/@alice"), Some(BROWSER)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    for shown in [
        "Hello from the public square",
        "A quiet unlisted thought",
        "Spoilers ahead",
        "@alice@a.test",
        "name=\"handle\"",
        "<label for=\"remote-handle\"",
        "property=\"og:title\"",
        "name=\"twitter:card\"",
        "<link rel=\"alternate\" type=\"application/activity+json\" href=\"http://a.test/users/alice\">",
        "type=\"application/atom+xml\" href=\"http://a.test/@alice.atom\"",
        "<details><summary>Spoilers ahead</summary>",
    ] {
        assert!(page.body.contains(shown), "profile lacks {shown}");
    }
    for secret in hidden {
        assert!(!page.body.contains(secret), "profile shows {secret}");
    }
    // Without any Accept header it is a browser too.
    assert!(get(&http, &a.url("/@alice"), None)
        .await
        .body
        .contains("Hello from the public square"));

    // The same URL answers servers in their protocol.
    let actor = get(&http, &a.url("/@alice"), Some(AP)).await;
    assert_eq!(actor.status, 200);
    assert!(actor.content_type.starts_with(AP), "{}", actor.content_type);
    let actor: serde_json::Value = serde_json::from_str(&actor.body).unwrap();
    assert_eq!(actor["id"], "http://a.test/users/alice");
    assert_eq!(actor["type"], "Person");
    let user = get(&http, &a.url("/@alice"), Some(VERSIA)).await;
    assert_eq!(user.status, 200);
    assert!(user.content_type.contains("json"), "{}", user.content_type);
    let user: serde_json::Value = serde_json::from_str(&user.body).unwrap();
    assert_eq!(user["type"], "User");
    assert_eq!(user["username"], "alice");
    // And the ActivityPub id sends browsers to the page.
    let redirect = get(&http, &a.url("/users/alice"), Some(BROWSER)).await;
    assert_eq!(redirect.status, 303);
    assert_eq!(redirect.location, "/@alice");

    // The note page, with its thread, counts and content warning.
    let note_url = a.url(&format!("/@alice/{}", public.id));
    let page = get(&http, &note_url, Some(BROWSER)).await;
    assert_eq!(page.status, 200);
    for shown in [
        "Hello from the public square",
        "what a nice square",
        "<time datetime=\"",
        "replies",
        "property=\"og:type\" content=\"article\"",
        &format!("href=\"http://a.test/notes/{}\"", public.id),
    ] {
        assert!(page.body.contains(shown), "note page lacks {shown}");
    }
    let reply_page = get(&http, &a.url(&format!("/@carol/{}", reply.id)), None).await;
    assert_eq!(reply_page.status, 200);
    assert!(reply_page.body.contains("Earlier in the thread"));
    assert!(reply_page.body.contains("Hello from the public square"));
    let warned_page = get(&http, &a.url(&format!("/@alice/{}", warned.id)), None).await;
    assert!(warned_page
        .body
        .contains("<details><summary>Spoilers ahead</summary>"));
    // A note is only found under its own author.
    let wrong = get(&http, &a.url(&format!("/@carol/{}", public.id)), None).await;
    assert_eq!(wrong.status, 404);

    let object = get(&http, &note_url, Some(AP)).await;
    assert_eq!(object.status, 200);
    let object: serde_json::Value = serde_json::from_str(&object.body).unwrap();
    assert_eq!(object["id"], format!("http://a.test/notes/{}", public.id));
    assert_eq!(object["type"], "Note");
    let entity = get(&http, &note_url, Some(VERSIA)).await;
    assert_eq!(entity.status, 200);
    let entity: serde_json::Value = serde_json::from_str(&entity.body).unwrap();
    assert_eq!(entity["type"], "Note");
    let redirect = get(
        &http,
        &a.url(&format!("/notes/{}", public.id)),
        Some(BROWSER),
    )
    .await;
    assert_eq!(redirect.status, 303);
    assert_eq!(redirect.location, format!("/@alice/{}", public.id));

    // Followers-only and direct notes: 404 to visitors in every representation, and
    // absent from the front page and the feed.
    for note in [&private, &direct] {
        for accept in [Some(BROWSER), None, Some(AP), Some(VERSIA)] {
            let answer = get(&http, &a.url(&format!("/@alice/{}", note.id)), accept).await;
            assert_eq!(answer.status, 404, "{:?} as {accept:?}", note.visibility);
            for secret in hidden {
                assert!(!answer.body.contains(secret));
            }
        }
    }
    let front = get(&http, &a.url("/"), None).await;
    assert_eq!(front.status, 200);
    assert!(front.body.contains("href=\"/web/login\""));
    let name = &a.state().config.instance.name;
    assert!(front
        .body
        .contains(&format!("<h1 id=\"about-heading\">{name}</h1>")));
    assert!(front.body.contains("Hello from the public square"));
    // Unlisted notes stay off the public timeline.
    assert!(!front.body.contains("A quiet unlisted thought"));
    for secret in hidden {
        assert!(!front.body.contains(secret));
    }

    // The Atom feed: valid XML, public notes only, HTML escaped as text.
    let feed = get(&http, &a.url("/@alice.atom"), None).await;
    assert_eq!(feed.status, 200);
    assert!(feed.content_type.starts_with("application/atom+xml"));
    let xml = roxmltree::Document::parse(&feed.body).unwrap();
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2, "the public and the warned note");
    let contents: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.children())
        .filter(|n| n.tag_name().name() == "content")
        .filter_map(|n| n.text())
        .collect();
    assert!(contents
        .iter()
        .any(|c| c.contains("<p>Hello from the public square</p>")));
    assert!(!feed.body.contains("<p>Hello"), "HTML must be escaped");
    assert!(!feed.body.contains(&unlisted.id.to_string()));
    for secret in hidden {
        assert!(!feed.body.contains(secret));
    }

    // Unknown people and notes.
    assert_eq!(get(&http, &a.url("/@nobody"), None).await.status, 404);
    assert_eq!(get(&http, &a.url("/@alice/12345"), None).await.status, 404);
    assert_eq!(
        get(&http, &a.url("/@alice/notanid"), None).await.status,
        404
    );
    assert_eq!(get(&http, &a.url("/@nobody.atom"), None).await.status, 404);

    // The stylesheet is served with a year-long cache at the path pages link.
    let css_path = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let css = http.get(a.url(&css_path)).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(css
        .text()
        .await
        .unwrap()
        .contains("prefers-color-scheme: dark"));
    cluster.shutdown().await;
}

/// A remote account and note stored as an attacker might have sent them, past any
/// sanitizing on the way in.
async fn hostile_remote(a: &TestInstance) -> (Account, Note) {
    let state = a.state();
    let uri = "http://b.test/users/mallory".to_owned();
    let account = Account {
        id: AccountId(state.ids.next(now())),
        username: "mallory".into(),
        domain: Some(Domain::parse("b.test").unwrap()),
        display_name: "<script>alert('name')</script>".into(),
        note: "<p onclick=\"steal()\">bio<script>alert('bio')</script></p>".into(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            inbox: format!("{uri}/inbox"),
            uri,
            shared_inbox: None,
            url: Some("http://b.test/@mallory".into()),
            outbox: None,
            followers: None,
            public_keys: Vec::new(),
        })),
        created_at: now(),
        updated_at: now(),
    };
    let mut tx = state.store.begin().await.unwrap();
    let id = tx.upsert_remote_account(&account).await.unwrap();
    let note = Note {
        id: NoteId(state.ids.next(now())),
        author: id,
        uri: Some("http://b.test/notes/1".into()),
        url: None,
        content_html: "<p>hi<script>alert('note')</script><img src=x onerror=\"alert(1)\"></p>"
            .into(),
        source: String::new(),
        content_warning: "<b>cw</b>".into(),
        sensitive: false,
        language: None,
        in_reply_to: None,
        in_reply_to_account: None,
        mentions: Vec::new(),
        attachments: vec![Attachment {
            description: Some("\"><script>alert('alt')</script>".into()),
            ..Attachment::remote("http://b.test/files/1.png", Some("image/png".into()))
        }],
        tags: Vec::new(),
        visibility: Visibility::Public,
        created_at: now(),
        edited_at: None,
    };
    tx.insert_note(&note).await.unwrap();
    // Sensitive media without a content warning.
    let sensitive = Note {
        id: NoteId(state.ids.next(now())),
        uri: Some("http://b.test/notes/2".into()),
        content_warning: String::new(),
        sensitive: true,
        ..note.clone()
    };
    tx.insert_note(&sensitive).await.unwrap();
    tx.commit().await.unwrap();
    let account = state.store.account(id).await.unwrap().unwrap();
    (account, note)
}

#[tokio::test]
async fn hostile_remote_content_is_escaped_and_remote_follow_works() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let http = web_client(&cluster);
    a.create_user("alice").await.unwrap();
    b.create_user("bob").await.unwrap();
    let (_, note) = hostile_remote(a).await;

    for url in [
        a.url("/@mallory@b.test"),
        a.url(&format!("/@mallory@b.test/{}", note.id)),
    ] {
        let page = get(&http, &url, Some(BROWSER)).await;
        assert_eq!(page.status, 200, "{url}");
        let body = page.body.to_lowercase();
        assert!(!body.contains("<script"), "{url}: {body}");
        assert!(!body.contains("onerror"), "{url}");
        assert!(!body.contains("onclick"), "{url}");
        assert!(
            body.contains("&lt;script&gt;alert('name')&lt;/script&gt;"),
            "{url}"
        );
    }
    let profile = get(&http, &a.url("/@mallory@b.test"), None).await;
    assert!(profile
        .body
        .contains("<details class=\"sensitive-media\"><summary>Sensitive media</summary>"));
    let note_page = get(
        &http,
        &a.url(&format!("/@mallory@b.test/{}", note.id)),
        None,
    )
    .await;
    assert!(note_page
        .body
        .contains("<summary>&lt;b&gt;cw&lt;/b&gt;</summary>"));
    assert!(note_page
        .body
        .contains("alt=\"&quot;&gt;&lt;script&gt;alert('alt')&lt;/script&gt;\""));
    // A remote account is not served as our JSON, and has no feed here.
    assert_eq!(
        get(&http, &a.url("/@mallory@b.test"), Some(AP))
            .await
            .status,
        404
    );
    assert_eq!(
        get(&http, &a.url("/@mallory@b.test.atom"), None)
            .await
            .status,
        404
    );

    // "Follow from your server": a visitor from b.test on alice's profile is sent to
    // b.test's subscribe template with alice's id...
    let start = get(
        &http,
        &a.url("/remote_follow?acct=alice&handle=%40bob%40b.test"),
        None,
    )
    .await;
    assert_eq!(start.status, 303);
    assert_eq!(
        start.location,
        "http://b.test/authorize_interaction?uri=http%3A%2F%2Fa%2Etest%2Fusers%2Falice"
    );
    // ...where b.test hands the visitor to its web client's follow page.
    let hop = get(&http, &start.location, None).await;
    assert_eq!(hop.status, 303);
    assert_eq!(
        hop.location,
        "/web/authorize_interaction?uri=http%3A%2F%2Fa%2Etest%2Fusers%2Falice"
    );
    // A bad handle or an unknown server is explained, not a crash.
    let bad = get(
        &http,
        &a.url("/remote_follow?acct=alice&handle=nonsense"),
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("@you@your.server"));
    let unknown = get(
        &http,
        &a.url("/remote_follow?acct=alice&handle=%40x%40nowhere.test"),
        None,
    )
    .await;
    assert_eq!(unknown.status, 400);
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_forty_note_profile_page_is_fast_and_pages_by_max_id() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let http = web_client(&cluster);
    let (alice, _) = a.create_user("alice").await.unwrap();
    let mut first = None;
    for i in 0..45 {
        let note = post(
            a,
            alice.id,
            draft(
                &format!("Note number {i:02} with some words"),
                Visibility::Public,
            ),
        )
        .await;
        first.get_or_insert(note.id);
    }
    let page = get(&http, &a.url("/@alice"), None).await;
    assert_eq!(page.body.matches("<article class=\"note").count(), 40);
    assert!(page.body.contains("Note number 44"));
    assert!(!page.body.contains("Note number 04"));
    let older = page
        .body
        .split("rel=\"next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(older.starts_with("/@alice?max_id="), "{older}");
    let second = get(&http, &a.url(&older), None).await;
    assert_eq!(second.body.matches("<article class=\"note").count(), 5);
    assert!(second.body.contains("Note number 00"));
    assert!(second.body.contains(&format!("/@alice/{}", first.unwrap())));

    // Time for the 40-note page, measured at the client over loopback (so it includes
    // HTTP), median of 30 after warming up.
    for _ in 0..3 {
        get(&http, &a.url("/@alice"), None).await;
    }
    let mut times = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let answer = get(&http, &a.url("/@alice"), None).await;
        times.push(started.elapsed());
        assert_eq!(answer.status, 200);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "profile page with 40 notes: median {:.2} ms, max {:.2} ms (this build's profile)",
        median.as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    // Generous for unoptimized debug builds on a loaded CI machine; the figure printed
    // above is what to read.
    assert!(median < Duration::from_millis(250), "median {median:?}");
    cluster.shutdown().await;
}

/// The JSON a human URL answers goes through the adapter's own checks: with authorized
/// fetch on, `/@bob` refuses an unsigned GET and serves a GET signed for `/@bob` itself.
#[tokio::test]
async fn negotiated_json_keeps_authorized_fetch() {
    use activitypub_support::{ap_cluster, client, get_json, install_key};
    let cluster = ap_cluster(2, |domain, config| {
        config.federation.authorized_fetch = domain == "b.test";
    })
    .await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (key, key_id) = install_key(a, &alice).await;
    let http = client(a);
    let note = post(b, bob.id, Draft::public("signed eyes only")).await;
    for path in ["/@bob".to_owned(), format!("/@bob/{}", note.id)] {
        let unsigned = get_json(&http, &b.url(&path), None).await;
        assert_eq!(unsigned.status.as_u16(), 401, "{path}");
        let signed = get_json(&http, &b.url(&path), Some((&key, &key_id))).await;
        assert_eq!(signed.status.as_u16(), 200, "{path}");
        let body: serde_json::Value = serde_json::from_slice(&signed.body).unwrap();
        assert!(body["id"].as_str().unwrap().starts_with("http://b.test/"));
    }
    // Browsers still get the page.
    let page = get(&web_client(&cluster), &b.url("/@bob"), Some(BROWSER)).await;
    assert_eq!(page.status, 200);
    cluster.shutdown().await;
}
