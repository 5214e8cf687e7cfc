//! The Versia [`ProtocolAdapter`]: renders core events as Versia entities (versia.md
//! §9.2) and resolves accounts found by WebFinger (§5.1) with a signed fetch (§4 E3).

use std::sync::Arc;

use async_trait::async_trait;
use rookery_core::ports::{Event, PortError, PortResult, ProtocolAdapter, Rendered};
use rookery_core::{Account, NoteId, Protocol};

use crate::context::Versia;
use crate::entities::Reference;
use crate::mapping::render_event;
use crate::paths::{entity_path, MEDIA_TYPE};
use crate::remote::{fetch_user, reference_from_user_url};

pub struct VersiaAdapter {
    versia: Arc<Versia>,
}

impl VersiaAdapter {
    pub fn new(versia: Arc<Versia>) -> Self {
        VersiaAdapter { versia }
    }
}

#[async_trait]
impl ProtocolAdapter for VersiaAdapter {
    fn protocol(&self) -> Protocol {
        Protocol::Versia
    }

    /// Serialized once here; the deliverer signs these exact bytes at send time. The
    /// instance signs everything in v0.6 (§1), so there is no actor.
    fn render(&self, event: &Event<'_>) -> PortResult<Option<Rendered>> {
        let Some(entity) = render_event(&self.versia, event) else {
            return Ok(None);
        };
        let body = crate::json::to_vec(&entity)
            .map_err(|e| PortError::unavailable(format!("serializing a Versia entity: {e}")))?;
        Ok(Some(Rendered { body, actor: None }))
    }

    fn media_type(&self) -> &'static str {
        MEDIA_TYPE
    }

    fn local_account_url(&self, account: &Account) -> String {
        self.versia
            .local_url(&entity_path("User", &account.id.as_i64().to_string()))
    }

    /// Our note `DOMAIN:ID` (versia.md §6.3; a bare id has no sender here to name).
    fn local_note_id(&self, uri: &str) -> Option<NoteId> {
        let reference = Reference::parse(uri).ok()?;
        let domain = reference.domain()?;
        if !self.versia.is_ours(domain) {
            return None;
        }
        reference.id().parse().ok().map(NoteId::from_i64)
    }

    /// Fetches the User at `href` (signed GET, verified response), stores it and returns
    /// it; `None` when the link is not a Versia User URL or the user does not exist.
    async fn resolve_account(&self, href: &str) -> PortResult<Option<Account>> {
        let Some(reference) = reference_from_user_url(href) else {
            return Ok(None);
        };
        let account = match fetch_user(&self.versia, &reference).await {
            Ok(account) => account,
            Err(error) if error.is_not_found() => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        store_account(&self.versia, &account).await.map(Some)
    }
}

/// Upserts a remote account and returns it as stored (with its kept id).
async fn store_account(versia: &Versia, account: &Account) -> PortResult<Account> {
    let mut tx = versia.repo.begin().await?;
    let id = tx.upsert_remote_account(account).await?;
    tx.commit().await?;
    let stored = versia
        .repo
        .account(id)
        .await?
        .ok_or_else(|| PortError::unavailable("a stored account vanished"))?;
    versia.stored_user(account.id, &stored);
    Ok(stored)
}
