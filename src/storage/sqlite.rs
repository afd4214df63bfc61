//! The embedded engine: one SQLite file in WAL mode.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, Executor};

use super::{StorageError, StoreOptions};

pub(super) static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// What every connection sets before its first query.
const PRAGMAS: &str = "
    -- WAL: readers never wait for the writer, so the register stays quick while a check-in
    -- commits.
    PRAGMA journal_mode = WAL;
    -- FULL, not NORMAL: a check-in the screen confirmed must survive a power cut, not only a
    -- crash of the process.
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    -- Deleted and overwritten values are overwritten with zeros in the file, not merely
    -- unlinked: an erased regular's data must not linger in free space.
    PRAGMA secure_delete = ON;
    -- Two tablets writing at once wait for each other (up to 5 s) instead of failing.
    PRAGMA busy_timeout = 5000;
    -- Read the file with system calls into SQLite's own page cache, not through a memory
    -- map: each connection mapped the file for itself, so every page read counted once per
    -- connection in the server's memory (up to 96 MB of a 150 MB peak under the insights),
    -- and the time it saved did not show in the benchmark.
    PRAGMA mmap_size = 0;
    -- The WAL is copied into the database file by a task of its own (below), never by the
    -- commit that happens to fill it: that commit, and every check-in queued behind it, would
    -- wait for the copy and its sync.
    PRAGMA wal_autocheckpoint = 0;
";

/// How often the WAL is copied into the database file. At a thousand check-ins a second
/// that is a few megabytes each time; when nothing was written it is a look at the WAL's
/// header.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Opens the file (creating it when new); the schema is brought up to date by
/// `Store::upgrade`.
pub(super) async fn open(
    options: &SqliteConnectOptions,
    store: &StoreOptions,
) -> Result<AnyPool, StorageError> {
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
    let connect = |source| StorageError::Connect {
        url: url.clone(),
        source,
    };
    let any_url = format!("sqlite://{}?mode=rwc", url_path(&path));
    let any_options: AnyConnectOptions = any_url.parse().map_err(connect)?;
    let pool = AnyPoolOptions::new()
        .max_connections(store.max_connections.max(1))
        .acquire_timeout(store.acquire_timeout)
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection.execute(PRAGMAS).await?;
                Ok(())
            })
        })
        .connect_with(any_options)
        .await
        .map_err(connect)?;
    tracing::info!(path = %path.display(), "SQLite database open");
    tokio::spawn(checkpoint_in_the_background(pool.clone()));
    Ok(pool)
}

/// Copies what the WAL holds into the database file every [`CHECKPOINT_EVERY`], beside the
/// writers rather than in their way (a passive checkpoint waits for no one and no one waits
/// for it), until the pool is closed. SQLite's own checkpoint at a commit is off
/// (`wal_autocheckpoint = 0`); the last connection to close still checkpoints as always.
async fn checkpoint_in_the_background(pool: AnyPool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                return;
            }
            // The next turn tries again.
            tracing::warn!(%error, "cannot copy the WAL into the database file");
        }
    }
}

/// The file's path as a URL's path: the characters a URL gives a meaning to are escaped
/// (sqlx decodes them again).
fn url_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_with_url_characters_are_escaped() {
        assert_eq!(
            super::url_path(std::path::Path::new("/srv/café 1/a?b#c%d.db")),
            "/srv/café%201/a%3Fb%23c%25d.db"
        );
    }
}
