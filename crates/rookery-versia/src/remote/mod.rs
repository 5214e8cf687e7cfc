//! Talking to other Versia instances: their keys (versia.md §5.2), signed fetches of
//! their entities (§3.4, §4 E3) and turning their users into core accounts.

mod error;
mod fetch;
mod keys;
mod users;

pub use error::RemoteError;
pub use fetch::{signed_get, url_domain, FetchedBody};
pub use keys::KeyCache;
pub use users::{fetch_user, reference_from_user_url};
