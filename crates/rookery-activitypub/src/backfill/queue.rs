//! Remote accounts stored for the first time, waiting for their outbox backfill. A
//! bounded queue: meeting an account never waits for it, and when it is full the
//! backfill is skipped (it is a courtesy, not a duty: versia.md §9.5, activitypub.md §7).

use std::sync::Mutex;

use rookery_core::Account;
use tokio::sync::mpsc;

/// How many newly met accounts may wait at once.
const CAPACITY: usize = 256;

pub struct NewAccounts {
    sender: mpsc::Sender<Account>,
    receiver: Mutex<Option<mpsc::Receiver<Account>>>,
}

impl Default for NewAccounts {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel(CAPACITY);
        NewAccounts {
            sender,
            receiver: Mutex::new(Some(receiver)),
        }
    }
}

impl NewAccounts {
    /// `account` was just stored for the first time.
    pub fn met(&self, account: Account) {
        if let Err(error) = self.sender.try_send(account) {
            tracing::debug!(%error, "outbox backfill queue full; skipped");
        }
    }

    /// The receiving end, once: the backfill task takes it when it starts.
    pub fn take_receiver(&self) -> Option<mpsc::Receiver<Account>> {
        self.receiver.lock().ok()?.take()
    }
}
