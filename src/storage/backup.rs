//! Backup and restore of the whole database file, while the shop keeps working.
//!
//! A backup is `VACUUM INTO`: one read transaction copies a consistent snapshot into a new,
//! compact, single file; check-ins go on meanwhile (readers never block the writer in WAL
//! mode). It is written beside its final name and renamed into place once synced, so a
//! backup file is either whole or absent.
//!
//! A restore first checks the file (SQLite's integrity and foreign-key checks, and that it
//! is a Joren database no newer than this program), brings a copy of it up to this
//! program's schema, and then replaces every table's rows in one write transaction of the
//! live database. A running server sees the restored shop at its next query, and nobody
//! ever sees half of it. Everyone is signed out, since the sessions belonged to the data
//! that was replaced.

use sqlx::AssertSqlSafe;
use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Connection, Row, SqliteConnection};

use super::audit::Audit;
use super::sqlite::MIGRATIONS;
use super::{StorageError, Store};
use crate::audit::{AuditAction, AuditDetail};
use crate::backup::{BackupSchedule, BackupStatus, file_name, to_remove};
use crate::shop::{ShopId, TimeZoneName};
use crate::staff::StaffId;

/// Tables a restore leaves alone: the schema's own record, and the sign-ins of now.
const NOT_RESTORED: [&str; 2] = ["_sqlx_migrations", "sessions"];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file name")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(
        "Joren backs up only its SQLite file; a PostgreSQL database is backed up by whoever \
         runs its server (pg_dump, or the host's own backups)"
    )]
    NotSqlite,
}

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{path} cannot be read as a database: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{0} is not a Joren backup (it has no Joren tables)")]
    NotJoren(PathBuf),
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "{path} was made by a newer version of Joren (schema {version}); \
         restore it with that version or a later one"
    )]
    Newer { path: PathBuf, version: i64 },
    #[error("cannot prepare the restore in {path}: {source}")]
    Workspace {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot bring the backup's schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error(
        "a Joren backup file is restored only into SQLite; a PostgreSQL database is restored \
         by whoever runs its server"
    )]
    NotSqlite,
}

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The newest schema migration it has.
    pub schema: i64,
    pub shops: i64,
    pub regulars: i64,
    pub visits: i64,
}

impl Store {
    /// Writes a consistent copy of the whole database to `path`, which must not exist yet.
    /// Returns its size in bytes.
    pub async fn backup_to(&self, path: &Path) -> Result<u64, BackupError> {
        if self.engine != super::Engine::Sqlite {
            return Err(BackupError::NotSqlite);
        }
        if path.exists() {
            return Err(BackupError::Exists(path.to_owned()));
        }
        let write_error = |source| BackupError::Write {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(write_error)?;
        }
        let partial = partial_name(path);
        let _ = std::fs::remove_file(&partial);
        let pool = &self.pool;
        let copied = sqlx::query("VACUUM INTO $1")
            .bind(partial.to_string_lossy().into_owned())
            .execute(pool)
            .await;
        if let Err(error) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(error.into());
        }
        let synced = (|| {
            std::fs::File::open(&partial)?.sync_all()?;
            std::fs::rename(&partial, path)?;
            if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                std::fs::File::open(dir)?.sync_all()?;
            }
            std::fs::metadata(path).map(|meta| meta.len())
        })();
        synced.map_err(|source| {
            let _ = std::fs::remove_file(&partial);
            write_error(source)
        })
    }

    /// Puts the backup at `path` back in place of all of this database's data, after
    /// checking it (see the module's notes). Nothing changes when it is refused.
    pub async fn restore_from(&self, path: &Path) -> Result<BackupSummary, RestoreError> {
        let checked = check_backup(path).await?;
        self.restore_checked(&checked).await
    }

    /// Restores a backup that [`check_backup`] passed.
    pub async fn restore_checked(
        &self,
        checked: &CheckedBackup,
    ) -> Result<BackupSummary, RestoreError> {
        if self.engine != super::Engine::Sqlite {
            return Err(RestoreError::NotSqlite);
        }
        let (path, summary) = (checked.path.as_path(), checked.summary.clone());
        let workspace = tempfile::Builder::new()
            .prefix("joren-restore-")
            .tempdir()
            .map_err(|source| RestoreError::Workspace {
                path: std::env::temp_dir(),
                source,
            })?;
        let copy = workspace.path().join("restored.db");
        std::fs::copy(path, &copy).map_err(|source| RestoreError::Workspace {
            path: copy.clone(),
            source,
        })?;
        {
            let mut connection = SqliteConnection::connect_with(
                &SqliteConnectOptions::new()
                    .filename(&copy)
                    .journal_mode(SqliteJournalMode::Delete),
            )
            .await?;
            MIGRATIONS.run(&mut connection).await?;
            connection.close().await?;
        }

        let pool = &self.pool;
        let _turn = self.write_turn().await;
        let mut connection = pool.acquire().await?;
        sqlx::query("ATTACH DATABASE $1 AS restored")
            .bind(copy.to_string_lossy().into_owned())
            .execute(&mut *connection)
            .await?;
        let replaced = replace_all(&mut connection).await;
        if replaced.is_err() {
            let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
        }
        sqlx::query("DETACH DATABASE restored")
            .execute(&mut *connection)
            .await?;
        replaced?;
        Ok(summary)
    }
}

