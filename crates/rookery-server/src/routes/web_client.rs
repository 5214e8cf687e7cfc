//! The built-in web client (`/web/...`), given core's use cases, the store as its token,
//! OAuth and password ports, and the media library for image uploads.

use std::sync::Arc;

use axum::Router;
use rookery_web::client::{self, ClientInstance, ClientState};

use crate::credentials::PasswordCheck;
use crate::state::AppState;

/// The client's routes. They take images, so they are mounted outside the general body
/// limit and set their own.
pub fn routes(state: &AppState) -> Router {
    client::router(ClientState::new(
        state.services.clone(),
        Arc::new(state.store.clone()),
        Arc::new(state.store.clone()),
        Arc::new(PasswordCheck {
            store: state.store.clone(),
        }),
        state.media.clone(),
        ClientInstance {
            name: state.config.instance.name.clone(),
            public_url: state.public_url.to_string(),
        },
    ))
}
