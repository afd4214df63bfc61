//! Storage: one `Store` that the rest of the program calls, whatever the database engine.
//!
//! Callers only ever see `Store` and its methods (grouped by area in the submodules). The
//! engine, SQLite or PostgreSQL, is chosen by the database URL at start; both run the same
//! queries through one sqlx `Any` pool, and the few that differ ask [`Store::engine`].

mod audit;
mod backup;
mod brought_by;
mod bulk;
mod changes;
mod check_ins;
mod check_ins_together;
mod database_url;
mod demo;
mod export;
mod insights;
mod inspect;
mod introductions;
mod paper_cards;
mod personal_data;
mod postgres;
mod privacy;
mod regulars;
mod sessions;
mod shop_hosts;
mod shops;
mod short_links;
mod sqlite;
mod staff;
#[cfg(feature = "testing")]
pub mod testing;
mod upgrade;

pub use backup::{BackupError, BackupSummary, CheckedBackup, RestoreError, check_backup};
pub use changes::Change;
pub use check_ins::{CheckedIn, InTheShop};
pub use demo::{DemoReport, FillError};
pub use export::{ExportError, Exported, NOT_EXPORTED, SECRET_COLUMNS, exported_tables};
pub use insights::{NotSeen, PeriodCounts, RegularNames};
pub use inspect::{InspectError, Inspection, inspect, inspect_postgres};
pub use privacy::OwnNotices;
pub use shop_hosts::{AddHost, AddShop, ShopListing};
pub use short_links::Followed;
pub use staff::{
    AddStaff, ClearedWaits, CountedAttempt, FirstStart, PinAttempt, PinCheck, WrongPin,
};
pub use upgrade::{SchemaState, newest_schema};

pub use database_url::{DatabaseUrl, DatabaseUrlError, PostgresUrl};

use std::path::PathBuf;
use std::sync::Arc;

use crate::shop::ShopId;

/// The program's handle on its database; cheap to clone (it shares one pool).
///
/// Both engines are reached through sqlx's `Any` driver, so every query is written once, in
/// the SQL both understand (`$1` parameters, `ON CONFLICT`, `RETURNING`, 64-bit integers,
/// JSON as text). The few statements that differ are chosen with [`Store::engine`].
#[derive(Clone, Debug)]
pub struct Store {
    pool: sqlx::AnyPool,
    engine: Engine,
    /// Whose turn it is to write in this process (see [`Store::begin_write`]); SQLite only.
    writes: Arc<tokio::sync::Mutex<()>>,
    /// Check-ins waiting for the turn, to be committed together (SQLite only; see
    /// `check_ins_together`).
    waiting_check_ins: Arc<check_ins_together::WaitingCheckIns>,
    /// Where committed changes are announced (see [`Store::changes`]).
    changes: tokio::sync::broadcast::Sender<Change>,
    /// Tells this store's announcements apart from the other servers' (PostgreSQL).
    origin: u64,
    /// Hears the other servers' changes (PostgreSQL only).
    listener: Option<Arc<changes::Listener>>,
}

/// A write transaction that holds the turn to write until it commits or is dropped (rolled
/// back). It reads and writes as the connection it wraps.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// The database engine behind a `Store`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One file on the shop's own box: the default.
    Sqlite,
    /// A PostgreSQL server, which several app servers (and shops) may share.
    Postgres,
}

impl Engine {
    /// The engine a connection talks to.
    pub(crate) fn of(connection: &sqlx::AnyConnection) -> Engine {
        if connection.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }

    /// An aggregate that gathers `element` (a JSON value) of every row into one JSON array,
    /// as text; `[]` when there are no rows. Reads that return many rows return them this
    /// way, as one value: sqlx hands every row over between threads, and hundreds of
    /// hand-overs cost more than the query itself.
    pub(crate) fn json_rows(self, element: &str) -> String {
        match self {
            Engine::Sqlite => format!("json_group_array({element})"),
            Engine::Postgres => format!("coalesce(json_agg({element}), '[]'::json)::text"),
        }
    }

    /// A JSON array of the given SQL values (`a, b, c`).
    pub(crate) fn json_array(self, values: &str) -> String {
        match self {
            Engine::Sqlite => format!("json_array({values})"),
            Engine::Postgres => format!("json_build_array({values})"),
        }
    }
}

