//! Core events as ActivityPub activities (activitypub.md §5): Create/Update/Delete of
//! notes, Follow and its Accept/Reject/Undo, Like, Announce, Block and their Undo, and
//! Update of a profile. Activities that answer or undo another embed it with its id, as
//! Mastodon and GoToSocial do (§5.1).

use rookery_core::ports::{Event, FollowEvent, NoteContext, Rendered};
use rookery_core::{Account, Note};
use serde_json::{json, Value};

use crate::documents::{self, account_uri, followers_uri, note_uri, NoteParts};
use crate::urls::Urls;
use crate::wire::public::PUBLIC;
use crate::wire::Context;

/// Renders events for one instance.
pub struct Renderer {
    pub urls: Urls,
    pub domain: String,
    /// The instance's own emoji, tagged on the local notes that use them.
    pub local_emojis: std::sync::Arc<rookery_core::local_emojis::LocalEmojis>,
}

impl Renderer {
    pub fn render(
        &self,
        event: &Event<'_>,
        actor_document: impl Fn(&Account) -> Option<Value>,
    ) -> Option<Rendered> {
        let (activity, signer) = match event {
            Event::NoteCreated(ctx) => (self.note_activity(ctx, "Create", "create"), &ctx.author),
            Event::NoteUpdated(ctx) => {
                let mut verb =
                    format!("update-{}", ctx.note.edited_at.map_or(0, |t| t.as_millis()));
                // New poll counts are an Update of their own (§5.9).
                if let Some(poll) = &ctx.poll {
                    verb.push_str(&format!("-poll-{}", poll.updated_at.as_millis()));
                }
                (self.note_activity(ctx, "Update", &verb), &ctx.author)
            }
            Event::NoteDeleted(ctx) => (self.note_deleted(ctx), &ctx.author),
            Event::FollowRequested(f) => (self.follow(f), f.follower),
            Event::FollowAccepted(f) => (self.answer(f, "Accept", "accept"), f.followee),
            Event::FollowRejected(f) => (self.answer(f, "Reject", "reject"), f.followee),
            Event::Unfollowed(f) => (self.undo(f.follower, self.follow(f)), f.follower),
            Event::Liked(like) => (self.like(like.record.id, like.actor, like.note), like.actor),
            Event::Unliked(like) => (
                self.undo(like.actor, self.like(like.record.id, like.actor, like.note)),
                like.actor,
            ),
            Event::Shared(share) => (
                self.announce(share.record.id, share.actor, share.note, share.note_author),
                share.actor,
            ),
            Event::Unshared(share) => (
                self.undo(
                    share.actor,
                    self.announce(share.record.id, share.actor, share.note, share.note_author),
                ),
                share.actor,
            ),
            // Emoji reactions are Versia-only for now (FEDERATION.md: no EmojiReact).
            Event::Reacted(_) | Event::Unreacted(_) => return None,
            Event::PollVoted(vote) => (crate::polls::vote_activity(&self.urls, vote), vote.voter),
            Event::Blocked { blocker, blocked } => (self.block(blocker, blocked), *blocker),
            Event::Unblocked { blocker, blocked } => {
                (self.undo(blocker, self.block(blocker, blocked)), *blocker)
            }
            Event::ProfileUpdated(account) => {
                let document = actor_document(account)?;
                let id = self.urls.actor(&account.username);
                let activity = json!({
                    "id": self.urls.activity(&id, &format!("update-{}", account.updated_at.as_millis())),
                    "type": "Update",
                    "actor": id,
                    "to": [PUBLIC],
                    "cc": [self.urls.followers(&account.username)],
                    "object": document,
                });
                (activity, *account)
            }
        };
        // Only local accounts act here; a remote signer would be a bug upstream.
        if !signer.is_local() {
            return None;
        }
        let mut activity = activity;
        activity["@context"] = documents::context(Context::note());
        let body = serde_json::to_vec(&activity).ok()?;
        Some(Rendered {
            body,
            actor: Some(signer.id),
        })
    }

