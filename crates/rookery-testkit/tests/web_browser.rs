//! The public pages in a real browser: `e2e/public.mjs` (Playwright driving Debian's
//! Chromium) against a two-instance cluster, checking what a visitor sees and what they
//! must not, accessibility basics, the remote follow hop between the instances, and
//! saving screenshots at desktop and phone width under `artifacts/screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod web_support;

use std::time::Duration;

use rookery_core::service::{Draft, ProfileChange};
use rookery_core::{
    Account, AccountId, Attachment, Domain, FederationFacts, Note, NoteId, Origin, Protocol,
    Visibility,
};
use rookery_server::instance::now;
use rookery_testkit::{ClusterOptions, TestCluster, TestInstance};

const PUBLIC_TEXT: &str = "Morning light over the harbour";
const PRIVATE_TEXT: &str = "Door code for my followers only";
const CW: &str = "Film spoilers";
const CW_TEXT: &str = "The ship sinks at the end";

async fn post(instance: &TestInstance, author: AccountId, draft: Draft) -> Note {
    instance
        .state()
        .services
        .post_note(author, draft)
        .await
        .unwrap()
        .note
}

/// A remote account known on `a` with a public note carrying an image and alt text.
async fn remote_with_image(a: &TestInstance) -> Account {
    let state = a.state();
    let uri = "http://c.test/users/rhea".to_owned();
    let account = Account {
        id: AccountId(state.ids.next(now())),
        username: "rhea".into(),
        domain: Some(Domain::parse("c.test").unwrap()),
        display_name: "Rhea from elsewhere".into(),
        note: "<p>Birds, mostly.</p>".into(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            inbox: format!("{uri}/inbox"),
            uri,
            shared_inbox: None,
            url: Some("http://c.test/@rhea".into()),
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
        uri: Some("http://c.test/notes/1".into()),
        url: None,
        content_html: "<p>Look who came by today.</p>".into(),
        source: String::new(),
        content_warning: String::new(),
        sensitive: false,
        language: Some("en".into()),
        in_reply_to: None,
        in_reply_to_account: None,
        mentions: Vec::new(),
        attachments: vec![Attachment {
            description: Some("A heron standing in shallow water".into()),
            width: Some(640),
            height: Some(480),
            ..Attachment::remote("http://c.test/files/heron.png", Some("image/png".into()))
        }],
        tags: Vec::new(),
        visibility: Visibility::Public,
        created_at: now(),
        edited_at: None,
    };
    tx.insert_note(&note).await.unwrap();
    tx.commit().await.unwrap();
    state.store.account(id).await.unwrap().unwrap()
}

#[tokio::test]
async fn public_pages_in_a_browser() {
    // Instances named by their loopback address, so Chromium reaches them by the same
    // names the instances use for each other (the remote follow hops from a to b).
    let options = ClusterOptions {
        loopback_domains: true,
        ..ClusterOptions::default()
    };
    let cluster = TestCluster::start_with(2, options).await.unwrap().unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (carol, _) = a.create_user("carol").await.unwrap();
    b.create_user("bob").await.unwrap();
    a.state()
        .services
        .update_profile(
            alice.id,
            ProfileChange {
                display_name: Some("Alice Example".into()),
                note: Some("Sailor, reader, https://example.org".into()),
                ..ProfileChange::default()
            },
        )
        .await
        .unwrap();
    let public = post(a, alice.id, Draft::public(PUBLIC_TEXT)).await;
    post(
        a,
        carol.id,
        Draft {
            in_reply_to: Some(public.id),
            ..Draft::public("@alice lovely, wish I was there")
        },
    )
    .await;
    post(
        a,
        alice.id,
        Draft {
            content_warning: CW.into(),
            ..Draft::public(CW_TEXT)
        },
    )
    .await;
    let private = post(
        a,
        alice.id,
        Draft {
            visibility: Visibility::FollowersOnly,
            ..Draft::public(PRIVATE_TEXT)
        },
    )
    .await;
    let rhea = remote_with_image(a).await;

    let vars = [
        ("ROOKERY_A", a.url("")),
        ("ROOKERY_B", b.url("")),
        ("ROOKERY_PROFILE", "/@alice".to_owned()),
        ("ROOKERY_NOTE", format!("/@alice/{}", public.id)),
        ("ROOKERY_PRIVATE_NOTE", format!("/@alice/{}", private.id)),
        ("ROOKERY_REMOTE_PROFILE", format!("/@{}", rhea.acct())),
        ("ROOKERY_PUBLIC_TEXT", PUBLIC_TEXT.to_owned()),
        ("ROOKERY_PRIVATE_TEXT", PRIVATE_TEXT.to_owned()),
        ("ROOKERY_CW", CW.to_owned()),
        ("ROOKERY_CW_TEXT", CW_TEXT.to_owned()),
        ("ROOKERY_FOLLOWER", format!("@bob@{}", b.domain)),
    ];
    let shots = ["public-profile-desktop.png", "public-note-phone.png"]
        .map(|name| web_support::screenshot_dir().join(name));
    for shot in &shots {
        let _ = std::fs::remove_file(shot);
    }
    web_support::run_browser_script("public.mjs", &vars, Duration::from_secs(120)).await;
    for shot in &shots {
        assert!(shot.is_file(), "no screenshot {}", shot.display());
    }
    cluster.shutdown().await;
}
