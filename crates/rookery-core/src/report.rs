//! Reports: another server (or its user) tells this instance's moderators about local
//! accounts or notes (ActivityPub `Flag`, activitypub.md §5.10; Versia
//! `pub.versia:reports/Report`, versia.md §10.10).

use crate::id::{AccountId, NoteId, ReportId};
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: ReportId,
    /// Who reported; `None` for anonymous reports (Versia's optional `author`; Mastodon
    /// reports as its instance actor, which is then the reporter).
    pub reporter: Option<AccountId>,
    /// The reported local accounts.
    pub accounts: Vec<AccountId>,
    /// The reported local notes.
    pub notes: Vec<NoteId>,
    /// The reporter's words (Flag `content`, Report `comment`); may be empty.
    pub comment: String,
    /// Category tags (Versia `tags`, e.g. `spam`); empty for ActivityPub.
    pub tags: Vec<String>,
    /// The federation id of the report (the Flag's id), when it has one: a report
    /// delivered twice is stored once.
    pub uri: Option<String>,
    pub created_at: Timestamp,
}
