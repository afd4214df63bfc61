//! The embedded engine: one SQLite file in WAL mode.

use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{StorageError, StoreOptions};

pub(super) static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Opens the file (creating it when new); the schema is brought up to date by
/// `Store::upgrade`.
pub(super) async fn open(
    options: &SqliteConnectOptions,
    store: &StoreOptions,
) -> Result<SqlitePool, StorageError> {
    let path = options.get_filename().to_owned();
    let url = format!("sqlite://{}", path.display());
    // Before anything is created or written: a database a newer Joren used stays as it is.
    super::upgrade::refuse_newer(&path, &url).await?;
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StorageError::CreateDataDir {
            path: dir.to_owned(),
            source,
        })?;
    }
    let options = options
        .clone()
        .create_if_missing(true)
        // WAL: readers never wait for the writer, so the register stays quick while a
        // check-in commits.
        .journal_mode(SqliteJournalMode::Wal)
        // FULL, not NORMAL: a check-in the screen confirmed must survive a power cut, not
        // only a crash of the process.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Deleted and overwritten values are overwritten with zeros in the file, not merely
        // unlinked: an erased regular's data must not linger in free space.
        .pragma("secure_delete", "ON")
        // Two tablets writing at once wait for each other instead of failing.
        .busy_timeout(Duration::from_secs(5))
        // Read the file through memory mapping (up to 256 MiB, address space only) rather
        // than a system call and a copy per page: lists and suggestions read hundreds of
        // scattered pages. Writes still go through the WAL as before.
        .pragma("mmap_size", "268435456");
    let pool = SqlitePoolOptions::new()
        .max_connections(store.max_connections.max(1))
        .connect_with(options)
        .await
        .map_err(|source| StorageError::Connect { url, source })?;
    tracing::info!(path = %path.display(), "SQLite database open");
    Ok(pool)
}
