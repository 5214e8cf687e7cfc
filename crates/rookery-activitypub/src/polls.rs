//! Polls over ActivityPub (activitypub.md §5.3, §5.9; FEP-9967's shapes as Mastodon
//! sends them): a local poll is a `Question` with `oneOf`/`anyOf` options
//! `{type: Note, name, replies: {type: Collection, totalItems}}`, `endTime`, `closed`
//! and `votersCount`; a vote is a `Create` of a `Note` whose `name` is the option's
//! title and whose `inReplyTo` is the question, addressed to the poll's author only.

use rookery_core::poll::{IncomingPoll, Poll, PollOption};
use rookery_core::ports::VoteEvent;
use rookery_core::{Account, Timestamp};
use serde_json::{json, Value};

use crate::documents::{account_uri, note_uri};
use crate::error::ApError;
use crate::routes::ApState;
use crate::urls::Urls;
use crate::wire::{Object, ObjectType, PollOption as WireOption};

/// Turns the rendered `Note` of a note with `poll` into its `Question`.
pub fn make_question(object: &mut Value, poll: &Poll, now: Timestamp) {
    let options: Vec<Value> = poll
        .options
        .iter()
        .map(|o| json!(WireOption::new(o.title.clone(), o.votes)))
        .collect();
    object["type"] = json!("Question");
    object[if poll.multiple { "anyOf" } else { "oneOf" }] = Value::Array(options);
    object["votersCount"] = json!(poll.voters_count);
    if let Some(end) = poll.expires_at {
        object["endTime"] = json!(end.to_rfc3339());
        if end <= now {
            object["closed"] = json!(end.to_rfc3339());
        }
    }
}

/// The `Create(Note)` of one chosen option, from the voter to the poll's author.
pub fn vote_activity(urls: &Urls, event: &VoteEvent<'_>) -> Value {
    let voter = account_uri(urls, event.voter);
    let author = account_uri(urls, event.note_author);
    let id = format!("{voter}#votes/{}/{}", event.vote.note, event.vote.choice);
    json!({
        "id": format!("{id}/activity"),
        "type": "Create",
        "actor": voter,
        "to": [author],
        "object": {
            "id": id,
            "type": "Note",
            "name": event.option,
            "attributedTo": voter,
            "to": [author],
            "inReplyTo": note_uri(urls, event.note),
            "published": event.vote.created_at.to_rfc3339(),
        },
    })
}

/// The poll a received `Question` carries; `None` for other objects.
pub fn incoming_poll(object: &Object) -> Option<IncomingPoll> {
    if object.kind != ObjectType::Question {
        return None;
    }
    let (options, multiple) = if object.any_of.is_empty() {
        (&object.one_of, false)
    } else {
        (&object.any_of, true)
    };
    if options.is_empty() {
        return None;
    }
    // A closed poll without `endTime` ends when it says it closed (or now).
    let closed_at = match &object.closed {
        Some(crate::wire::Closed::At(at)) => Timestamp::parse_rfc3339(at),
        Some(crate::wire::Closed::Flag(true)) => Some(crate::actors::now()),
        _ => None,
    };
    let expires_at = object
        .end_time
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
        .or(closed_at);
    Some(IncomingPoll {
        options: options
            .iter()
            .map(|o| PollOption {
                title: o.name.clone(),
                votes: o.votes().unwrap_or(0),
            })
            .collect(),
        multiple,
        expires_at,
        voters_count: object.voters_count,
    })
}

