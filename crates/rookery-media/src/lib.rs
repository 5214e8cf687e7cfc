//! rookery-media: local media uploads. [`MediaLibrary::store_image`] takes the bytes a
//! user uploaded, decides from the bytes alone whether they are an image we accept,
//! enforces size and pixel limits, strips metadata by encoding the picture afresh,
//! makes a thumbnail and a blurhash, and writes the files under `DATA_DIR/media/` with
//! unguessable names. The client API records the result as an upload through core;
//! profile images and the web client use the same call.
//!
//! No HTTP or SQL here: the server serves the files ([`MediaLibrary::read`]) and the
//! store keeps the records.

mod error;
mod library;
mod limits;
mod names;
mod process;

pub use error::MediaError;
pub use library::{MediaLibrary, ServedFile, StoredImage};
pub use limits::{MediaLimits, DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS};
pub use names::{parse_file_name, small_url_of};
pub use process::{Encoding, SMALL_SIDE};
