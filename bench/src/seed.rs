//! Seeding a database with many accounts and notes fast (B5, B6: 1,000,000 statuses):
//! through the store's own write transactions, thousands of rows per commit.

use std::time::Instant;

use rookery_core::{
    Account, AccountId, Domain, FederationFacts, Id, Note, NoteId, Origin, Protocol, PublicKey,
    Timestamp, Visibility,
};
use rookery_store::Store;

/// Rows per transaction: large enough that commits cost nothing, small enough to keep
/// the writer's memory flat.
const ROWS_PER_COMMIT: usize = 5_000;

/// Stores `accounts` remote accounts and `notes` public notes spread over them; returns
/// the account ids and prints the seeding rate.
pub async fn seed(store: &Store, accounts: usize, notes: usize) -> anyhow::Result<Vec<AccountId>> {
    let started = Instant::now();
    let at = Timestamp::from_millis(1_764_000_000_000);
    let mut ids = Vec::with_capacity(accounts);
    for chunk in (0..accounts).collect::<Vec<_>>().chunks(ROWS_PER_COMMIT) {
        let mut tx = store.begin().await?;
        for &n in chunk {
            ids.push(tx.upsert_remote_account(&remote(n, at)?).await?);
        }
        tx.commit().await?;
    }
    let mut next = 0usize;
    while next < notes {
        let mut tx = store.begin().await?;
        for n in next..(next + ROWS_PER_COMMIT).min(notes) {
            let author = ids[n % ids.len().max(1)];
            tx.insert_note(&note(n, author, at)).await?;
        }
        tx.commit().await?;
        next += ROWS_PER_COMMIT;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {accounts} accounts and {notes} notes in {secs:.1} s ({:.0} rows/s)",
        (accounts + notes) as f64 / secs.max(1e-9)
    );
    Ok(ids)
}

fn remote(n: usize, at: Timestamp) -> anyhow::Result<Account> {
    let host = format!("h{}.fleet.test", n % 100);
    // Not `u{n}`: those names are the fleet's actors, which sign with real keys.
    let name = format!("seed{n}");
    Ok(Account {
        id: AccountId(Id::from_i64(1_000_000 + n as i64)),
        username: name.clone(),
        domain: Some(Domain::parse(&host)?),
        display_name: name.clone(),
        note: String::new(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            uri: format!("http://{host}/users/{name}"),
            inbox: format!("http://{host}/users/{name}/inbox"),
            shared_inbox: Some(format!("http://{host}/inbox")),
            url: None,
            outbox: None,
            followers: None,
            public_keys: vec![PublicKey {
                key_id: format!("http://{host}/users/{name}#main-key"),
                algorithm: "rsa-sha256".into(),
                material: String::new(),
            }],
        })),
        created_at: at,
        updated_at: at,
    })
}

fn note(n: usize, author: AccountId, at: Timestamp) -> Note {
    // Snowflake-like ids: time in the high bits, so timelines page as in production.
    let id = NoteId(Id::from_i64(((1_764_000_000_000i64 + n as i64) << 16) | 1));
    Note {
        id,
        author,
        uri: Some(format!("http://seed.fleet.test/notes/{n}")),
        url: None,
        content_html: format!("<p>seeded note {n}: a few words, as most posts are.</p>"),
        source: String::new(),
        content_warning: String::new(),
        sensitive: false,
        language: Some("en".into()),
        in_reply_to: None,
        in_reply_to_account: None,
        mentions: Vec::new(),
        attachments: Vec::new(),
        tags: Vec::new(),
        visibility: Visibility::Public,
        created_at: Timestamp::from_millis(at.as_millis() + n as i64),
        edited_at: None,
    }
}