/// Replaces every table's rows with the attached `restored` database's, in one transaction.
async fn replace_all(connection: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM main.sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )
    .fetch_all(&mut *connection)
    .await?;
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *connection)
        .await?;
    // Rows refer to each other (visits to regulars, regulars to staff…): checked at commit,
    // when every table is whole again.
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *connection)
        .await?;
    for table in tables
        .iter()
        .filter(|t| !NOT_RESTORED.contains(&t.as_str()))
    {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1, 'main') ORDER BY cid")
                .bind(table)
                .fetch_all(&mut *connection)
                .await?;
        let columns = columns
            .iter()
            .map(|column| quoted(column))
            .collect::<Vec<_>>()
            .join(", ");
        let table = quoted(table);
        sqlx::query(AssertSqlSafe(format!("DELETE FROM main.{table}")))
            .execute(&mut *connection)
            .await?;
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO main.{table} ({columns}) SELECT {columns} FROM restored.{table}"
        )))
        .execute(&mut *connection)
        .await?;
    }
    // Everyone signed in before the restore signs in again, against the restored staff.
    sqlx::query("DELETE FROM main.sessions")
        .execute(&mut *connection)
        .await?;
    sqlx::query("COMMIT").execute(&mut *connection).await?;
    Ok(())
}

/// A backup file that passed [`check_backup`], and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBackup {
    path: PathBuf,
    pub summary: BackupSummary,
}

/// Checks that `path` is a whole Joren database that this program can restore.
pub async fn check_backup(path: &Path) -> Result<CheckedBackup, RestoreError> {
    let unreadable = |reason: String| RestoreError::Unreadable {
        path: path.to_owned(),
        reason,
    };
    if !path.is_file() {
        return Err(unreadable("there is no such file".into()));
    }
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    if std::fs::metadata(&log).is_ok_and(|meta| meta.len() > 0) {
        return Err(unreadable(
            "it is a database in use (it has a write-ahead log beside it); \
             make the copy with `joren backup` instead"
                .into(),
        ));
    }
    let mut connection =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path).read_only(true))
            .await
            .map_err(|error| unreadable(error.to_string()))?;
    let checked = check_connection(&mut connection, path).await;
    let _ = connection.close().await;
    Ok(CheckedBackup {
        path: path.to_owned(),
        summary: checked?,
    })
}

async fn check_connection(
    connection: &mut SqliteConnection,
    path: &Path,
) -> Result<BackupSummary, RestoreError> {
    let damaged = |reason: String| RestoreError::Damaged {
        path: path.to_owned(),
        reason,
    };
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *connection)
        .await
        .map_err(|error| RestoreError::Unreadable {
            path: path.to_owned(),
            reason: error.to_string(),
        })?;
    if integrity != ["ok"] {
        return Err(damaged(integrity.join("; ")));
    }
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *connection)
            .await?;
    let has = |name: &str| tables.iter().any(|t| t == name);
    if !(has("_sqlx_migrations") && has("shops") && has("regulars")) {
        return Err(RestoreError::NotJoren(path.to_owned()));
    }
    let broken_links = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *connection)
        .await?;
    if !broken_links.is_empty() {
        return Err(damaged(format!(
            "{} rows refer to rows that are missing",
            broken_links.len()
        )));
    }
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *connection)
            .await?;
    if let Some(unknown) = versions
        .iter()
        .find(|version| !MIGRATIONS.iter().any(|known| known.version == **version))
    {
        return Err(RestoreError::Newer {
            path: path.to_owned(),
            version: *unknown,
        });
    }
    let counts = sqlx::query(
        "SELECT (SELECT count(*) FROM shops), (SELECT count(*) FROM regulars),
                (SELECT count(*) FROM visits)",
    )
    .fetch_one(&mut *connection)
    .await?;
    let (shops, regulars, visits): (i64, i64, i64) =
        (counts.try_get(0)?, counts.try_get(1)?, counts.try_get(2)?);
    Ok(BackupSummary {
        schema: versions.last().copied().unwrap_or(0),
        shops,
        regulars,
        visits,
    })
}

