//! Server-side sessions, kept in the shop's own database so that any app server can take
//! any request. The cookie holds only a random id.
//!
//! The sessions are Joren's own store over the application's pool (`Store::load_session`
//! and its neighbours): one pool, one set of connections, one turn to write, and their
//! table is in both engines' migrations. A session is kept as its whole record in JSON.
//!
//! The store also tells this server's live update streams whenever it saved or removed a
//! session (a sign-out, a lock, a sign-in under a new id, the idle lock), so that a stream
//! opened with that session checks at once whether it may go on.

use async_trait::async_trait;
use joren::storage::{StorageError, Store, now_millis};
use time::{Duration, OffsetDateTime};
use tokio::sync::broadcast;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

/// The session cookie's name.
pub const COOKIE: &str = "joren_session";

/// Sessions changed at once before a stream hears of them; a stream that misses some
/// checks its own session anyway.
const CHANGED_BACKLOG: usize = 256;

/// How often expired sessions are removed.
const EXPIRED_SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);

/// The sessions, in the shop's database.
#[derive(Debug, Clone)]
pub struct Sessions {
    store: Store,
    /// The id of each session this server saved or removed.
    changed: broadcast::Sender<Id>,
}

impl Sessions {
    /// The sessions kept in `store`. Expired ones are removed hourly from then on; the task
    /// ends with the process.
    pub fn new(store: Store) -> Self {
        let sessions = Self::without_sweep(store);
        let sweeping = sessions.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(EXPIRED_SWEEP);
            loop {
                every.tick().await;
                if let Err(error) = sweeping.delete_expired().await {
                    tracing::warn!(%error, "expired sessions were not removed; trying again later");
                }
            }
        });
        sessions
    }

    /// The same without the hourly task (tests that look at the table themselves).
    pub fn without_sweep(store: Store) -> Self {
        Sessions {
            store,
            changed: broadcast::channel(CHANGED_BACKLOG).0,
        }
    }

    /// Hears the id of every session this server saves or removes from now on. A session
    /// changed at another server (on PostgreSQL) is not heard of.
    pub fn changes(&self) -> broadcast::Receiver<Id> {
        self.changed.subscribe()
    }

    fn tell(&self, id: Id) {
        // No stream listening is no error.
        let _ = self.changed.send(id);
    }
}

/// The session layer over `sessions`.
pub fn layer(sessions: Sessions, secure: bool) -> SessionManagerLayer<Sessions> {
    SessionManagerLayer::new(sessions)
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(Duration::hours(12)))
}

/// Milliseconds since the Unix epoch, as the store keeps times.
fn millis(time: OffsetDateTime) -> i64 {
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn backend(error: StorageError) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

/// A record as the store keeps it: its id, the whole record in JSON, and when it expires.
struct Row {
    id: String,
    data: String,
    expires_at: i64,
}

impl Row {
    fn of(record: &Record) -> session_store::Result<Self> {
        Ok(Row {
            id: record.id.to_string(),
            data: serde_json::to_string(record)
                .map_err(|error| session_store::Error::Encode(error.to_string()))?,
            expires_at: millis(record.expiry_date),
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // An id drawn twice (one in 2^127) draws again rather than take another's session.
        loop {
            let row = Row::of(record)?;
            let created = self
                .store
                .create_session(&row.id, &row.data, row.expires_at)
                .await
                .map_err(backend)?;
            if created {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = Row::of(record)?;
        self.store
            .save_session(&row.id, &row.data, row.expires_at)
            .await
            .map_err(backend)?;
        self.tell(record.id);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = self
            .store
            .load_session(&id.to_string(), now_millis())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let record: Record = serde_json::from_str(&data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        // A row is read by its own id only: a record naming another is no session.
        Ok((record.id == *id).then_some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store
            .delete_session(&id.to_string())
            .await
            .map_err(backend)?;
        self.tell(*id);
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let removed = self
            .store
            .delete_expired_sessions(now_millis())
            .await
            .map_err(backend)?;
        if removed > 0 {
            tracing::debug!(removed, "expired sessions removed");
        }
        Ok(())
    }
}