/// The key of PostgreSQL's transaction-level advisory lock that the installation's own
/// write transactions take (any fixed number; "joren" in ASCII).
const WRITE_LOCK_KEY: i64 = 0x6a6f72656e;

/// The first of the two keys of a shop's write lock ("jor"); the second is the shop.
const SHOP_WRITE_LOCK_CLASS: i32 = 0x6a6f72;

/// Whose turn a write transaction waits for.
#[derive(Debug, Clone, Copy)]
enum WriteTurn {
    Installation,
    Shop(ShopId),
}

/// A shop's id as the 32-bit second key. Ids past 2³¹ share keys with smaller ones: such
/// shops then wait for each other, which is safe.
fn shop_lock_key(shop: ShopId) -> i32 {
    i32::try_from(shop.0).unwrap_or((shop.0 & 0x7fff_ffff) as i32)
}

/// Pool settings that the server's configuration may change.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// How long a request waits for a free connection (or for the database to answer a new
    /// one) before it fails with "the database does not answer".
    pub acquire_timeout: std::time::Duration,
    /// PostgreSQL: the longest one statement may run (or wait for a lock) before it is
    /// cancelled; `None` lets it run. SQLite waits at most 5 s for the write lock.
    pub statement_timeout: Option<std::time::Duration>,
    /// Where a database at an older schema is copied before it is upgraded; `None` upgrades
    /// without a copy. SQLite only: a PostgreSQL server is backed up by whoever runs it.
    pub upgrade_backup_dir: Option<PathBuf>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: std::time::Duration::from_secs(5),
            statement_timeout: Some(std::time::Duration::from_secs(10)),
            upgrade_backup_dir: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
    #[error(
        "this database was last used by a newer Joren (its schema {version} is newer than \
         this version's newest, {newest}); install that version again, or restore a backup \
         made by this version"
    )]
    NewerSchema { version: i64, newest: i64 },
    #[error(
        "the database was not upgraded: the backup before the upgrade could not be made in \
         {dir} ({reason}); make that folder writable or choose another with --backup-dir, \
         then start again"
    )]
    UpgradeBackup { dir: PathBuf, reason: String },
}

impl StorageError {
    /// Whether the database could not be reached at all (down, restarting, unreachable, out
    /// of connections), rather than refusing or failing one query: what a "come back in a
    /// moment" page is for.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StorageError::Connect { .. } => true,
            StorageError::Query(error) => is_unavailable(error),
            _ => false,
        }
    }
}

/// See [`StorageError::is_unavailable`].
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => true,
        // PostgreSQL's classes 08 (connection exception) and 57P (operator intervention:
        // the server is shutting down, or restarting), and SQLite's "database is locked"
        // after the busy timeout.
        sqlx::Error::Database(error) => error.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || code == "5" || code == "517"
        }),
        _ => false,
    }
}

