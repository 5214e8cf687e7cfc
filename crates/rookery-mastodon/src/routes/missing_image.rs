//! `GET /avatars/original/missing.png` (and the header twin): the plain image Mastodon
//! also serves for accounts without an avatar or header, so clients always get a
//! loadable URL in `avatar` and `header`.

use axum::http::header;
use axum::response::IntoResponse;

/// A flat 120x120 light grey PNG.
const MISSING_PNG: &[u8] = include_bytes!("../../assets/missing.png");

pub(super) async fn missing_image() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            // It never changes: caches may keep it for a day.
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        MISSING_PNG,
    )
}
