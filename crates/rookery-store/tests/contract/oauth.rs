//! OAuth storage: apps, single-use codes, refresh rotation, app tokens, revocation.

use rookery_core::ports::{AppToken, AuthorizationCode, OAuthApp, OAuthStore, RefreshToken};
use rookery_core::{AccessToken, AccountId, AppId, TokenId};
use rookery_store::Store;

use crate::fixtures::{at, create_local, next_id};

fn app() -> OAuthApp {
    OAuthApp {
        id: AppId(next_id()),
        name: "Client".into(),
        website: None,
        redirect_uris: vec![
            "https://app.example/cb".into(),
            "urn:ietf:wg:oauth:2.0:oob".into(),
        ],
        scopes: "read write".into(),
        client_id: "client-id".into(),
        client_secret_sha256: "00".repeat(32),
        created_at: at(0),
    }
}

fn pair(
    app: &OAuthApp,
    account: AccountId,
    access: &str,
    refresh: &str,
) -> (AccessToken, RefreshToken) {
    let access = AccessToken {
        id: TokenId(next_id()),
        account,
        token_sha256: access.repeat(32),
        scopes: "read".into(),
        app_name: Some(app.name.clone()),
        created_at: at(1),
    };
    let refresh = RefreshToken {
        token_sha256: refresh.repeat(32),
        app: app.id,
        account,
        access_token: access.id,
        scopes: "read".into(),
        created_at: at(1),
    };
    (access, refresh)
}

pub(crate) async fn oauth_apps_codes_and_tokens(store: Store) {
    let alice = create_local(&store, "alice").await;
    let app = app();
    OAuthStore::create_app(&store, &app).await.unwrap();
    assert_eq!(
        store.app_by_client_id("client-id").await.unwrap(),
        Some(app.clone())
    );
    assert_eq!(store.app_by_client_id("other").await.unwrap(), None);

    let code = AuthorizationCode {
        code_sha256: "c1".repeat(32),
        app: app.id,
        account: alice.id,
        redirect_uri: "https://app.example/cb".into(),
        scopes: "read".into(),
        challenge: Some(("challenge".into(), "S256".into())),
        expires_at: at(600_000),
    };
    store.create_code(&code).await.unwrap();
    assert_eq!(
        store.code_by_hash(&code.code_sha256).await.unwrap(),
        Some(code.clone())
    );
    assert!(store.consume_code(&code.code_sha256).await.unwrap());
    assert!(
        !store.consume_code(&code.code_sha256).await.unwrap(),
        "single use"
    );
    assert_eq!(store.code_by_hash(&code.code_sha256).await.unwrap(), None);

    let (access, refresh) = pair(&app, alice.id, "a1", "r1");
    store.issue_user_token(&access, &refresh).await.unwrap();
    assert_eq!(
        store
            .access_token_by_hash(&access.token_sha256)
            .await
            .unwrap(),
        Some(access.clone())
    );
    assert_eq!(
        store.refresh_by_hash(&refresh.token_sha256).await.unwrap(),
        Some(refresh.clone())
    );
    assert_eq!(
        store.app_by_token_hash(&access.token_sha256).await.unwrap(),
        Some(app.clone())
    );

    let (access2, refresh2) = pair(&app, alice.id, "a2", "r2");
    assert!(store
        .rotate_refresh(&refresh.token_sha256, &access2, &refresh2)
        .await
        .unwrap());
    assert_eq!(
        store
            .access_token_by_hash(&access.token_sha256)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.refresh_by_hash(&refresh.token_sha256).await.unwrap(),
        None
    );
    let (access3, refresh3) = pair(&app, alice.id, "a3", "r3");
    assert!(!store
        .rotate_refresh(&refresh.token_sha256, &access3, &refresh3)
        .await
        .unwrap());
    assert_eq!(
        store
            .access_token_by_hash(&access3.token_sha256)
            .await
            .unwrap(),
        None
    );

    // Revoking by the refresh token removes the access token too; other apps cannot.
    store
        .revoke(AppId(next_id()), &refresh2.token_sha256)
        .await
        .unwrap();
    assert!(store
        .access_token_by_hash(&access2.token_sha256)
        .await
        .unwrap()
        .is_some());
    store.revoke(app.id, &refresh2.token_sha256).await.unwrap();
    assert_eq!(
        store
            .access_token_by_hash(&access2.token_sha256)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.refresh_by_hash(&refresh2.token_sha256).await.unwrap(),
        None
    );

    let app_token = AppToken {
        id: TokenId(next_id()),
        app: app.id,
        token_sha256: "f0".repeat(32),
        scopes: "read".into(),
        created_at: at(2),
    };
    store.create_app_token(&app_token).await.unwrap();
    assert_eq!(
        store
            .app_by_token_hash(&app_token.token_sha256)
            .await
            .unwrap(),
        Some(app.clone())
    );
    assert_eq!(
        store
            .access_token_by_hash(&app_token.token_sha256)
            .await
            .unwrap(),
        None
    );
    store.revoke(app.id, &app_token.token_sha256).await.unwrap();
    assert_eq!(
        store
            .app_by_token_hash(&app_token.token_sha256)
            .await
            .unwrap(),
        None
    );
}