impl Store {
    /// Opens the database (creating it when it is a new SQLite file) and brings its schema
    /// up to date: a database a newer Joren used is refused unchanged, and a SQLite file at
    /// an older schema is first copied into `options.upgrade_backup_dir` (see `upgrade.rs`).
    pub async fn open(url: &DatabaseUrl, options: &StoreOptions) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        let (pool, engine) = match url {
            DatabaseUrl::Sqlite(sqlite) => (sqlite::open(sqlite, options).await?, Engine::Sqlite),
            DatabaseUrl::Postgres(postgres) => {
                (postgres::open(postgres, options).await?, Engine::Postgres)
            }
        };
        let changes = changes::channel();
        let origin = fastrand::u64(..);
        let listener = match url {
            DatabaseUrl::Sqlite(_) => None,
            DatabaseUrl::Postgres(postgres) => {
                Some(changes::listen_to_others(postgres, origin, changes.clone()))
            }
        };
        let store = Self {
            pool,
            engine,
            writes: Arc::default(),
            waiting_check_ins: Arc::default(),
            changes,
            origin,
            listener,
        };
        if let Err(error) = store.upgrade(options.upgrade_backup_dir.as_deref()).await {
            store.close().await;
            return Err(error);
        }
        Ok(store)
    }

    /// Begins a write transaction for one shop, one at a time, so that every rule that reads
    /// before it writes (one stamp per gap, the PIN's tries, "once per pair") sees the writes
    /// before it.
    ///
    /// SQLite has one writer at a time; writers of this process queue here, in order, and
    /// each is woken the moment the one before it commits, then takes SQLite's write lock at
    /// once (`BEGIN IMMEDIATE`). Without the queue, a writer that finds the lock taken sleeps
    /// in SQLite's busy handler for 1, 2, 5, 10… ms between tries, and under load a check-in
    /// could wait 100 ms for a lock free after 2.
    ///
    /// PostgreSQL may have several app servers in front of it: the turn is a transaction-level
    /// advisory lock in the database, taken first and released at commit or rollback (or when
    /// the connection drops), so the servers queue together. Every rule is within one shop,
    /// so the lock is the shop's: the shops of a hosted installation write side by side.
    pub(crate) async fn begin_write_in(&self, shop: ShopId) -> Result<WriteTx, sqlx::Error> {
        self.begin_write_as(WriteTurn::Shop(shop)).await
    }

    /// Begins a write transaction of the installation's own (its shops' host names, the
    /// backup schedule), one at a time; on PostgreSQL it does not wait for the shops' writes.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        self.begin_write_as(WriteTurn::Installation).await
    }

    async fn begin_write_as(&self, turn: WriteTurn) -> Result<WriteTx, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => {
                let turn = self.writes.clone().lock_owned().await;
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx {
                    tx,
                    _turn: Some(turn),
                })
            }
            Engine::Postgres => {
                let mut tx = self.pool.begin().await?;
                match turn {
                    WriteTurn::Installation => {
                        sqlx::query("SELECT pg_advisory_xact_lock($1)")
                            .bind(WRITE_LOCK_KEY)
                            .execute(&mut *tx)
                            .await?
                    }
                    // The two-key form: a key space of its own, apart from the one above.
                    WriteTurn::Shop(shop) => {
                        sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
                            .bind(SHOP_WRITE_LOCK_CLASS)
                            .bind(shop_lock_key(shop))
                            .execute(&mut *tx)
                            .await?
                    }
                };
                Ok(WriteTx { tx, _turn: None })
            }
        }
    }

    /// The turn to write, for a single statement outside a transaction. PostgreSQL runs each
    /// statement atomically and needs none.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.engine {
            Engine::Sqlite => Some(self.writes.clone().lock_owned().await),
            Engine::Postgres => None,
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Answers whether the database takes queries right now (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Waits for the connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        if let Some(listener) = &self.listener {
            listener.stop();
        }
        self.pool.close().await;
    }
}

/// A stored count (never negative by the schema's checks) as the core's rules take it.
fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Milliseconds since the Unix epoch: how every timestamp is stored, in every engine.
pub fn now_millis() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// A turn to write, held by a test (see [`Store::hold_write_turn_for_tests`]).
#[cfg(feature = "testing")]
pub struct HeldTurn(WriteTx);

#[cfg(feature = "testing")]
impl HeldTurn {
    /// Gives the turn back (the transaction, which wrote nothing, is rolled back).
    pub async fn release(self) -> Result<(), StorageError> {
        self.0.tx.rollback().await?;
        Ok(())
    }
}

#[cfg(feature = "testing")]
impl Store {
    /// Takes a shop's turn to write (the installation's with `None`) and holds it until it is
    /// released: for tests of who waits for whom.
    pub async fn hold_write_turn_for_tests(
        &self,
        shop: Option<ShopId>,
    ) -> Result<HeldTurn, StorageError> {
        let tx = match shop {
            Some(shop) => self.begin_write_in(shop).await?,
            None => self.begin_write().await?,
        };
        Ok(HeldTurn(tx))
    }

    /// The pool itself, for tests that look at the rows as stored.
    pub fn pool_for_tests(&self) -> &sqlx::AnyPool {
        &self.pool
    }

    /// `(synchronous, foreign_keys)` as a pooled SQLite connection sees them; for tests.
    pub async fn sqlite_pragmas_for_tests(&self) -> Result<(i64, i64), StorageError> {
        let mut connection = self.pool.acquire().await?;
        let synchronous = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *connection)
            .await?;
        let foreign_keys = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *connection)
            .await?;
        Ok((synchronous, foreign_keys))
    }
}
