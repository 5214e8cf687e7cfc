//! What each inbox entity means for core (versia.md §9.3 "what to do on receipt"),
//! after the signature, validation and authorship checks passed. Core's use cases
//! decide and are idempotent; this only finds the accounts and notes involved.

use rookery_core::service::Services;
use rookery_core::{Account, AccountId};

use super::authors::remote_author;
use super::reactions::{apply_dislike, apply_reaction, undo};
use super::report::apply_report;
use super::{accept_missing, Rejection};
use crate::context::{now, Versia};
use crate::entities::{Delete, Entity, LikeTag, NoteTag, Reference, ShareTag};
use crate::mapping::{incoming_note, interaction_target, local_id, note_id, remote_account};

/// Applies `entity`, sent by `signer`.
pub async fn apply(
    versia: &Versia,
    services: &Services,
    signer: &str,
    entity: Entity,
) -> Result<(), Rejection> {
    match entity {
        // A pushed profile lives on its sender by construction (§9.1).
        Entity::User(user) => {
            let id = AccountId(versia.ids.next(now()));
            let account =
                remote_account(versia, signer, &user, id).map_err(Rejection::unprocessable)?;
            services.store_remote_account(&account).await?;
            let uri = format!("{signer}:{}", user.id);
            if let Some(stored) = versia.repo.account_by_uri(&uri).await? {
                versia.stored_user(account.id, &stored);
            }
            Ok(())
        }
        Entity::Note(note) => {
            let author = remote_author(versia, services, signer, &note.author).await?;
            let incoming = incoming_note(versia, signer, &note).await?;
            services.receive_note(&author, incoming).await?;
            Ok(())
        }
        Entity::Follow(follow) => {
            let followee = ours(versia, &follow.followee, signer)?;
            let follower = remote_author(versia, services, signer, &follow.author).await?;
            accept_missing(services.receive_follow(&follower, followee, None).await)
        }
        Entity::FollowAccept(accept) => {
            let follower = ours(versia, &accept.follower, signer)?;
            let Some(followee) = known(versia, &accept.author, signer).await? else {
                return Ok(()); // we never asked them
            };
            accept_missing(services.receive_follow_accepted(&followee, follower).await)
        }
        Entity::FollowReject(reject) => {
            let follower = ours(versia, &reject.follower, signer)?;
            let Some(followee) = known(versia, &reject.author, signer).await? else {
                return Ok(());
            };
            accept_missing(services.receive_follow_rejected(&followee, follower).await)
        }
        Entity::Unfollow(unfollow) => {
            let followee = ours(versia, &unfollow.followee, signer)?;
            let Some(follower) = known(versia, &unfollow.author, signer).await? else {
                return Ok(());
            };
            accept_missing(services.receive_unfollow(&follower, followee).await)
        }
        Entity::Delete(delete) => apply_delete(versia, services, signer, &delete).await,
        Entity::Like(like) => {
            let Some(note) = note_id(versia, &like.liked, signer).await? else {
                return Ok(()); // a note we never stored
            };
            let liker = remote_author(versia, services, signer, &like.author).await?;
            accept_missing(services.receive_like(&liker, note).await)
        }
        Entity::Share(share) => {
            let Some(note) = note_id(versia, &share.shared, signer).await? else {
                return Ok(()); // §9.3 says fetch it; we only record shares of known notes
            };
            let sharer = remote_author(versia, services, signer, &share.author).await?;
            accept_missing(services.receive_share(&sharer, note).await)
        }
        Entity::Report(report) => apply_report(versia, services, signer, &report).await,
        Entity::Reaction(reaction) => apply_reaction(versia, services, signer, &reaction).await,
        Entity::Dislike(dislike) => apply_dislike(versia, services, signer, &dislike).await,
        Entity::Vote(vote) => super::polls::apply_vote(versia, services, signer, &vote).await,
    }
}

/// §8.5, §9.3: the target lives on the signer (checked by authorship); its creator
/// must be the author, which core checks for notes and which likes and shares satisfy
/// by construction (they are looked up as the author's own).
async fn apply_delete(
    versia: &Versia,
    services: &Services,
    signer: &str,
    delete: &Delete,
) -> Result<(), Rejection> {
    let Some(author) = known(versia, &delete.author, signer).await? else {
        return Ok(()); // nothing of theirs is stored here
    };
    let deleted_type = delete.deleted_type.as_str();
    if deleted_type == NoteTag::NAME {
        let uri = delete.deleted.resolve(signer).to_string();
        return accept_missing(services.receive_note_deleted(&author, &uri).await);
    }
    if let Some(done) = undo(services, signer, &author, delete).await {
        return done; // a Reaction or a Dislike (§10.9, §10.6)
    }
    let is_like = deleted_type == LikeTag::NAME;
    // The reference's own spelling is accepted too (§10.11 [REF]).
    let is_share = deleted_type == ShareTag::NAME || deleted_type == "pub.versia:shares/Share";
    if !is_like && !is_share {
        tracing::debug!(
            deleted_type,
            "versia inbox: Delete of an unsupported type dropped"
        );
        return Ok(());
    }
    let Some(target) = interaction_target(delete.deleted.id()) else {
        return Ok(()); // not an id we can map back to its note
    };
    let Some(note) = note_id(versia, &target, signer).await? else {
        return Ok(());
    };
    if is_like {
        accept_missing(services.receive_unlike(&author, note).await)
    } else {
        accept_missing(services.receive_unshare(&author, note).await)
    }
}

/// A local account named by `reference`; 422 when it points elsewhere.
fn ours(versia: &Versia, reference: &Reference, signer: &str) -> Result<AccountId, Rejection> {
    local_id(versia, reference, signer)
        .map(AccountId::from_i64)
        .ok_or_else(|| Rejection::unprocessable(format!("{reference} is not on this instance")))
}

/// A stored remote account, without fetching (for undo-style entities).
async fn known(
    versia: &Versia,
    reference: &Reference,
    signer: &str,
) -> Result<Option<Account>, Rejection> {
    let uri = reference.resolve(signer).to_string();
    Ok(versia.repo.account_by_uri(&uri).await?)
}
