//! ActivityPub between two rookery instances over real HTTP with real signatures, as
//! seed 002 describes it: discovery, Follow then Accept, delivery of notes by visibility,
//! likes, replies and deletes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rookery_core::notification::NotificationKind;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Handle, Page, Visibility};
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster};

const WAIT: Duration = Duration::from_secs(20);

async fn activitypub_cluster(n: usize) -> TestCluster {
    let options = ClusterOptions {
        configure: Some(Box::new(|_, config| {
            config.federation.protocols = vec!["activitypub".into()];
            config.federation.prefer = "activitypub".into();
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(n, options).await.unwrap().unwrap()
}

fn draft(text: &str, visibility: Visibility) -> Draft {
    Draft {
        visibility,
        ..Draft::public(text)
    }
}

#[tokio::test]
async fn follow_post_like_reply_delete() {
    let cluster = activitypub_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (carol, _) = a.create_user("carol").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    let (eve, _) = b.create_user("eve").await.unwrap();
    let sa = &a.state().services;
    let sb = &b.state().services;

    // Discovery: WebFinger, then a signed fetch of the actor.
    let remote_dan = sa
        .resolve_handle(&Handle::parse("@dan@b.test").unwrap())
        .await
        .unwrap()
        .expect("dan is found on b.test");
    assert_eq!(remote_dan.username, "dan");
    let facts = remote_dan.federation().unwrap();
    assert_eq!(facts.uri, "http://b.test/users/dan");
    assert_eq!(facts.shared_inbox.as_deref(), Some("http://b.test/inbox"));

    // Follow, then Accept.
    let follow = sa.follow(carol.id, remote_dan.id).await.unwrap();
    assert_eq!(follow.state, FollowState::Pending);
    eventually_async("b's Accept reaches a", WAIT, || async {
        let f = sa
            .repo()
            .follow_between(carol.id, remote_dan.id)
            .await
            .unwrap();
        (f.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;
    let remote_carol = b
        .state()
        .store
        .account_by_uri("http://a.test/users/carol")
        .await
        .unwrap()
        .expect("b stored carol");
    let on_b = sb
        .repo()
        .follow_between(remote_carol.id, dan.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(on_b.state, FollowState::Accepted);
    let notified = sb.notifications(dan.id, &Page::default()).await.unwrap();
    assert_eq!(notified[0].kind, NotificationKind::Follow);

    // Notes by visibility: public and followers-only reach the follower; a direct note to
    // someone else does not.
    let public = sb
        .post_note(dan.id, draft("Hello, fediverse!", Visibility::Public))
        .await
        .unwrap();
    let private = sb
        .post_note(dan.id, draft("for followers", Visibility::FollowersOnly))
        .await
        .unwrap();
    sb.post_note(dan.id, draft("psst @eve", Visibility::Direct))
        .await
        .unwrap();
    let home = eventually_async("both notes reach carol's home", WAIT, || async {
        let home = sa.home_timeline(carol.id, &Page::default()).await.unwrap();
        (home.len() >= 2).then_some(home)
    })
    .await;
    let contents: Vec<&str> = home.iter().map(|n| n.source.as_str()).collect();
    assert!(
        contents.iter().any(|c| c.contains("Hello, fediverse!")),
        "{contents:?}"
    );
    assert!(
        contents.iter().any(|c| c.contains("for followers")),
        "{contents:?}"
    );
    let public_uri = "http://b.test/notes/".to_owned() + &public.note.id.to_string();
    let public_on_a = sa.repo().note_by_uri(&public_uri).await.unwrap().unwrap();
    assert_eq!(public_on_a.visibility, Visibility::Public);
    let private_on_a = home
        .iter()
        .find(|n| n.source.contains("for followers"))
        .unwrap();
    assert_eq!(private_on_a.visibility, Visibility::FollowersOnly);
    assert!(
        !contents.iter().any(|c| c.contains("psst")),
        "the direct note stayed away"
    );
    let _ = (eve, private);

    // A like and a reply travel back to b.
    sa.like(carol.id, public_on_a.id).await.unwrap();
    let reply = sa
        .post_note(
            carol.id,
            Draft {
                in_reply_to: Some(public_on_a.id),
                ..Draft::public("Nice one!")
            },
        )
        .await
        .unwrap();
    eventually_async("the like reaches b", WAIT, || async {
        (sb.repo().count_likes(public.note.id).await.unwrap() == 1).then_some(())
    })
    .await;
    let reply_uri = format!("http://a.test/notes/{}", reply.note.id);
    let reply_on_b = eventually_async("the reply reaches b", WAIT, || async {
        sb.repo().note_by_uri(&reply_uri).await.unwrap()
    })
    .await;
    assert_eq!(
        reply_on_b.in_reply_to,
        Some(public.note.id),
        "threaded under dan's note"
    );
    let kinds: Vec<NotificationKind> = sb
        .notifications(dan.id, &Page::default())
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert!(kinds.contains(&NotificationKind::Favourite), "{kinds:?}");

    // A delete removes the note on the follower's server.
    sb.delete_note(dan.id, public.note.id).await.unwrap();
    eventually_async("the delete reaches a", WAIT, || async {
        sa.repo()
            .note_by_uri(&public_uri)
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    cluster.shutdown().await;
}