/// Treats `object` as a vote when it is one: a `Note` with a `name`, no content, in
/// reply to a local note that has a poll. Returns whether it was (then it is not stored
/// as a note).
pub async fn receive_vote(
    state: &ApState,
    voter: &Account,
    object: &Object,
) -> Result<bool, ApError> {
    let (Some(name), None) = (object.name.as_deref(), object.content.as_deref()) else {
        return Ok(false);
    };
    if object.kind != ObjectType::Note {
        return Ok(false);
    }
    let Some(note) = object
        .in_reply_to
        .as_ref()
        .and_then(|r| state.ap.urls.local_note(r.as_str()))
    else {
        return Ok(false);
    };
    let Some(poll) = state.ap.repo.poll(note).await? else {
        return Ok(false);
    };
    let Some(choice) = poll.option_index(name) else {
        return Err(ApError::BadRequest(
            "the vote names no option of the poll".into(),
        ));
    };
    state
        .services
        .receive_poll_vote(voter, note, choice, object.id.clone())
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Question` as Mastodon 4.x sends it.
    const MASTODON_QUESTION: &str = r#"{
        "id": "https://mastodon.example/users/ann/statuses/111",
        "type": "Question",
        "summary": null,
        "inReplyTo": null,
        "published": "2026-11-20T10:00:00Z",
        "url": "https://mastodon.example/@ann/111",
        "attributedTo": "https://mastodon.example/users/ann",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": ["https://mastodon.example/users/ann/followers"],
        "sensitive": false,
        "content": "<p>Tea or coffee?</p>",
        "contentMap": {"en": "<p>Tea or coffee?</p>"},
        "endTime": "2026-11-21T10:00:00Z",
        "votersCount": 5,
        "oneOf": [
            {"type": "Note", "name": "Tea", "replies": {"type": "Collection", "totalItems": 3}},
            {"type": "Note", "name": "Coffee", "replies": {"type": "Collection", "totalItems": 2}}
        ],
        "attachment": [],
        "tag": []
    }"#;

    #[test]
    fn a_mastodon_question_becomes_a_poll() {
        let object: Object = serde_json::from_str(MASTODON_QUESTION).unwrap();
        let poll = incoming_poll(&object).unwrap();
        assert!(!poll.multiple);
        assert_eq!(poll.voters_count, Some(5));
        assert_eq!(
            poll.expires_at,
            Timestamp::parse_rfc3339("2026-11-21T10:00:00Z")
        );
        assert_eq!(
            poll.options,
            [
                PollOption {
                    title: "Tea".into(),
                    votes: 3
                },
                PollOption {
                    title: "Coffee".into(),
                    votes: 2
                },
            ]
        );

        let mut multiple: Value = serde_json::from_str(MASTODON_QUESTION).unwrap();
        multiple["anyOf"] = multiple["oneOf"].take();
        multiple.as_object_mut().unwrap().remove("oneOf");
        multiple.as_object_mut().unwrap().remove("endTime");
        multiple["closed"] = json!("2026-11-20T12:00:00Z");
        let object: Object = serde_json::from_value(multiple).unwrap();
        let poll = incoming_poll(&object).unwrap();
        assert!(poll.multiple);
        assert_eq!(
            poll.expires_at,
            Timestamp::parse_rfc3339("2026-11-20T12:00:00Z")
        );

        let mut note: Value = serde_json::from_str(MASTODON_QUESTION).unwrap();
        note["type"] = json!("Note");
        let object: Object = serde_json::from_value(note).unwrap();
        assert_eq!(incoming_poll(&object), None);
    }

    #[test]
    fn our_question_reads_back_as_the_same_poll() {
        let poll = Poll {
            note: rookery_core::NoteId::from_i64(7),
            options: vec![
                PollOption {
                    title: "yes".into(),
                    votes: 4,
                },
                PollOption {
                    title: "no".into(),
                    votes: 1,
                },
            ],
            multiple: true,
            hide_totals: false,
            expires_at: Timestamp::parse_rfc3339("2026-11-21T10:00:00Z"),
            voters_count: 4,
            updated_at: Timestamp::from_millis(0),
        };
        let mut object: Value = serde_json::from_str(MASTODON_QUESTION).unwrap();
        object.as_object_mut().unwrap().remove("oneOf");
        object["type"] = json!("Note");
        let before_end = Timestamp::parse_rfc3339("2026-11-21T09:00:00Z").unwrap();
        make_question(&mut object, &poll, before_end);
        assert_eq!(object["type"], "Question");
        assert_eq!(object["anyOf"][0]["replies"]["totalItems"], 4);
        assert_eq!(object["anyOf"][1]["name"], "no");
        assert_eq!(object["votersCount"], 4);
        assert!(object.get("closed").is_none());
        let parsed: Object = serde_json::from_value(object).unwrap();
        let back = incoming_poll(&parsed).unwrap();
        assert_eq!(back.options, poll.options);
        assert!(back.multiple);
        assert_eq!(back.expires_at, poll.expires_at);
        assert_eq!(back.voters_count, Some(4));
    }
}
