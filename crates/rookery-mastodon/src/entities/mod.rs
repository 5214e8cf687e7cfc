//! Mastodon's entities as the API returns them (shapes from Mastodon's OpenAPI
//! description), rendered from core types.

pub mod account;
pub mod emoji;
pub mod media;
pub mod notification;
pub mod poll;
pub mod status;
pub mod vanity;

pub use account::render_account;
pub use notification::render_notification;
pub use status::render_status;
