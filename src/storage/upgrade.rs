//! Opening a database that an older or a newer Joren used.
//!
//! A database whose schema has migrations this program does not know was last used by a
//! newer Joren: it is refused before anything is written (it is read through a read-only
//! connection first). A database at an older schema is first copied into the backup folder
//! (`before-upgrade-<schema>-<time>.db`, with the same `VACUUM INTO` as every backup), then
//! migrated; when that copy cannot be made, it is not migrated. A new file, or one that is
//! up to date, is opened without a copy.

use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::sqlite::MIGRATIONS;
use super::{Engine, StorageError, Store};

/// Where a database's schema stands against this program's migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// No Joren schema yet: a new or empty file.
    Fresh,
    /// Every migration this program knows is applied; `version` is the newest.
    UpToDate { version: i64 },
    /// At `version`, older than this program's `newest`: it is upgraded at the next start.
    Older { version: i64, newest: i64 },
    /// It has a migration (`version`, the newest it has) that this program does not know.
    Newer { version: i64, newest: i64 },
}

impl SchemaState {
    /// The state of a database whose applied migrations are `applied`, for a program that
    /// knows the migrations `known`.
    pub fn of(applied: &[i64], known: &[i64]) -> Self {
        let newest = known.iter().copied().max().unwrap_or(0);
        let Some(version) = applied.iter().copied().max() else {
            return Self::Fresh;
        };
        if let Some(unknown) = applied
            .iter()
            .copied()
            .filter(|version| !known.contains(version))
            .max()
        {
            return Self::Newer {
                version: unknown,
                newest,
            };
        }
        if known.iter().all(|version| applied.contains(version)) {
            Self::UpToDate { version }
        } else {
            Self::Older { version, newest }
        }
    }
}

/// The newest schema this program knows.
pub fn newest_schema() -> i64 {
    MIGRATIONS
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0)
}

/// Reads where the schema of the database behind `connection` stands.
pub(super) async fn schema_state(
    connection: &mut SqliteConnection,
) -> Result<SchemaState, sqlx::Error> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master
                        WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *connection)
    .await?;
    if !has_table {
        return Ok(SchemaState::Fresh);
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *connection)
            .await?;
    let known: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
    Ok(SchemaState::of(&applied, &known))
}

/// Opens the file at `path` for reading only, without writing anything beside it. When no
/// write-ahead log is beside it, no process has it open (the last one to close removes the
/// log), and it is read as immutable: an ordinary read-only connection to a database in WAL
/// mode would create the `-wal` and `-shm` files and leave them. With a log there, it is read
/// the ordinary read-only way, which takes the log's committed pages into account.
pub(super) async fn connect_read_only(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .immutable(!wal_path(path).exists());
    SqliteConnection::connect_with(&options).await
}

/// The write-ahead log beside a database file.
pub(super) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Refuses a database that a newer Joren used, reading it without writing anything.
pub(super) async fn refuse_newer(path: &Path, url: &str) -> Result<(), StorageError> {
    if !std::fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() > 0) {
        return Ok(());
    }
    let connect = |source| StorageError::Connect {
        url: url.to_owned(),
        source,
    };
    let mut connection = connect_read_only(path).await.map_err(connect)?;
    let state = schema_state(&mut connection).await;
    let _ = connection.close().await;
    match state.map_err(connect)? {
        SchemaState::Newer { version, newest } => {
            Err(StorageError::NewerSchema { version, newest })
        }
        _ => Ok(()),
    }
}

impl Store {
    /// The migrations of this store's engine.
    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.engine {
            Engine::Sqlite => &MIGRATIONS,
            Engine::Postgres => &super::postgres::MIGRATIONS,
        }
    }

    /// Where the schema of this store's database stands.
    async fn schema_state(&self) -> Result<SchemaState, sqlx::Error> {
        let has_table = match self.engine {
            Engine::Sqlite => {
                "SELECT count(*) FROM sqlite_master
                 WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Engine::Postgres => {
                "SELECT count(*) FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let has_table: i64 = sqlx::query_scalar(has_table).fetch_one(&self.pool).await?;
        if has_table == 0 {
            return Ok(SchemaState::Fresh);
        }
        let applied: Vec<i64> = sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await?;
        let known: Vec<i64> = self.migrator().iter().map(|m| m.version).collect();
        Ok(SchemaState::of(&applied, &known))
    }

    /// Brings the schema up to date, after a backup into `backup_dir` when there is one and
    /// the database already holds an older schema (SQLite; a PostgreSQL server is backed up
    /// by whoever runs it).
    pub(super) async fn upgrade(&self, backup_dir: Option<&Path>) -> Result<(), StorageError> {
        let state = self.schema_state().await?;
        let backup_dir = backup_dir.filter(|_| self.engine == Engine::Sqlite);
        match state {
            SchemaState::Newer { version, newest } => {
                return Err(StorageError::NewerSchema { version, newest });
            }
            SchemaState::Older { version, .. } => {
                if let Some(dir) = backup_dir {
                    let path = dir.join(self.upgrade_backup_name(version).await);
                    self.backup_to(&path)
                        .await
                        .map_err(|error| StorageError::UpgradeBackup {
                            dir: dir.to_owned(),
                            reason: error.to_string(),
                        })?;
                    tracing::info!(
                        file = %path.display(),
                        from = version,
                        to = newest_schema(),
                        "backed up before the schema upgrade"
                    );
                }
            }
            SchemaState::Fresh | SchemaState::UpToDate { .. } => {}
        }
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// `before-upgrade-<schema>-<YYYY-MM-DD-HHMMSS>.db`, in the first shop's time (UTC when
    /// the database cannot say). Unlike the daily backups' names, so that their count never
    /// removes it.
    async fn upgrade_backup_name(&self, from: i64) -> String {
        let pool = &self.pool;
        let zone: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM shops ORDER BY id LIMIT 1")
                .fetch_optional(pool)
                .await
                .ok()
                .flatten();
        let zone = zone
            .and_then(|name| jiff::tz::TimeZone::get(&name).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let now = jiff::Timestamp::from_millisecond(super::now_millis())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(zone);
        format!(
            "before-upgrade-{from}-{}.db",
            now.strftime("%Y-%m-%d-%H%M%S")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::SchemaState;

    const KNOWN: [i64; 3] = [1, 2, 3];

    #[test]
    fn where_a_schema_stands() {
        assert_eq!(SchemaState::of(&[], &KNOWN), SchemaState::Fresh);
        assert_eq!(
            SchemaState::of(&[1, 2, 3], &KNOWN),
            SchemaState::UpToDate { version: 3 }
        );
        assert_eq!(
            SchemaState::of(&[1], &KNOWN),
            SchemaState::Older {
                version: 1,
                newest: 3
            }
        );
        assert_eq!(
            SchemaState::of(&[1, 2, 3, 4, 9], &KNOWN),
            SchemaState::Newer {
                version: 9,
                newest: 3
            }
        );
        assert_eq!(
            SchemaState::of(&[1, 7], &KNOWN),
            SchemaState::Newer {
                version: 7,
                newest: 3
            },
            "a migration this program does not know, even among older ones"
        );
    }
}
