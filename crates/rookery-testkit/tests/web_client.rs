//! The built-in web client over real HTTP, as a browser uses it (a cookie jar, forms,
//! redirects not followed so each answer is checked): login success and failure,
//! throttling, CSRF refusals, compose with a content warning and an image, like, boost,
//! delete, private notes refused to others, following a remote user by handle and
//! seeing their post arrive, notifications, a follow request accepted, profile editing,
//! logout revoking the session, and the server time of a 40-note timeline page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine;
use reqwest::multipart::{Form, Part};
use reqwest::redirect::Policy;
use reqwest::Client;
use rookery_core::ports::Tokens;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Handle, Visibility};
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster, TestInstance};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "a-test-password-1";
const WAIT: Duration = Duration::from_secs(15);
/// A valid 1x1 PNG.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// One browser: its own cookie jar, redirects shown rather than followed.
struct Browser {
    client: Client,
    base: String,
}

struct Answer {
    status: u16,
    location: Option<String>,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Browser {
    fn new(instance: &TestInstance) -> Self {
        Browser {
            client: Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .unwrap(),
            base: format!("http://{}", instance.addr()),
        }
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let location = headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        Answer {
            status,
            location,
            headers,
            body: response.text().await.unwrap(),
        }
    }

    async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    async fn post_multipart(&self, path: &str, form: Form) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    /// Logs in through the form; returns the answer to the POST.
    async fn login(&self, username: &str, password: &str) -> Answer {
        let page = self.get("/web/login").await;
        assert_eq!(page.status, 200);
        let csrf = csrf_in(&page.body);
        self.post(
            "/web/login",
            &[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("password", password),
                ("next", "/web/home"),
            ],
        )
        .await
    }

    async fn logged_in(instance: &TestInstance, username: &str) -> Browser {
        let browser = Browser::new(instance);
        let answer = browser.login(username, PASSWORD).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(answer.location.as_deref(), Some("/web/home"));
        browser
    }

    /// The CSRF token of the session, from any client page.
    async fn csrf(&self) -> String {
        let page = self.get("/web/home").await;
        assert_eq!(page.status, 200, "{}", page.body);
        csrf_in(&page.body)
    }

    async fn compose(&self, text: &str, cw: &str, visibility: &str) -> Answer {
        let form = Form::new()
            .text("csrf", self.csrf().await)
            .text("text", text.to_owned())
            .text("content_warning", cw.to_owned())
            .text("visibility", visibility.to_owned());
        self.post_multipart("/web/compose", form).await
    }
}

/// The value of the first `name="csrf"` field of a page.
fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a csrf field") + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_owned()
}

