//! `pub.versia:polls` (versia.md §10.8) both ways: a local poll as the Note extension
//! (`options` as text ContentFormats, `votes`, `multiple_choice`, `expires_at`), a remote
//! one into core's terms, and a local vote as the Vote entity (`author`, `poll`,
//! `option`, a 0-based index).

use rookery_core::poll::{IncomingPoll, Poll, PollOption, MAX_OPTION_CHARS};
use rookery_core::ports::VoteEvent;
use rookery_core::Timestamp;

use super::refs::{account_ref, note_ref};
use crate::context::Versia;
use crate::entities::extensions::polls::{Vote, VoteTag};
use crate::entities::extensions::Poll as PollExtension;
use crate::entities::{ContentEntry, ContentFormat, Entity};

/// Longest remote option title kept, in characters: generous, but bounded.
const MAX_REMOTE_TITLE_CHARS: usize = 4 * MAX_OPTION_CHARS;

/// The extension for a local poll; the question itself is the Note's `content`.
pub fn poll_extension(poll: &Poll) -> PollExtension {
    PollExtension {
        options: poll
            .options
            .iter()
            .map(|o| {
                let mut format = ContentFormat::new();
                format.insert("text/plain", ContentEntry::inline(o.title.clone()));
                format
            })
            .collect(),
        votes: poll.options.iter().map(|o| o.votes).collect(),
        multiple_choice: poll.multiple,
        expires_at: poll.expires_at.map(Timestamp::to_rfc3339),
    }
}

/// A remote Note's poll. Options are read as plain text (`text/plain`, else the text
/// of `text/html`); votes missing for an option count as none.
pub fn incoming_poll(extension: &PollExtension) -> IncomingPoll {
    let options = extension
        .options
        .iter()
        .enumerate()
        .map(|(i, format)| {
            let title = match format.get("text/plain").filter(|e| !e.remote) {
                Some(plain) => plain.content.clone(),
                None => format
                    .get("text/html")
                    .filter(|e| !e.remote)
                    .map(|html| rookery_html::plain_text(&html.content))
                    .unwrap_or_default(),
            };
            PollOption {
                title: title.chars().take(MAX_REMOTE_TITLE_CHARS).collect(),
                votes: extension.votes.get(i).copied().unwrap_or(0),
            }
        })
        .collect();
    IncomingPoll {
        options,
        multiple: extension.multiple_choice,
        expires_at: extension
            .expires_at
            .as_deref()
            .and_then(Timestamp::parse_rfc3339),
        // Versia counts votes, not voters.
        voters_count: None,
    }
}

/// The Vote for one chosen option, sent to the poll author's instance.
pub fn vote_entity(versia: &Versia, event: &VoteEvent<'_>) -> Option<Entity> {
    Some(Entity::Vote(Vote {
        // Unique per (voter, poll, option): a vote is never changed, only cast once.
        id: format!(
            "{}-{}-{}",
            event.voter.id, event.vote.note, event.vote.choice
        ),
        entity_type: VoteTag,
        created_at: event.vote.created_at.to_rfc3339(),
        author: account_ref(versia, event.voter)?,
        poll: note_ref(versia, event.note, event.note_author)?,
        option: u64::from(event.vote.choice),
        extensions: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poll_survives_the_round_trip() {
        let poll = Poll {
            note: rookery_core::NoteId::from_i64(9),
            options: vec![
                PollOption {
                    title: "tea".into(),
                    votes: 2,
                },
                PollOption {
                    title: "coffee".into(),
                    votes: 5,
                },
            ],
            multiple: false,
            hide_totals: false,
            expires_at: Timestamp::parse_rfc3339("2026-11-21T10:00:00Z"),
            voters_count: 7,
            updated_at: Timestamp::from_millis(0),
        };
        let json = serde_json::to_value(poll_extension(&poll)).unwrap();
        assert_eq!(json["options"][1]["text/plain"]["content"], "coffee");
        assert_eq!(json["votes"], serde_json::json!([2, 5]));
        assert_eq!(json["multiple_choice"], false);
        let back: PollExtension = serde_json::from_value(json).unwrap();
        let incoming = incoming_poll(&back);
        assert_eq!(incoming.options, poll.options);
        assert_eq!(incoming.expires_at, poll.expires_at);
        assert!(!incoming.multiple);
    }

    #[test]
    fn html_options_and_missing_votes() {
        let extension: PollExtension = serde_json::from_value(serde_json::json!({
            "options": [
                {"text/html": {"content": "<p>Yes <b>please</b></p>", "remote": false}},
                {"text/plain": {"content": "No", "remote": false}}
            ],
            "votes": [3],
            "multiple_choice": true
        }))
        .unwrap();
        let incoming = incoming_poll(&extension);
        assert_eq!(incoming.options[0].title, "Yes please");
        assert_eq!(incoming.options[0].votes, 3);
        assert_eq!(incoming.options[1].votes, 0);
        assert!(incoming.multiple);
        assert_eq!(incoming.expires_at, None);
    }
}
