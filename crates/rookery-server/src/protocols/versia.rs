//! Wiring the versia adapter into the server.

use super::{ProtocolContext, ProtocolParts};
use crate::error::ServerError;

/// Builds the versia parts. `None` until the adapter is implemented.
pub(super) async fn build(
    _context: &ProtocolContext<'_>,
) -> Result<Option<ProtocolParts>, ServerError> {
    Ok(None)
}