/// The ids of the notes a page lists, in order (`id="note-ID"`).
fn note_ids(html: &str) -> Vec<String> {
    html.match_indices("id=\"note-")
        .map(|(at, m)| {
            html[at + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect()
        })
        .collect()
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn login_sessions_csrf_and_logout() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    a.create_user("alice").await.unwrap();
    let browser = Browser::new(a);

    // Protected pages send a visitor to the login, coming back afterwards.
    let home = browser.get("/web/home").await;
    assert_eq!(home.status, 303);
    assert_eq!(
        home.location.as_deref(),
        Some("/web/login?next=%2Fweb%2Fhome")
    );
    let page = browser.get("/web/login?next=%2Fweb%2Fnotifications").await;
    assert!(page.body.contains("<label for=\"password\">"));
    assert!(page
        .body
        .contains("name=\"next\" value=\"/web/notifications\""));

    // Without the form's CSRF token the login is refused, even with the right password.
    let answer = browser
        .post(
            "/web/login",
            &[("username", "alice"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, 403);

    let wrong = browser.login("alice", "not-the-password").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Invalid username or password."));
    assert!(
        browser.get("/web/home").await.status == 303,
        "a failed login starts no session"
    );

    // The right password: a session cookie with the attributes a session needs.
    let page = browser.get("/web/login").await;
    let csrf = csrf_in(&page.body);
    let response = browser
        .client
        .post(format!("{}/web/login", browser.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/web/home",
        "never sent to another site"
    );
    let session_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("rookery_session="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(session_cookie.contains(attribute), "{session_cookie}");
    }
    assert!(!session_cookie.contains("Secure"), "plain http in tests");
    let secret = session_cookie
        .trim_start_matches("rookery_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    // Stored as a hash only: an access token of the built-in app.
    let store = &a.state().store;
    let token = store
        .token_by_hash(&sha256_hex(&secret))
        .await
        .unwrap()
        .expect("the session is an access token");
    assert_eq!(token.scopes, "read write follow");
    assert_eq!(token.app_name.as_deref(), Some("rookery web"));
    assert!(store.token_by_hash(&secret).await.unwrap().is_none());

    let home = browser.get("/web/home").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Log out"));
    assert_eq!(home.headers["cache-control"], "no-store");

    // A POST without the session's CSRF token (as a cross-site form would send it)
    // changes nothing.
    let form = Form::new()
        .text("text", "forged")
        .text("visibility", "public");
    let forged = browser.post_multipart("/web/compose", form).await;
    assert_eq!(forged.status, 403);
    let form = Form::new()
        .text("csrf", "0".repeat(32))
        .text("text", "forged")
        .text("visibility", "public");
    assert_eq!(
        browser.post_multipart("/web/compose", form).await.status,
        403
    );
    assert!(!browser.get("/web/home").await.body.contains("forged"));

    // Logging out revokes the session on the server, not only in this browser.
    let csrf = browser.csrf().await;
    assert_eq!(browser.post("/web/logout", &[]).await.status, 403);
    let out = browser
        .post("/web/logout", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location.as_deref(), Some("/web/login"));
    assert_eq!(browser.get("/web/home").await.status, 303);
    assert!(store
        .token_by_hash(&sha256_hex(&secret))
        .await
        .unwrap()
        .is_none());
    let replayed = Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/web/home", browser.base))
        .header("cookie", format!("rookery_session={secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status().as_u16(), 303, "the old cookie is dead");

    cluster.shutdown().await;
}

#[tokio::test]
async fn failed_logins_are_throttled() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    a.create_user("alice").await.unwrap();
    let browser = Browser::new(a);
    for _ in 0..5 {
        assert_eq!(browser.login("alice", "wrong").await.status, 401);
    }
    let blocked = browser.login("alice", PASSWORD).await;
    assert_eq!(blocked.status, 429, "even the right password waits");
    assert!(blocked.body.contains("Too many failed attempts"));
    cluster.shutdown().await;
}

#[tokio::test]
async fn compose_like_boost_delete_and_private_notes() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    a.create_user("alice").await.unwrap();
    a.create_user("carol").await.unwrap();
    let alice = Browser::logged_in(a, "alice").await;
    let carol = Browser::logged_in(a, "carol").await;

    // Compose with a content warning and an image with alt text.
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG_1X1)
        .unwrap();
    let form = Form::new()
        .text("csrf", alice.csrf().await)
        .text("text", "Look at my <tiny> picture")
        .text("content_warning", "eye strain")
        .text("visibility", "public")
        .text("alt", "A single grey pixel")
        .part(
            "image",
            Part::bytes(png)
                .file_name("pixel.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let posted = alice.post_multipart("/web/compose", form).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    assert_eq!(posted.location.as_deref(), Some("/web/home"));
    let home = alice.get("/web/home").await;
    assert!(home
        .body
        .contains("<summary>Content warning: eye strain</summary>"));
    assert!(
        home.body.contains("Look at my &lt;tiny&gt; picture"),
        "text is escaped"
    );
    assert!(home.body.contains("alt=\"A single grey pixel\""));
    let ids = note_ids(&home.body);
    assert_eq!(ids.len(), 1);
    let note = ids[0].clone();
    // The image is served from this instance.
    let src_at = home.body.find("<img src=\"").unwrap() + "<img src=\"".len();
    let src = &home.body[src_at..src_at + home.body[src_at..].find('"').unwrap()];
    let path = src.trim_start_matches(&a.url(""));
    let image = alice
        .client
        .get(format!("{}{path}", alice.base))
        .send()
        .await
        .unwrap();
    assert_eq!(image.status().as_u16(), 200, "{src}");
    assert!(image.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("image/"));

    // A refused note shows the form again with the reason and what was typed.
    let empty = alice.compose("   ", "kept warning", "unlisted").await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("role=\"alert\""));
    assert!(empty.body.contains("value=\"kept warning\""));
    // A file that is not an image is refused, and nothing is posted.
    let form = Form::new()
        .text("csrf", alice.csrf().await)
        .text("text", "with a fake image")
        .text("visibility", "public")
        .part(
            "image",
            Part::bytes(b"just text".to_vec()).file_name("x.png"),
        );
    let fake = alice.post_multipart("/web/compose", form).await;
    assert_eq!(fake.status, 422);
    assert!(fake.body.contains("The image was refused"));
    assert_eq!(note_ids(&alice.get("/web/home").await.body).len(), 1);

    // Carol likes and boosts it from the local timeline; Alice is notified.
    let local = carol.get("/web/local").await;
    assert_eq!(note_ids(&local.body), vec![note.clone()]);
    let csrf = carol.csrf().await;
    let like = carol
        .post(
            &format!("/web/notes/{note}/like"),
            &[("csrf", csrf.as_str()), ("back", "/web/local")],
        )
        .await;
    assert_eq!(like.status, 303);
    assert_eq!(like.location, Some(format!("/web/local#note-{note}")));
    let wrong_token = carol
        .post(
            &format!("/web/notes/{note}/boost"),
            &[("csrf", "not-the-token"), ("back", "/web/local")],
        )
        .await;
    assert_eq!(wrong_token.status, 403);
    let boost = carol
        .post(
            &format!("/web/notes/{note}/boost"),
            &[("csrf", csrf.as_str()), ("back", "/web/local")],
        )
        .await;
    assert_eq!(boost.status, 303);
    let local = carol.get("/web/local").await;
    assert!(local
        .body
        .contains(&format!("action=\"/web/notes/{note}/unlike\"")));
    assert!(local
        .body
        .contains(&format!("action=\"/web/notes/{note}/unboost\"")));
    let notifications = alice.get("/web/notifications").await;
    assert!(notifications.body.contains("liked your note"));
    assert!(notifications.body.contains("boosted your note"));
    assert!(notifications.body.contains(">carol</a>"));

    // Reply: the form is prefilled with the author's handle and answers the note.
    let reply = carol.get(&format!("/web/compose?in_reply_to={note}")).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains(">@alice </textarea>"));
    assert!(reply
        .body
        .contains(&format!("name=\"in_reply_to\" value=\"{note}\"")));

    // Followers-only: Carol does not follow Alice, so every page refuses it.
    let private = alice.compose("only for my followers", "", "private").await;
    assert_eq!(private.status, 303);
    let private_id = note_ids(&alice.get("/web/home").await.body)[0].clone();
    assert_ne!(private_id, note);
    assert_eq!(
        alice.get(&format!("/web/notes/{private_id}")).await.status,
        200
    );
    for path in [
        format!("/web/notes/{private_id}"),
        format!("/web/compose?in_reply_to={private_id}"),
    ] {
        let refused = carol.get(&path).await;
        assert_eq!(refused.status, 404, "{path}");
        assert!(!refused.body.contains("only for my followers"));
    }
    let csrf = carol.csrf().await;
    let like = carol
        .post(
            &format!("/web/notes/{private_id}/like"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(like.status, 404);
    assert!(!carol
        .get("/web/local")
        .await
        .body
        .contains("only for my followers"));

    // Only the author may delete; then the note is gone.
    let refused = carol
        .post(
            &format!("/web/notes/{note}/delete"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(refused.status, 403);
    let alice_csrf = alice.csrf().await;
    let deleted = alice
        .post(
            &format!("/web/notes/{note}/delete"),
            &[("csrf", alice_csrf.as_str())],
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert!(!note_ids(&alice.get("/web/home").await.body).contains(&note));
    assert_eq!(alice.get(&format!("/web/notes/{note}")).await.status, 404);

    cluster.shutdown().await;
}

#[tokio::test]
async fn follow_remote_by_handle_requests_and_profile() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    a.create_user("alice").await.unwrap();
    a.create_user("carol").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let alice = Browser::logged_in(a, "alice").await;

    // Follow bob on b.test by typing his handle.
    let unknown = alice
        .post(
            "/web/follow",
            &[
                ("csrf", alice.csrf().await.as_str()),
                ("handle", "@nobody@b.test"),
            ],
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("No account was found"));
    let csrf = alice.csrf().await;
    let followed = alice
        .post(
            "/web/follow",
            &[("csrf", csrf.as_str()), ("handle", "@bob@b.test")],
        )
        .await;
    assert_eq!(followed.status, 303, "{}", followed.body);
    let account_path = followed.location.unwrap();
    assert!(account_path.starts_with("/web/accounts/"));
    let b_services = b.state().services.clone();
    eventually_async("b.test records alice's follow", WAIT, || {
        let services = b_services.clone();
        async move {
            let alice_there = services
                .resolve_handle(&Handle::parse("alice@a.test").unwrap())
                .await
                .ok()
                .flatten()?;
            let follow = services
                .repo()
                .follow_between(alice_there.id, bob.id)
                .await
                .ok()??;
            (follow.state == FollowState::Accepted).then_some(())
        }
    })
    .await;
    let page = eventually_async("the follow is accepted on a.test", WAIT, || {
        let alice = &alice;
        let account_path = account_path.clone();
        async move {
            let page = alice.get(&account_path).await;
            page.body.contains(">Unfollow</button>").then_some(page)
        }
    })
    .await;
    assert!(page.body.contains("@bob@b.test"));
    assert!(alice.get("/web/follow").await.body.contains("@bob@b.test"));

    // Bob posts on b.test; it arrives on alice's home page.
    b_services
        .post_note(bob.id, Draft::public("Greetings from b.test"))
        .await
        .unwrap();
    eventually_async("bob's note on alice's home", WAIT, || async {
        alice
            .get("/web/home")
            .await
            .body
            .contains("Greetings from b.test")
            .then_some(())
    })
    .await;

    // Carol locks her account and renames herself in the profile editor.
    let carol = Browser::logged_in(a, "carol").await;
    let form = Form::new()
        .text("csrf", carol.csrf().await)
        .text("display_name", "Carol C")
        .text("bio", "Hello, I <3 birds")
        .text("locked", "true");
    let saved = carol.post_multipart("/web/profile", form).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/web/profile?saved=1"));
    let profile = carol.get("/web/profile?saved=1").await;
    assert!(profile.body.contains("Profile saved."));
    assert!(profile.body.contains("value=\"Carol C\""));
    assert!(profile.body.contains("Hello, I &lt;3 birds</textarea>"));
    assert!(profile.body.contains("checked"));
    // An avatar and two fields; a file that is not an image is refused.
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG_1X1)
        .unwrap();
    let form = Form::new()
        .text("csrf", carol.csrf().await)
        .text("display_name", "Carol C")
        .text("bio", "Hello, I <3 birds")
        .text("locked", "true")
        .text("field_name_0", "Pronouns")
        .text("field_value_0", "she/her")
        .text("field_name_2", "Site")
        .text("field_value_2", "https://carol.example/")
        .part("avatar", Part::bytes(png).file_name("me.png"));
    let saved = carol.post_multipart("/web/profile", form).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let profile = carol.get("/web/profile").await;
    assert!(profile.body.contains("alt=\"Your current avatar\""));
    assert!(profile
        .body
        .contains("name=\"field_name_0\" value=\"Pronouns\""));
    assert!(profile
        .body
        .contains("name=\"field_value_0\" value=\"she/her\""));
    assert!(
        profile
            .body
            .contains("name=\"field_name_1\" value=\"Site\""),
        "fields keep their order without gaps"
    );
    let avatar_at = profile.body.find("<img class=\"avatar").unwrap();
    let src_at = avatar_at + profile.body[avatar_at..].find("src=\"").unwrap() + 5;
    let src = &profile.body[src_at..src_at + profile.body[src_at..].find('"').unwrap()];
    let served = carol
        .client
        .get(format!("{}{src}", carol.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status().as_u16(), 200, "{src}");
    let not_image = Form::new()
        .text("csrf", carol.csrf().await)
        .text("display_name", "Carol C")
        .part(
            "header",
            Part::bytes(b"%PDF-1.4".to_vec()).file_name("h.png"),
        );
    let refused = carol.post_multipart("/web/profile", not_image).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("The header image was refused"));
    let too_long = Form::new()
        .text("csrf", carol.csrf().await)
        .text("display_name", "x".repeat(31))
        .text("bio", "");
    assert_eq!(
        carol.post_multipart("/web/profile", too_long).await.status,
        422
    );

    // Bob asks to follow carol; she accepts from her follow requests.
    let carol_on_b = b_services
        .resolve_handle(&Handle::parse("carol@a.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(carol_on_b.locked, "the profile update says she is locked");
    b_services.follow(bob.id, carol_on_b.id).await.unwrap();
    let requests = eventually_async("bob's request reaches carol", WAIT, || async {
        let page = carol.get("/web/follow_requests").await;
        page.body.contains("@bob@b.test").then_some(page)
    })
    .await;
    let accept_at = requests.body.find("/accept\"").unwrap();
    let start = requests.body[..accept_at]
        .rfind("/web/follow_requests/")
        .unwrap();
    let accept_path = &requests.body[start..accept_at + "/accept".len()];
    assert!(carol
        .get("/web/notifications")
        .await
        .body
        .contains("asked to follow you"));
    assert_eq!(carol.post(accept_path, &[]).await.status, 403, "CSRF");
    let csrf = carol.csrf().await;
    let accepted = carol.post(accept_path, &[("csrf", csrf.as_str())]).await;
    assert_eq!(accepted.status, 303);
    eventually_async("b.test hears the accept", WAIT, || {
        let services = b_services.clone();
        async move {
            let follow = services
                .repo()
                .follow_between(bob.id, carol_on_b.id)
                .await
                .ok()??;
            (follow.state == FollowState::Accepted).then_some(())
        }
    })
    .await;
    assert!(!carol
        .get("/web/follow_requests")
        .await
        .body
        .contains("@bob@b.test"));

    // Now a follower on b.test gets carol's profile edits.
    let form = Form::new()
        .text("csrf", carol.csrf().await)
        .text("display_name", "Carol the Birder")
        .text("bio", "Birds");
    assert_eq!(carol.post_multipart("/web/profile", form).await.status, 303);
    eventually_async("b.test sees the new name", WAIT, || {
        let services = b_services.clone();
        async move {
            let carol = services.repo().account(carol_on_b.id).await.ok()??;
            (carol.display_name == "Carol the Birder" && !carol.locked).then_some(())
        }
    })
    .await;

    // The remote-follow landing page shows the account with a follow button.
    let landing = carol
        .get("/web/authorize_interaction?uri=acct%3Abob%40b.test")
        .await;
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("@bob@b.test"));
    assert!(landing.body.contains(">Follow</button>"));
    cluster.shutdown().await;
}

/// Alice on a.test follows bob on b.test by typing his handle, with both instances
/// speaking only `protocol`; bob's next post reaches her home page.
async fn follow_by_handle_over(protocol: &'static str) {
    let options = ClusterOptions {
        configure: Some(Box::new(move |_, config| {
            config.federation.protocols = vec![protocol.into()];
            config.federation.prefer = protocol.into();
        })),
        ..ClusterOptions::default()
    };
    let cluster = TestCluster::start_with(2, options).await.unwrap().unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let alice = Browser::logged_in(a, "alice").await;
    let csrf = alice.csrf().await;
    let followed = alice
        .post(
            "/web/follow",
            &[("csrf", csrf.as_str()), ("handle", "bob@b.test")],
        )
        .await;
    assert_eq!(followed.status, 303, "{protocol}: {}", followed.body);
    let account_path = followed.location.unwrap();
    eventually_async("the follow is accepted", WAIT, || {
        let (alice, path) = (&alice, account_path.clone());
        async move {
            let page = alice.get(&path).await;
            page.body.contains(">Unfollow</button>").then_some(())
        }
    })
    .await;
    let text = format!("Posted on b.test over {protocol}");
    b.state()
        .services
        .post_note(bob.id, Draft::public(text.clone()))
        .await
        .unwrap();
    eventually_async("bob's note on alice's home", WAIT, || async {
        alice
            .get("/web/home")
            .await
            .body
            .contains(&text)
            .then_some(())
    })
    .await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn follow_by_handle_over_activitypub() {
    follow_by_handle_over("activitypub").await;
}

#[tokio::test]
async fn follow_by_handle_over_versia() {
    follow_by_handle_over("versia").await;
}

/// A full page renders every note and says what it cost in `Server-Timing`. Its speed
/// is a benchmark figure (bench/ B5), not asserted here: a timed test fails on a busy
/// machine whatever the code does.
#[tokio::test]
async fn a_timeline_page_of_40_notes_reports_its_server_time() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let (alice, _) = a.create_user("alice").await.unwrap();
    let services = a.state().services.clone();
    for i in 0..40 {
        let mut draft = Draft::public(format!("Note number {i} with #tag and some text"));
        if i % 5 == 0 {
            draft.content_warning = "spoiler".into();
        }
        if i % 7 == 0 {
            draft.visibility = Visibility::Unlisted;
        }
        services.post_note(alice.id, draft).await.unwrap();
    }
    let browser = Browser::logged_in(a, "alice").await;
    let page = browser.get("/web/home?limit=40").await;
    assert_eq!(page.status, 200);
    assert_eq!(note_ids(&page.body).len(), 40);
    let timing = page.headers["server-timing"].to_str().unwrap().to_owned();
    let ms: f64 = timing
        .strip_prefix("app;dur=")
        .unwrap_or_else(|| panic!("unexpected Server-Timing {timing:?}"))
        .parse()
        .unwrap();
    assert!(ms > 0.0, "Server-Timing {timing:?}");
    println!("web client home timeline, 40 notes: server time {ms:.2} ms (debug build)");
    cluster.shutdown().await;
}
