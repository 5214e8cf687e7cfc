//! Inbound votes (`pub.versia:polls/Vote`, versia.md §10.8) on our polls. A vote on a
//! closed poll, a second vote or an option that does not exist is refused with 422.

use rookery_core::service::Services;

use super::authors::remote_author;
use super::{accept_missing, Rejection};
use crate::context::Versia;
use crate::entities::extensions::polls::Vote;
use crate::entities::Reference;
use crate::mapping::note_id;

pub async fn apply_vote(
    versia: &Versia,
    services: &Services,
    signer: &str,
    vote: &Vote,
) -> Result<(), Rejection> {
    let Some(note) = note_id(versia, &vote.poll, signer).await? else {
        return Ok(()); // a poll we never stored
    };
    // An index beyond u32 names no option: core refuses it like any other (422).
    let choice = u32::try_from(vote.option).unwrap_or(u32::MAX);
    let voter = remote_author(versia, services, signer, &vote.author).await?;
    let uri = Reference::new(signer, vote.id.as_str()).to_string();
    accept_missing(
        services
            .receive_poll_vote(&voter, note, choice, Some(uri))
            .await,
    )
}
