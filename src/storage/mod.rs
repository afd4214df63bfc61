//! Storage: one `Store` that the rest of the program calls, whatever the database engine.
//!
//! Callers only ever see `Store` and its methods (grouped by area in the submodules). The
//! engine is an implementation detail behind the private `Db` enum: a new engine joins by
//! adding a variant and its queries, without changing a single caller.

mod audit;
mod backup;
mod changes;
mod database_url;
mod demo;
mod export;
mod insights;
mod inspect;
mod introductions;
mod personal_data;
mod privacy;
mod regulars;
mod shops;
mod short_links;
mod sqlite;
mod staff;
mod upgrade;
mod visits;

pub use backup::{BackupError, BackupSummary, CheckedBackup, RestoreError, check_backup};
pub use changes::Change;
pub use demo::{DemoReport, FillError};
pub use export::{ExportError, Exported, NOT_EXPORTED, SECRET_COLUMNS, exported_tables};
pub use insights::PeriodCounts;
pub use inspect::{InspectError, Inspection, inspect};
pub use privacy::OwnNotices;
pub use short_links::Followed;
pub use staff::{AddStaff, FirstStart, PinCheck, WrongPin};
pub use upgrade::{SchemaState, newest_schema};

pub use database_url::{DatabaseUrl, DatabaseUrlError};

use std::path::PathBuf;
use std::sync::Arc;

/// The program's handle on its database; cheap to clone (it shares one pool).
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    /// Whose turn it is to write (see [`Store::begin_write`]).
    writes: Arc<tokio::sync::Mutex<()>>,
    /// Where committed changes are announced (see [`Store::changes`]).
    changes: tokio::sync::broadcast::Sender<Change>,
}

/// A write transaction that holds this process's turn to write until it commits or is
/// dropped (rolled back). It reads and writes as the connection it wraps.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

#[derive(Clone, Debug)]
enum Db {
    Sqlite(sqlx::SqlitePool),
}

/// The database engine behind a `Store`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
}

/// Pool settings that the server's configuration may change.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// Where a database at an older schema is copied before it is upgraded; `None` upgrades
    /// without a copy.
    pub upgrade_backup_dir: Option<PathBuf>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
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

impl Store {
    /// Opens (creating it when it is a new SQLite file) the database and brings its schema
    /// up to date: a database a newer Joren used is refused unchanged, and one at an older
    /// schema is first copied into `options.upgrade_backup_dir` (see `upgrade.rs`).
    pub async fn open(url: &DatabaseUrl, options: &StoreOptions) -> Result<Self, StorageError> {
        let db = match url {
            DatabaseUrl::Sqlite(sqlite) => Db::Sqlite(sqlite::open(sqlite, options).await?),
        };
        let store = Self {
            db,
            writes: Arc::default(),
            changes: changes::channel(),
        };
        if let Err(error) = store.upgrade(options.upgrade_backup_dir.as_deref()).await {
            store.close().await;
            return Err(error);
        }
        Ok(store)
    }

    /// Begins a write transaction. SQLite has one writer at a time; writers of this process
    /// queue here, in order, and each is woken the moment the one before it commits, then
    /// takes SQLite's write lock at once (`BEGIN IMMEDIATE`). Without the queue, a writer
    /// that finds the lock taken sleeps in SQLite's busy handler for 1, 2, 5, 10… ms between
    /// tries, and under load a check-in could wait 100 ms for a lock free after 2.
    pub(crate) async fn begin_write(
        &self,
        pool: &sqlx::SqlitePool,
    ) -> Result<WriteTx, sqlx::Error> {
        let turn = self.writes.clone().lock_owned().await;
        let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// This process's turn to write, for a single statement outside a transaction.
    pub(crate) async fn write_turn(&self) -> tokio::sync::OwnedMutexGuard<()> {
        self.writes.clone().lock_owned().await
    }

    pub fn engine(&self) -> Engine {
        match self.db {
            Db::Sqlite(_) => Engine::Sqlite,
        }
    }

    /// The SQLite pool, for the session store that shares it.
    pub fn sqlite_pool(&self) -> Option<&sqlx::SqlitePool> {
        match &self.db {
            Db::Sqlite(pool) => Some(pool),
        }
    }

    /// Answers whether the database takes queries right now (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StorageError> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await?,
        };
        Ok(())
    }

    /// Waits for the connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite(pool) => pool.close().await,
        }
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

#[doc(hidden)]
impl Store {
    /// `(synchronous, foreign_keys)` as a pooled connection sees them; for tests.
    pub async fn sqlite_pragmas_for_tests(&self) -> Result<(i64, i64), StorageError> {
        match &self.db {
            Db::Sqlite(pool) => {
                let mut connection = pool.acquire().await?;
                let synchronous = sqlx::query_scalar("PRAGMA synchronous")
                    .fetch_one(&mut *connection)
                    .await?;
                let foreign_keys = sqlx::query_scalar("PRAGMA foreign_keys")
                    .fetch_one(&mut *connection)
                    .await?;
                Ok((synchronous, foreign_keys))
            }
        }
    }
}
