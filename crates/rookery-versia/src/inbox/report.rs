//! `pub.versia:reports/Report` (versia.md §10.10): another instance reports our users
//! or notes to our moderators. The author is optional (anonymous reports); `reported`
//! references do not say whether they name a User or a Note, so each local id is looked
//! up as both (ids come from one generator). Anything not ours is ignored; core keeps
//! the report if something local remains.

use rookery_core::service::{IncomingReport, Services};
use rookery_core::AccountId;

use super::authors::remote_author;
use super::{accept_missing, Rejection};
use crate::context::Versia;
use crate::entities::Report;
use crate::mapping::{local_id, local_note_by_id};

pub async fn apply_report(
    versia: &Versia,
    services: &Services,
    signer: &str,
    report: &Report,
) -> Result<(), Rejection> {
    let reporter = match &report.author {
        Some(author) => Some(remote_author(versia, services, signer, author).await?),
        None => None,
    };
    let mut incoming = IncomingReport {
        comment: report.comment.clone().unwrap_or_default(),
        tags: report.tags.clone(),
        // The inbox already drops a body it has seen; a Report has no id (transient).
        uri: None,
        ..IncomingReport::default()
    };
    for reference in &report.reported {
        let Some(id) = local_id(versia, reference, signer) else {
            continue;
        };
        let account = versia.repo.account(AccountId::from_i64(id)).await?;
        if account.is_some_and(|a| a.is_local()) {
            incoming.accounts.push(AccountId::from_i64(id));
        } else if let Some((note, _)) = local_note_by_id(versia, id).await? {
            incoming.notes.push(note.id);
        }
    }
    accept_missing(services.receive_report(reporter.as_ref(), incoming).await)
}
