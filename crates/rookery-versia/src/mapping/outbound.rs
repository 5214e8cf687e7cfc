//! Core events as Versia entities (versia.md §9.2 "what to send where"; core picks the
//! inboxes). Transient entities carry no id (§6.4); Likes, Shares and Reactions are
//! undone with a Delete naming them (§10.6, §10.9, §10.11).

use rookery_core::ports::{Event, FollowEvent};

use super::ids::interaction_id;
use super::refs::{account_ref, note_ref};
use super::user::local_user;
use crate::context::{now, Versia};
use crate::entities::{
    Delete, DeleteTag, Entity, Follow, FollowAccept, FollowAcceptTag, FollowReject,
    FollowRejectTag, FollowTag, Like, LikeTag, NoteTag, Reaction, ReactionTag, Reference, Share,
    ShareTag, Unfollow, UnfollowTag,
};
use crate::mapping::local_note;

/// The entity to deliver for `event`; `None` when Versia has nothing to say (blocks) or
/// a party has no Versia identity.
pub fn render_event(versia: &Versia, event: &Event<'_>) -> Option<Entity> {
    let created_at = now().to_rfc3339();
    match event {
        Event::NoteCreated(context) | Event::NoteUpdated(context) => {
            local_note(versia, context).map(|note| Entity::Note(Box::new(note)))
        }
        Event::NoteDeleted(context) => Some(Entity::Delete(Delete {
            id: None,
            entity_type: DeleteTag,
            created_at,
            author: account_ref(versia, &context.author)?,
            deleted_type: NoteTag::NAME.to_owned(),
            deleted: note_ref(versia, &context.note, &context.author)?,
            extensions: None,
        })),
        Event::FollowRequested(f) => {
            let (follower, followee) = pair(versia, f)?;
            Some(Entity::Follow(Follow {
                id: None,
                entity_type: FollowTag,
                created_at,
                author: follower,
                followee,
                extensions: None,
            }))
        }
        Event::FollowAccepted(f) => {
            let (follower, followee) = pair(versia, f)?;
            Some(Entity::FollowAccept(FollowAccept {
                id: None,
                entity_type: FollowAcceptTag,
                created_at,
                author: followee,
                follower,
                extensions: None,
            }))
        }
        Event::FollowRejected(f) => {
            let (follower, followee) = pair(versia, f)?;
            Some(Entity::FollowReject(FollowReject {
                id: None,
                entity_type: FollowRejectTag,
                created_at,
                author: followee,
                follower,
                extensions: None,
            }))
        }
        Event::Unfollowed(f) => {
            let (follower, followee) = pair(versia, f)?;
            Some(Entity::Unfollow(Unfollow {
                id: None,
                entity_type: UnfollowTag,
                created_at,
                author: follower,
                followee,
                extensions: None,
            }))
        }
        Event::Liked(i) => {
            let note = note_ref(versia, i.note, i.note_author)?;
            Some(Entity::Like(Like {
                id: interaction_id(i.record.id.as_i64(), &note),
                entity_type: LikeTag,
                created_at: i.record.created_at.to_rfc3339(),
                author: account_ref(versia, i.actor)?,
                liked: note,
                extensions: None,
            }))
        }
        Event::Unliked(i) => {
            let note = note_ref(versia, i.note, i.note_author)?;
            let id = interaction_id(i.record.id.as_i64(), &note);
            undo(versia, LikeTag::NAME, &id, account_ref(versia, i.actor)?)
        }
        Event::Shared(i) => {
            let note = note_ref(versia, i.note, i.note_author)?;
            Some(Entity::Share(Share {
                id: interaction_id(i.record.id.as_i64(), &note),
                entity_type: ShareTag,
                created_at: i.record.created_at.to_rfc3339(),
                author: account_ref(versia, i.actor)?,
                shared: note,
                extensions: None,
            }))
        }
        Event::Unshared(i) => {
            let note = note_ref(versia, i.note, i.note_author)?;
            let id = interaction_id(i.record.id.as_i64(), &note);
            undo(versia, ShareTag::NAME, &id, account_ref(versia, i.actor)?)
        }
        // Reactions go to the note author's instance and are undone by id (§9.2, §10.9).
        Event::Reacted(i) => Some(Entity::Reaction(Reaction {
            id: i.record.id.to_string(),
            entity_type: ReactionTag,
            created_at: i.record.created_at.to_rfc3339(),
            author: account_ref(versia, i.actor)?,
            object: note_ref(versia, i.note, i.note_author)?,
            content: i.record.content.clone(),
            extensions: None,
        })),
        Event::Unreacted(i) => undo(
            versia,
            ReactionTag::NAME,
            &i.record.id.to_string(),
            account_ref(versia, i.actor)?,
        ),
        // A changed profile is the whole User again (§9.2).
        Event::ProfileUpdated(account) => Some(Entity::User(Box::new(
            super::emojis::with_user_emojis(versia, account, local_user(account)),
        ))),
        Event::PollVoted(vote) => super::polls::vote_entity(versia, vote),
        // Versia core has no block entity.
        Event::Blocked { .. } | Event::Unblocked { .. } => None,
    }
}

/// (follower, followee) references.
fn pair(versia: &Versia, f: &FollowEvent<'_>) -> Option<(Reference, Reference)> {
    Some((
        account_ref(versia, f.follower)?,
        account_ref(versia, f.followee)?,
    ))
}

/// The Delete that takes back our Like, Share or Reaction `id` (§8.5, §10.6, §10.9,
/// §10.11).
fn undo(versia: &Versia, deleted_type: &str, id: &str, author: Reference) -> Option<Entity> {
    Some(Entity::Delete(Delete {
        id: None,
        entity_type: DeleteTag,
        created_at: now().to_rfc3339(),
        author,
        deleted_type: deleted_type.to_owned(),
        deleted: Reference::new(versia.domain(), id),
        extensions: None,
    }))
}
