//! Avatar, header and profile fields survive every write path of an account: local
//! profile edits, remote upserts (a peer's Update) and the default for new accounts.

use rookery_core::{Profile, ProfileField};
use rookery_store::Store;

use crate::fixtures::*;

fn sample(host: &str) -> Profile {
    Profile {
        avatar: Some(format!("https://{host}/media/a.png")),
        header: Some(format!("https://{host}/media/h.jpg")),
        fields: vec![
            ProfileField {
                name: "Site".into(),
                value: "<a href=\"https://x.test\">x.test</a>".into(),
                verified_at: Some(at(7)),
            },
            ProfileField {
                name: "Émoji ✓".into(),
                value: "she/her".into(),
                verified_at: None,
            },
        ],
        emojis: vec![rookery_core::emoji::CustomEmoji {
            shortcode: "blobcat".into(),
            url: format!("https://{host}/emoji/blobcat.png"),
        }],
        vanity: rookery_core::vanity::Vanity {
            pronouns: vec!["she/her".into()],
            location: Some(format!("{host} \"centre\"")),
            birthday: Some("0000-04-12".into()),
            timezone: Some("Europe/Paris".into()),
        },
    }
}

pub(crate) async fn profiles_round_trip(store: Store) {
    let alice = create_local(&store, "alice").await;
    let stored = store.account(alice.id).await.unwrap().unwrap();
    assert_eq!(stored.profile, Profile::default());

    let mut edited = alice.clone();
    edited.profile = sample("local.test");
    edited.updated_at = at(9);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_account_profile(&edited).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.account(alice.id).await.unwrap(), Some(edited));

    let mut joe = remote("joe", "b.social");
    joe.profile = sample("b.social");
    let id = store.upsert_remote_account(&joe).await.unwrap();
    assert_eq!(
        store.account(id).await.unwrap().unwrap().profile,
        joe.profile
    );
    // The peer's Update removes the header and a field.
    joe.profile.header = None;
    joe.profile.fields.truncate(1);
    store.upsert_remote_account(&joe).await.unwrap();
    assert_eq!(
        store.account(id).await.unwrap().unwrap().profile,
        joe.profile
    );
}