    fn note_parts<'a>(&'a self, ctx: &'a NoteContext) -> NoteParts<'a> {
        NoteParts {
            note: &ctx.note,
            author: &ctx.author,
            mentioned: &ctx.mentioned,
            in_reply_to: ctx
                .in_reply_to
                .as_ref()
                .map(|(parent, _)| note_uri(&self.urls, parent)),
            local_domain: &self.domain,
            local_emojis: &self.local_emojis,
        }
    }

    fn note_activity(&self, ctx: &NoteContext, kind: &str, verb: &str) -> Value {
        let mut object = documents::note(&self.urls, &self.note_parts(ctx));
        if let Some(poll) = &ctx.poll {
            crate::polls::make_question(&mut object, poll, crate::actors::now());
        }
        json!({
            "id": self.urls.activity(&note_uri(&self.urls, &ctx.note), verb),
            "type": kind,
            "actor": account_uri(&self.urls, &ctx.author),
            "published": ctx.note.created_at.to_rfc3339(),
            "to": object["to"].clone(),
            "cc": object["cc"].clone(),
            "object": object,
        })
    }

    fn note_deleted(&self, ctx: &NoteContext) -> Value {
        let object = documents::note(&self.urls, &self.note_parts(ctx));
        let id = note_uri(&self.urls, &ctx.note);
        json!({
            "id": self.urls.activity(&id, "delete"),
            "type": "Delete",
            "actor": account_uri(&self.urls, &ctx.author),
            "to": object["to"].clone(),
            "cc": object["cc"].clone(),
            "object": documents::tombstone(&id),
        })
    }

    fn follow(&self, f: &FollowEvent<'_>) -> Value {
        json!({
            "id": f.follow.uri.clone().unwrap_or_else(|| self.urls.follow(f.follow.id)),
            "type": "Follow",
            "actor": account_uri(&self.urls, f.follower),
            "object": account_uri(&self.urls, f.followee),
        })
    }

    /// Accept or Reject of a follow, embedding the Follow with its original id.
    fn answer(&self, f: &FollowEvent<'_>, kind: &str, verb: &str) -> Value {
        // Unique per answer: a follow re-sent after an Accept is answered again, and the
        // peer must not drop the new Accept as a duplicate.
        let verb = format!("{verb}-{}", f.follow.created_at.as_millis());
        json!({
            "id": self.urls.activity(&self.urls.follow(f.follow.id), &verb),
            "type": kind,
            "actor": account_uri(&self.urls, f.followee),
            "object": self.follow(f),
        })
    }

    fn undo(&self, actor: &Account, activity: Value) -> Value {
        let id = activity["id"].as_str().unwrap_or_default().to_owned();
        json!({
            "id": self.urls.activity(&id, "undo"),
            "type": "Undo",
            "actor": account_uri(&self.urls, actor),
            "object": activity,
        })
    }

    fn like(&self, id: rookery_core::LikeId, liker: &Account, note: &Note) -> Value {
        json!({
            "id": self.urls.like(id),
            "type": "Like",
            "actor": account_uri(&self.urls, liker),
            "object": note_uri(&self.urls, note),
        })
    }

    fn announce(
        &self,
        id: rookery_core::ShareId,
        sharer: &Account,
        note: &Note,
        author: &Account,
    ) -> Value {
        json!({
            "id": self.urls.share(id),
            "type": "Announce",
            "actor": account_uri(&self.urls, sharer),
            "published": rookery_core::Timestamp::from_millis(id.0.timestamp().as_millis()).to_rfc3339(),
            "to": [PUBLIC],
            "cc": [followers_uri(&self.urls, sharer), account_uri(&self.urls, author)],
            "object": note_uri(&self.urls, note),
        })
    }

    fn block(&self, blocker: &Account, blocked: &Account) -> Value {
        let id = format!(
            "{}/blocks/{}",
            self.urls.actor(&blocker.username),
            blocked.id
        );
        json!({
            "id": id,
            "type": "Block",
            "actor": account_uri(&self.urls, blocker),
            "object": account_uri(&self.urls, blocked),
        })
    }
}
