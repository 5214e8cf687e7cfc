//! The server layer's error: what can stop a command or a start, in one clear line.

use rookery_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(String),
}
