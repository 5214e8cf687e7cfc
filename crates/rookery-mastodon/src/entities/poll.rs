//! The `Poll` entity, as one viewer sees it: `voted` and `own_votes` are theirs, and
//! the counts of a poll with hidden totals stay hidden until it ends.

use rookery_core::poll::Poll;
use rookery_core::{AccountId, Timestamp};
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct PollOptionJson {
    pub title: String,
    pub votes_count: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct PollJson {
    /// The id of the status carrying it (a note has at most one poll).
    pub id: String,
    pub expires_at: Option<String>,
    pub expired: bool,
    pub multiple: bool,
    pub votes_count: u64,
    /// Only multiple-choice polls count voters apart from votes (Mastodon's `null`).
    pub voters_count: Option<u64>,
    pub options: Vec<PollOptionJson>,
    pub emojis: Vec<Value>,
    /// Absent for anonymous viewers, as Mastodon leaves them out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_votes: Option<Vec<u32>>,
}

/// Renders `poll` for `viewer`, whose own votes are `own_votes`; `is_author` when the
/// viewer wrote the poll (authors always see the counts).
pub fn poll_json(poll: &Poll, now: Timestamp, viewer: Option<(Vec<u32>, bool)>) -> PollJson {
    let expired = poll.expired(now);
    let is_author = viewer.as_ref().is_some_and(|(_, author)| *author);
    let show_counts = !poll.hide_totals || expired || is_author;
    PollJson {
        id: poll.note.to_string(),
        expires_at: poll.expires_at.map(|t| t.to_rfc3339()),
        expired,
        multiple: poll.multiple,
        votes_count: poll.votes_count(),
        voters_count: poll.multiple.then_some(poll.voters_count),
        options: poll
            .options
            .iter()
            .map(|o| PollOptionJson {
                title: o.title.clone(),
                votes_count: show_counts.then_some(o.votes),
            })
            .collect(),
        emojis: Vec::new(),
        voted: viewer
            .as_ref()
            .map(|(own, author)| *author || !own.is_empty()),
        own_votes: viewer.map(|(own, _)| own),
    }
}

/// The poll of the note `poll.note` as `viewer` sees it.
pub async fn render_poll(
    state: &ApiState,
    poll: &Poll,
    author: AccountId,
    viewer: Option<AccountId>,
) -> Result<PollJson, ApiError> {
    let viewer = match viewer {
        Some(viewer) => Some((
            state
                .services
                .repo()
                .poll_choices(poll.note, viewer)
                .await?,
            viewer == author,
        )),
        None => None,
    };
    Ok(poll_json(poll, state.services.now(), viewer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rookery_core::poll::PollOption;
    use rookery_core::NoteId;

    fn poll(hide_totals: bool) -> Poll {
        Poll {
            note: NoteId::from_i64(42),
            options: vec![
                PollOption {
                    title: "yes".into(),
                    votes: 3,
                },
                PollOption {
                    title: "no".into(),
                    votes: 1,
                },
            ],
            multiple: false,
            hide_totals,
            expires_at: Some(Timestamp::from_millis(10_000)),
            voters_count: 4,
            updated_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn viewers_see_their_votes_and_hidden_totals_stay_hidden() {
        let now = Timestamp::from_millis(5_000);
        let json = poll_json(&poll(false), now, Some((vec![1], false)));
        assert_eq!(json.id, "42");
        assert!(!json.expired);
        assert_eq!(json.votes_count, 4);
        assert_eq!(json.voters_count, None, "single choice");
        assert_eq!(json.voted, Some(true));
        assert_eq!(json.own_votes, Some(vec![1]));
        assert_eq!(json.options[0].votes_count, Some(3));
        let anonymous = poll_json(&poll(false), now, None);
        assert_eq!(anonymous.voted, None);

        let hidden = poll_json(&poll(true), now, Some((vec![], false)));
        assert_eq!(hidden.voted, Some(false));
        assert_eq!(hidden.options[0].votes_count, None);
        let author = poll_json(&poll(true), now, Some((vec![], true)));
        assert_eq!(author.options[0].votes_count, Some(3));
        let ended = poll_json(&poll(true), Timestamp::from_millis(10_000), None);
        assert!(ended.expired);
        assert_eq!(ended.options[1].votes_count, Some(1));
    }
}
