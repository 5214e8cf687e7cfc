//! `Flag` (activitypub.md §5.10): another server reports our accounts and notes to our
//! moderators. Mastodon sends it from its instance actor, with the reported actor and
//! post ids as `object` and the comment as `content`. Objects that are not ours are
//! ignored; core keeps the report if anything local remains.

use rookery_core::service::IncomingReport;
use rookery_core::Account;

use crate::error::ApError;
use crate::routes::ApState;
use crate::wire::Activity;

pub async fn receive_flag(
    state: &ApState,
    signer: &Account,
    activity: &Activity,
) -> Result<(), ApError> {
    let mut report = IncomingReport {
        comment: activity.content.clone().unwrap_or_default(),
        uri: activity.id.clone(),
        ..IncomingReport::default()
    };
    for id in activity.object_ids() {
        if let Some(note) = state.ap.urls.local_note(id) {
            report.notes.push(note);
        } else if let Some(username) = state.ap.urls.local_username(id) {
            if let Some(account) = state.ap.repo.local_account_by_username(username).await? {
                report.accounts.push(account.id);
            }
        }
    }
    state.services.receive_report(Some(signer), report).await?;
    Ok(())
}
