//! What changed, told after each commit to whoever listens: the server's live updates, so
//! that a second tablet sees "in the shop now" change at once instead of at its next poll.
//!
//! A change names the shop and the part of the screen to read again, never a person or a
//! value: a listener reads what it may see through the usual checks. Announcements are
//! made after the commit, so a listener that reads at once sees the change. They are
//! best-effort: nobody listening is fine, and a listener that falls behind is told it
//! lagged (and reads everything again).
//!
//! On PostgreSQL several servers share the database, and a tablet may listen at another
//! server than the one that made the change: each change is also sent through PostgreSQL
//! (`NOTIFY joren_changes`), and every store listens there (`LISTEN`, on a connection of its
//! own) and passes on what the others announced. While that connection is down nothing of
//! the others is heard; once it is back, every listener is told that changes may have been
//! missed ([`Change::Missed`]) and reads everything again.

use sqlx::AssertSqlSafe;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

use super::{Engine, Store};
use crate::shop::ShopId;

/// The PostgreSQL channel the servers announce their changes on.
const CHANNEL: &str = "joren_changes";

/// How long the listener waits before it connects again after the database went away.
const RECONNECT: Duration = Duration::from_secs(1);

/// How many announcements a slow listener may fall behind before it is told it lagged.
const BACKLOG: usize = 256;

/// One change, as listeners are told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Who is in the shop now, or what the register shows of them (a check-in, its undo,
    /// "left", a reward handed over, a profile edited or erased).
    InTheShop(ShopId),
    /// Changes made at other servers may have been missed (the connection that hears them
    /// was down): every shop's listeners read everything again.
    Missed,
}

impl Change {
    /// The shop the change is in; `None` when it may be any.
    pub fn shop(self) -> Option<ShopId> {
        match self {
            Change::InTheShop(shop) => Some(shop),
            Change::Missed => None,
        }
    }

    /// The change as sent to the other servers: `<origin>:<shop>`, where `origin` tells
    /// a store its own announcements apart.
    fn to_notification(self, origin: u64) -> Option<String> {
        match self {
            Change::InTheShop(shop) => Some(format!("{origin}:{}", shop.0)),
            Change::Missed => None,
        }
    }

    /// A change another store sent; `None` for one of `own` (heard already) or a payload
    /// that is not one.
    fn from_notification(payload: &str, own: u64) -> Option<Self> {
        let (origin, shop) = payload.split_once(':')?;
        if origin.parse::<u64>().ok()? == own {
            return None;
        }
        Some(Change::InTheShop(ShopId(shop.parse().ok()?)))
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

    /// Tells every listener, here and at the other servers; called after the commit that made
    /// the change.
    pub(crate) fn announce(&self, change: Change) {
        // An error only means that nobody listens right now.
        let _ = self.changes.send(change);
        if self.engine != Engine::Postgres {
            return;
        }
        let Some(payload) = change.to_notification(self.origin) else {
            return;
        };
        let pool = self.pool.clone();
        tokio::spawn(async move {
            // The payload is two numbers of ours: nothing to quote.
            let notify = format!("NOTIFY {CHANNEL}, '{payload}'");
            if let Err(error) = sqlx::query(AssertSqlSafe(notify.as_str()))
                .execute(&pool)
                .await
            {
                tracing::warn!(%error, "the other servers were not told of a change");
            }
        });
    }
}

/// The task that hears the other servers' changes; stopped with the last handle on it.
#[derive(Debug)]
pub(super) struct Listener(tokio::task::JoinHandle<()>);

impl Drop for Listener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Listener {
    pub(super) fn stop(&self) {
        self.0.abort();
    }
}

/// Listens for the changes other stores over the same PostgreSQL database announce, and
/// passes them on to this store's listeners, until stopped.
pub(super) fn listen_to_others(
    url: &super::PostgresUrl,
    origin: u64,
    changes: broadcast::Sender<Change>,
) -> Arc<Listener> {
    let url = url.secret().to_owned();
    let task = tokio::spawn(async move {
        let mut listener: Option<sqlx::postgres::PgListener> = None;
        loop {
            let Some(connected) = listener.as_mut() else {
                match sqlx::postgres::PgListener::connect(&url).await {
                    Ok(mut connected) => match connected.listen(CHANNEL).await {
                        Ok(()) => {
                            listener = Some(connected);
                            // Whatever was announced while no one listened is lost.
                            let _ = changes.send(Change::Missed);
                        }
                        Err(error) => wait(&error).await,
                    },
                    Err(error) => wait(&error).await,
                }
                continue;
            };
            match connected.try_recv().await {
                Ok(Some(notification)) => {
                    if let Some(change) = Change::from_notification(notification.payload(), origin)
                    {
                        let _ = changes.send(change);
                    }
                }
                // The connection dropped; the next call connects again and listens anew.
                Ok(None) => {
                    tracing::warn!("the connection that hears the other servers dropped");
                    let _ = changes.send(Change::Missed);
                }
                Err(error) => {
                    listener = None;
                    wait(&error).await;
                }
            }
        }
    });
    Arc::new(Listener(task))
}

async fn wait(error: &sqlx::Error) {
    tracing::warn!(%error, "cannot hear the other servers' changes; trying again");
    tokio::time::sleep(RECONNECT).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_goes_to_the_others_as_two_numbers_and_back() {
        let change = Change::InTheShop(ShopId(42));
        let sent = change.to_notification(7).unwrap();
        assert_eq!(sent, "7:42");
        assert_eq!(Change::from_notification(&sent, 9), Some(change));
        assert_eq!(
            Change::from_notification(&sent, 7),
            None,
            "its own is heard already"
        );
        assert_eq!(Change::Missed.to_notification(7), None);
        for garbage in ["", "7", "x:42", "7:", "7:x", "9:42:1"] {
            assert_eq!(Change::from_notification(garbage, 9), None, "{garbage:?}");
        }
    }
}