/// Where a backup is written until it is whole.
fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

impl Store {
    /// The owner's daily backup setting, and how the last backup went.
    pub async fn backup_schedule(&self) -> Result<(BackupSchedule, BackupStatus), StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(
            "SELECT enabled, hour, keep, last_at, last_file, last_error
             FROM backup_schedule WHERE id = 1",
        )
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else {
            return Ok(Default::default());
        };
        let corrupt = || StorageError::Corrupt("the backup schedule is out of range".into());
        Ok((
            BackupSchedule {
                enabled: row.try_get::<i64, _>("enabled")? != 0,
                hour: u8::try_from(row.try_get::<i64, _>("hour")?).map_err(|_| corrupt())?,
                keep: u16::try_from(row.try_get::<i64, _>("keep")?).map_err(|_| corrupt())?,
            },
            BackupStatus {
                last_at: row.try_get("last_at")?,
                last_file: row.try_get("last_file")?,
                last_error: row.try_get("last_error")?,
            },
        ))
    }

    /// Changes the daily backup setting; the shop's audit log records who did.
    pub async fn set_backup_schedule(
        &self,
        shop: ShopId,
        schedule: &BackupSchedule,
        by: StaffId,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO backup_schedule (id, enabled, hour, keep) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET enabled = $1, hour = $2, keep = $3",
        )
        .bind(i64::from(schedule.enabled))
        .bind(i64::from(schedule.hour))
        .bind(i64::from(schedule.keep))
        .execute(&mut *tx)
        .await?;
        let detail = if schedule.enabled {
            AuditDetail::DailyBackup {
                hour: schedule.hour,
                keep: u32::from(schedule.keep),
            }
        } else {
            AuditDetail::DailyBackupOff
        };
        Audit {
            shop,
            at: now,
            by: Some(by),
            action: AuditAction::SettingsChanged,
            regular: None,
            detail: &detail,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes a backup in `dir` named after the shop time (see [`crate::backup::file_name`]),
    /// removes the oldest of Joren's backups there beyond the schedule's count, and records
    /// how it went for the owner's settings page.
    ///
    /// One backup is made at a time: the daily one and "back up now" can start in the same
    /// second (the owner turns the daily backup on after its hour, then taps the button), and
    /// two copies under one name would write over each other's file. The second waits for
    /// the first and takes the next free second's name.
    pub async fn backup_into(
        &self,
        dir: &Path,
        zone: &TimeZoneName,
        now: i64,
    ) -> Result<PathBuf, BackupError> {
        static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _turn = ONE_AT_A_TIME.lock().await;
        let (schedule, _) = self.backup_schedule().await?;
        let mut named_at = now;
        let mut path = dir.join(file_name(named_at, zone));
        while path.exists() {
            named_at += 1000 - named_at.rem_euclid(1000);
            path = dir.join(file_name(named_at, zone));
        }
        let made = self.backup_to(&path).await;
        let (file, error) = match &made {
            Ok(_) => (
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
                None,
            ),
            Err(error) => (None, Some(error.to_string())),
        };
        let pool = &self.pool;
        {
            let _turn = self.write_turn().await;
            sqlx::query(
                "UPDATE backup_schedule SET last_at = $1, last_file = $2, last_error = $3
                 WHERE id = 1",
            )
            .bind(now)
            .bind(file)
            .bind(error)
            .execute(pool)
            .await?;
        }
        made?;
        let names: Vec<String> = std::fs::read_dir(dir)
            .map_err(|source| BackupError::Write {
                path: dir.to_owned(),
                source,
            })?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .collect();
        for old in to_remove(&names, schedule.keep) {
            if let Err(error) = std::fs::remove_file(dir.join(&old)) {
                tracing::warn!(file = %old, %error, "cannot remove an old backup");
            }
        }
        Ok(path)
    }
}
