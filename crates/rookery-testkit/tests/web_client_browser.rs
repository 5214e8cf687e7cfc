//! The web client in a real browser: `e2e/client.mjs` (playwright-core driving Debian's
//! headless Chromium) against a two-instance cluster, through the same runner as the
//! public pages' browser test. The script logs in on a.test and follows bob on b.test by
//! handle, then signals through a file; this test makes bob post, and the script waits
//! for the post on a.test's home page, composes with an image and a content warning,
//! checks accessibility, saves screenshots into `artifacts/screenshots/` and logs out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod web_support;

use std::time::Duration;

use rookery_core::service::Draft;
use rookery_testkit::{eventually_async, TestCluster};

const PASSWORD: &str = "a-test-password-1";
const POST: &str = "Hello from b.test to the browser";

#[tokio::test]
async fn the_web_client_works_in_a_real_browser() {
    let cluster = TestCluster::start(2).await.unwrap();
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let signals = tempfile::tempdir().unwrap();
    let signal = signals.path().join("followed");
    let vars = [
        ("CLIENT_BASE_URL", format!("http://{}", a.addr())),
        ("CLIENT_USERNAME", "alice".to_owned()),
        ("CLIENT_PASSWORD", PASSWORD.to_owned()),
        ("REMOTE_HANDLE", "@bob@b.test".to_owned()),
        ("FOLLOWED_SIGNAL", signal.display().to_string()),
        ("EXPECTED_POST", POST.to_owned()),
    ];
    let script = web_support::run_browser_script("client.mjs", &vars, Duration::from_secs(150));
    // Bob posts once the script says it follows him (the script then waits for the post).
    let bob_posts = async {
        eventually_async(
            "the script to follow bob",
            Duration::from_secs(90),
            || async { signal.exists().then_some(()) },
        )
        .await;
        b.state()
            .services
            .post_note(bob.id, Draft::public(POST))
            .await
            .unwrap();
    };
    // A failing script panics inside the runner, which ends the test at once.
    tokio::join!(script, bob_posts);
    let shots = web_support::screenshot_dir();
    for page in [
        "login",
        "home",
        "compose",
        "account",
        "notifications",
        "profile",
    ] {
        for width in ["desktop", "phone"] {
            let shot = shots.join(format!("client-{page}-{width}.png"));
            assert!(shot.is_file(), "no screenshot {}", shot.display());
        }
    }
    cluster.shutdown().await;
}
