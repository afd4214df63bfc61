//! Server-side sessions, kept in the shop's own database so that any app server can take
//! any request. The cookie holds only a random id.
//!
//! The session store has a small pool of its own (sqlx's typed pool, which the session
//! crate is built on), beside the application's.
//!
//! The store also tells this server's live update streams whenever it saved or removed a
//! session (a sign-out, a lock, a sign-in under a new id, the idle lock), so that a stream
//! opened with that session checks at once whether it may go on.

use async_trait::async_trait;
use joren::storage::{DatabaseUrl, StoreOptions};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use time::Duration;
use tokio::sync::broadcast;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session cookie's name.
pub const COOKIE: &str = "joren_session";

/// Connections of the session store's own pool: one read and one write per request at most.
const SESSION_CONNECTIONS: u32 = 4;

/// Sessions changed at once before a stream hears of them; a stream that misses some
/// checks its own session anyway.
const CHANGED_BACKLOG: usize = 256;

/// The sessions, in the engine the shop's data is in.
#[derive(Debug, Clone)]
pub struct Sessions {
    engine: Engine,
    /// The id of each session this server saved or removed.
    changed: broadcast::Sender<Id>,
}

#[derive(Debug, Clone)]
enum Engine {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
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

/// Opens the session store (creating its table when missing).
pub async fn open(url: &DatabaseUrl, options: &StoreOptions) -> Result<Sessions, sqlx::Error> {
    let engine = match url {
        DatabaseUrl::Sqlite(sqlite) => {
            let pool = SqlitePoolOptions::new()
                .max_connections(SESSION_CONNECTIONS)
                .acquire_timeout(options.acquire_timeout)
                .connect_with(
                    sqlite
                        .as_ref()
                        .clone()
                        .busy_timeout(std::time::Duration::from_secs(5))
                        .synchronous(sqlx::sqlite::SqliteSynchronous::Full),
                )
                .await?;
            let store = SqliteStore::new(pool);
            store.migrate().await?;
            Engine::Sqlite(store)
        }
        DatabaseUrl::Postgres(postgres) => {
            let pool = PgPoolOptions::new()
                .max_connections(SESSION_CONNECTIONS)
                .acquire_timeout(options.acquire_timeout)
                .connect(postgres.secret())
                .await?;
            let store = PostgresStore::new(pool);
            migrate_postgres(&store).await?;
            Engine::Postgres(store)
        }
    };
    let sessions = Sessions {
        engine,
        changed: broadcast::channel(CHANGED_BACKLOG).0,
    };
    // Expired sessions are removed hourly; the task ends with the process.
    tokio::spawn(
        sessions
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    Ok(sessions)
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

/// Creates the session table when it is missing. Two servers starting at once may both try
/// to; the one that loses tries again and finds it there.
async fn migrate_postgres(store: &PostgresStore) -> Result<(), sqlx::Error> {
    let mut tries = 0;
    loop {
        match store.migrate().await {
            Ok(()) => return Ok(()),
            Err(error) if tries < 5 => {
                tries += 1;
                tracing::debug!(%error, "creating the session table again");
                tokio::time::sleep(std::time::Duration::from_millis(100 * tries)).await;
            }
            Err(error) => return Err(error),
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.engine {
            Engine::Sqlite(store) => store.create(record).await,
            Engine::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match &self.engine {
            Engine::Sqlite(store) => store.save(record).await,
            Engine::Postgres(store) => store.save(record).await,
        }?;
        self.tell(record.id);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match &self.engine {
            Engine::Sqlite(store) => store.load(id).await,
            Engine::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match &self.engine {
            Engine::Sqlite(store) => store.delete(id).await,
            Engine::Postgres(store) => store.delete(id).await,
        }?;
        self.tell(*id);
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match &self.engine {
            Engine::Sqlite(store) => store.delete_expired().await,
            Engine::Postgres(store) => store.delete_expired().await,
        }
    }
}
