//! What changed, told after each commit to whoever listens: the server's live updates, so
//! that a second tablet sees "in the shop now" change at once instead of at its next poll.
//!
//! A change names the shop and the part of the screen to read again, never a person or a
//! value: a listener reads what it may see through the usual checks. Announcements are
//! made after the commit, so a listener that reads at once sees the change. They are
//! best-effort: nobody listening is fine, and a listener that falls behind is told it
//! lagged (and reads everything again).

use tokio::sync::broadcast;

use super::Store;
use crate::shop::ShopId;

/// How many announcements a slow listener may fall behind before it is told it lagged.
const BACKLOG: usize = 256;

/// One change, as listeners are told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Who is in the shop now, or what the register shows of them (a check-in, its undo,
    /// "left", a reward handed over, a profile edited or erased).
    InTheShop(ShopId),
}

impl Change {
    pub fn shop(self) -> ShopId {
        match self {
            Change::InTheShop(shop) => shop,
        }
    }
}

/// The sending side, one per store (and shared by its clones).
pub(super) fn channel() -> broadcast::Sender<Change> {
    broadcast::Sender::new(BACKLOG)
}

impl Store {
    /// Listens to this store's changes from now on.
    pub fn changes(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Tells every listener; called after the commit that made the change.
    pub(crate) fn announce(&self, change: Change) {
        // An error only means that nobody listens right now.
        let _ = self.changes.send(change);
    }
}
