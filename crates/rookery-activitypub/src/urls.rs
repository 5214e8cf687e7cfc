//! Where rookery serves its ActivityPub documents, and reading our own URLs back.
//! Every id is stable: actor ids use the username (which never changes here), and
//! activity ids are derived from the ids of the records they announce, so re-rendering
//! an activity gives the same id (Mastodon matches Accept and Undo by id, §6.4).

use rookery_core::{FollowId, LikeId, NoteId, ShareId};

#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// `base` is the public URL, e.g. `https://social.example` (no trailing slash).
    pub fn new(base: impl Into<String>) -> Self {
        Urls {
            base: base.into().trim_end_matches('/').to_owned(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn actor(&self, username: &str) -> String {
        format!("{}/users/{username}", self.base)
    }
    pub fn key_id(&self, username: &str) -> String {
        format!("{}#main-key", self.actor(username))
    }
    pub fn inbox(&self, username: &str) -> String {
        format!("{}/inbox", self.actor(username))
    }
    pub fn collection(&self, username: &str, name: &str) -> String {
        format!("{}/{name}", self.actor(username))
    }
    pub fn followers(&self, username: &str) -> String {
        self.collection(username, "followers")
    }
    pub fn profile(&self, username: &str) -> String {
        format!("{}/@{username}", self.base)
    }
    pub fn shared_inbox(&self) -> String {
        format!("{}/inbox", self.base)
    }
    /// The instance actor (activitypub.md §1.4), which signs server-initiated fetches.
    pub fn instance_actor(&self) -> String {
        format!("{}/actor", self.base)
    }
    pub fn instance_key_id(&self) -> String {
        format!("{}#main-key", self.instance_actor())
    }
    pub fn note(&self, id: NoteId) -> String {
        format!("{}/notes/{id}", self.base)
    }
    pub fn note_page(&self, username: &str, id: NoteId) -> String {
        format!("{}/@{username}/{id}", self.base)
    }
    pub fn tag(&self, name: &str) -> String {
        format!("{}/tags/{name}", self.base)
    }
    pub fn follow(&self, id: FollowId) -> String {
        format!("{}/follows/{id}", self.base)
    }
    pub fn like(&self, id: LikeId) -> String {
        format!("{}/likes/{id}", self.base)
    }
    pub fn share(&self, id: ShareId) -> String {
        format!("{}/shares/{id}", self.base)
    }
    /// An activity about `subject` (`create`, `update`, `delete`, `accept`, `undo`, ...).
    pub fn activity(&self, subject: &str, verb: &str) -> String {
        format!("{subject}#{verb}")
    }

    /// The username of a local actor id (`BASE/users/NAME`).
    pub fn local_username<'a>(&self, uri: &'a str) -> Option<&'a str> {
        let name = uri.strip_prefix(&self.base)?.strip_prefix("/users/")?;
        (!name.is_empty() && !name.contains(['/', '#', '?'])).then_some(name)
    }

    /// The note id of a local note URI (`BASE/notes/ID`).
    pub fn local_note(&self, uri: &str) -> Option<NoteId> {
        uri.strip_prefix(&self.base)?
            .strip_prefix("/notes/")?
            .parse()
            .ok()
    }

    /// The follow id of one of our Follow activity ids (`BASE/follows/ID`).
    pub fn local_follow(&self, uri: &str) -> Option<FollowId> {
        uri.strip_prefix(&self.base)?
            .strip_prefix("/follows/")?
            .parse()
            .ok()
    }

    pub fn is_local(&self, uri: &str) -> bool {
        uri.strip_prefix(&self.base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#', '?']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rookery_core::Id;

    #[test]
    fn reads_back_our_own_urls_only() {
        let urls = Urls::new("https://a.example/");
        assert_eq!(urls.actor("alice"), "https://a.example/users/alice");
        assert_eq!(
            urls.local_username("https://a.example/users/alice"),
            Some("alice")
        );
        for not_ours in [
            "https://a.example.evil/users/alice",
            "https://a.example/users/alice/inbox",
            "https://a.example/users/",
            "https://b.example/users/alice",
        ] {
            assert_eq!(urls.local_username(not_ours), None, "{not_ours}");
        }
        let note = NoteId(Id::from_i64(42));
        assert_eq!(urls.local_note(&urls.note(note)), Some(note));
        assert_eq!(urls.local_note("https://a.example/notes/x"), None);
        let follow = FollowId(Id::from_i64(7));
        assert_eq!(urls.local_follow(&urls.follow(follow)), Some(follow));
        assert!(urls.is_local("https://a.example/notes/1"));
        assert!(!urls.is_local("https://a.example.evil/notes/1"));
    }
}
