//! New remote notes, written together (core's `Repository::store_new_note`).
//!
//! Why: on SQLite every write takes turns on the only writer connection, and each
//! statement is a round trip to sqlx's connection thread. A note written alone costs
//! five of them in a row (savepoint, note, mention, notification, release) while the
//! writer is held, so under inbox load the writer, not the CPU, set the pace: the
//! processor applied ~1,250 notes/s with the cores 40 % idle (issue 7, B1). How: notes
//! submitted while a batch is being written queue up; one task writes each batch as
//! one group-commit member with multi-row statements, so a round trip carries up to
//! [`NOTES_PER_INSERT`] notes. When a batch fails, each of its notes is written again
//! alone, so a bad note fails only itself.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use rookery_core::notification::Notification;
use rookery_core::ports::NewNote;
use rookery_core::{NoteId, Protocol};
use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use crate::backend::Backend;
use crate::error::StoreError;
use crate::group::GroupCommit;
use crate::note_parts;
use crate::notes::{bind_note, insert_mentions, NOTE_INSERT_COLUMNS, NOTE_INSERT_VALUES};
use crate::sql::value_rows;
use crate::store::Store;
use crate::tx::StoreTx;

/// Most notes written in one transaction; more wait for the next.
const MAX_BATCH: usize = 128;
/// Notes per INSERT (14 bound values each, far below either backend's limit).
const NOTES_PER_INSERT: usize = 64;
/// Notes waiting for the writer before submitters wait for room.
const MAX_PENDING: usize = 4096;

/// What a submitter hears: whether its note was stored, or its note back because its
/// batch failed (to be written alone).
type Outcome = Result<bool, NewNote>;

struct Pending {
    new: NewNote,
    done: oneshot::Sender<Outcome>,
}

/// The submitting side, shared by every clone of a [`Store`]. Its task starts on the
/// first note (it needs a runtime) and holds only the group commit, so it ends when the
/// last store clone is dropped.
pub(crate) struct NoteWriter {
    sender: OnceLock<mpsc::Sender<Pending>>,
}

impl NoteWriter {
    pub(crate) fn new() -> NoteWriter {
        NoteWriter {
            sender: OnceLock::new(),
        }
    }

    fn sender(&self, store: &Store) -> &mpsc::Sender<Pending> {
        self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(MAX_PENDING);
            tokio::spawn(write_batches(
                receiver,
                store.group.clone(),
                store.backend(),
                store.preference.clone(),
            ));
            sender
        })
    }
}

impl Store {
    /// New notes submitted and not yet taken into a batch (a load figure, and what lets
    /// tests line notes up in one batch).
    pub fn new_notes_waiting(&self) -> usize {
        self.notes
            .sender
            .get()
            .map_or(0, |s| s.max_capacity() - s.capacity())
    }

    /// See [`rookery_core::ports::Repository::store_new_note`].
    pub async fn store_new_note(&self, new: NewNote) -> Result<bool, StoreError> {
        let (done, answer) = oneshot::channel();
        let sender = self.notes.sender(self);
        let new = match sender.send(Pending { new, done }).await {
            Ok(()) => match answer.await {
                Ok(Ok(stored)) => return Ok(stored),
                Ok(Err(new)) => new,
                Err(_) => return Err(StoreError::Busy("the note writer stopped".into())),
            },
            Err(mpsc::error::SendError(pending)) => pending.new,
        };
        let stored = write(
            &self.group,
            self.backend(),
            self.preference.clone(),
            &[&new],
        )
        .await?;
        Ok(stored.contains(&new.note.id))
    }
}

/// Takes whatever queued while the previous batch was being written and writes it.
async fn write_batches(
    mut receiver: mpsc::Receiver<Pending>,
    group: Arc<GroupCommit>,
    backend: Backend,
    preference: Arc<[Protocol]>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let notes: Vec<&NewNote> = batch.iter().map(|p| &p.new).collect();
        match write(&group, backend, preference.clone(), &notes).await {
            Ok(stored) => {
                for pending in batch.drain(..) {
                    let _ = pending.done.send(Ok(stored.contains(&pending.new.note.id)));
                }
            }
            Err(error) => {
                tracing::debug!(%error, notes = batch.len(), "a batch of new notes failed; writing them one by one");
                for pending in batch.drain(..) {
                    let Pending { new, done } = pending;
                    // A submitter that went away (its job was dropped) needs no answer.
                    let _ = done.send(Err(new));
                }
            }
        }
    }
}

/// Writes `notes` with their polls and notifications in one transaction; returns the
/// ids of those stored (a note whose id or URI is stored already is skipped).
async fn write(
    group: &GroupCommit,
    backend: Backend,
    preference: Arc<[Protocol]>,
    notes: &[&NewNote],
) -> Result<HashSet<NoteId>, StoreError> {
    let mut tx = StoreTx::join(group, backend, preference).await?;
    let stored = insert_notes(&mut tx, notes).await?;
    let mut mentioning = Vec::new();
    let mut notifications: Vec<&Notification> = Vec::new();
    for new in notes.iter().filter(|n| stored.contains(&n.note.id)) {
        mentioning.push(&new.note);
        note_parts::insert_parts(tx.conn(), &new.note).await?;
        if let Some(poll) = &new.poll {
            tx.upsert_poll(poll).await?;
        }
        notifications.extend(&new.notifications);
    }
    insert_mentions(tx.conn(), backend, &mentioning).await?;
    tx.insert_notifications(&notifications).await?;
    tx.commit().await?;
    Ok(stored)
}

async fn insert_notes(tx: &mut StoreTx, notes: &[&NewNote]) -> Result<HashSet<NoteId>, StoreError> {
    let mut stored = HashSet::with_capacity(notes.len());
    for chunk in notes.chunks(NOTES_PER_INSERT) {
        let rows = value_rows(tx.backend(), chunk.len(), NOTE_INSERT_VALUES);
        // ON CONFLICT DO NOTHING: a note stored before, or twice in this batch (the same
        // note delivered to two inboxes at once), is skipped rather than failing the rest.
        let sql = format!(
            "INSERT INTO notes ({NOTE_INSERT_COLUMNS}) VALUES {rows} \
             ON CONFLICT DO NOTHING RETURNING id"
        );
        let mut query = sqlx::query(&sql);
        for new in chunk {
            query = bind_note(query, &new.note);
        }
        for row in query.fetch_all(tx.conn()).await? {
            stored.insert(NoteId::from_i64(row.try_get::<i64, _>(0)?));
        }
    }
    Ok(stored)
}
