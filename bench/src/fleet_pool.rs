//! Sender mode: a pool of pre-signed `Create(Note)` activities (about 2 KiB each) from
//! many fleet actors on many fleet hosts, addressed to one rookery inbox. Signing happens
//! before the timed part, so a benchmark replaying the pool measures the receiver only.
//! Signed as Mastodon signs (draft-cavage, activitypub.md §4.1).

use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderMap;
use rookery_activitypub::signatures::cavage;
use serde_json::json;
use url::Url;

use crate::fleet::Fleet;

/// One ready-to-send POST.
pub struct SignedActivity {
    /// The activity's `id`.
    pub id: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What the pool holds.
#[derive(Debug, Clone)]
pub struct PoolSpec {
    pub activities: usize,
    pub actors: usize,
    pub hosts: usize,
    /// Bytes of filler in each note's content (1,800 makes a ~2 KiB activity).
    pub padding: usize,
}

impl Fleet {
    /// Signs `spec.activities` activities for `inbox`; activity `n` comes from actor
    /// `u{n % actors}` on host `h{(n % actors) % hosts}`, so every actor sends in turn.
    pub fn signed_pool(&self, inbox: &Url, spec: &PoolSpec) -> anyhow::Result<Vec<SignedActivity>> {
        let actors = spec.actors.max(1);
        let hosts = spec.hosts.max(1);
        let padding = "x".repeat(spec.padding);
        let now = SystemTime::now();
        let mut pool = Vec::with_capacity(spec.activities);
        for n in 0..spec.activities {
            let actor_index = n % actors;
            let host = Fleet::host(actor_index % hosts);
            let name = format!("u{actor_index}");
            let actor = Fleet::actor_id(&host, &name);
            let note = format!("http://{host}/notes/{n}");
            let id = format!("{note}/activity");
            let body = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": id,
                "type": "Create",
                "actor": actor,
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "object": {
                    "id": note, "type": "Note", "attributedTo": actor,
                    "content": format!("<p>note {n} {padding}</p>"),
                    "published": "2026-11-22T10:00:00Z",
                    "to": ["https://www.w3.org/ns/activitystreams#Public"],
                },
            })
            .to_string();
            let (key, key_id) = self.signing_key(&host, &name);
            let headers = cavage::sign_post(
                &key,
                &key_id,
                inbox,
                "application/activity+json",
                body.as_bytes(),
                now,
            )?;
            pool.push(SignedActivity {
                id,
                headers,
                body: Bytes::from(body),
            });
        }
        Ok(pool)
    }
}
