//! Reports to this instance's moderators, sent by other servers (ActivityPub `Flag`,
//! activitypub.md §5.10; Versia `pub.versia:reports/Report`, versia.md §10.10). Only
//! what is ours is kept: a report is about local accounts and notes.

use crate::id::{AccountId, NoteId, ReportId};
use crate::report::Report;
use crate::Account;

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

/// Longest comment kept, in characters; the rest is cut.
pub const MAX_REPORT_COMMENT_CHARS: usize = 5000;

/// A report as its protocol adapter mapped it: references already resolved to ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingReport {
    pub accounts: Vec<AccountId>,
    pub notes: Vec<NoteId>,
    pub comment: String,
    pub tags: Vec<String>,
    /// The report's federation id, if it has one (dedup).
    pub uri: Option<String>,
}

impl Services {
    /// Stores a report from `reporter` (remote; `None` when anonymous) about local
    /// accounts and notes. Remote or unknown ones are dropped; the authors of reported
    /// notes count as reported. Not found when nothing local remains; a report
    /// delivered again is stored once. Returns the stored report, `None` for a duplicate.
    pub async fn receive_report(
        &self,
        reporter: Option<&Account>,
        incoming: IncomingReport,
    ) -> ServiceResult<Option<Report>> {
        if reporter.is_some_and(Account::is_local) {
            return Err(forbidden(
                "a remote server cannot report for local accounts",
            ));
        }
        let mut accounts: Vec<AccountId> = Vec::new();
        let mut notes: Vec<NoteId> = Vec::new();
        for id in incoming.notes {
            let Some(note) = self.repo.note(id).await? else {
                continue;
            };
            if !notes.contains(&note.id) && self.is_local_account(note.author).await? {
                notes.push(note.id);
                if !accounts.contains(&note.author) {
                    accounts.push(note.author);
                }
            }
        }
        for id in incoming.accounts {
            if !accounts.contains(&id) && self.is_local_account(id).await? {
                accounts.push(id);
            }
        }
        if accounts.is_empty() {
            return Err(not_found("reported account"));
        }
        let report = Report {
            id: ReportId(self.new_id()),
            reporter: reporter.map(|r| r.id),
            accounts,
            notes,
            comment: incoming
                .comment
                .chars()
                .take(MAX_REPORT_COMMENT_CHARS)
                .collect(),
            tags: incoming.tags,
            uri: incoming.uri,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        let stored = tx.insert_report(&report).await?;
        self.commit(tx, 0).await?;
        Ok(stored.then_some(report))
    }

    async fn is_local_account(&self, id: AccountId) -> ServiceResult<bool> {
        Ok(self.repo.account(id).await?.is_some_and(|a| a.is_local()))
    }
}
