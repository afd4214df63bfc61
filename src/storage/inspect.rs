//! What `joren doctor` reads from the database file: read-only, creating nothing, migrating
//! nothing. Each reading stands on its own, so that a damaged file still tells what it can.

use std::path::Path;

use sqlx::{Connection, Row, SqliteConnection};

use super::upgrade::{SchemaState, connect_read_only, schema_state, wal_path};
use super::{DatabaseUrl, PostgresUrl};
use crate::backup::{BackupSchedule, BackupStatus};

/// What a database file holds, as far as it could be read. A reading that failed holds
/// SQLite's words for why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The database file's size in bytes.
    pub file_bytes: u64,
    /// Its write-ahead log's size in bytes (0 when there is none).
    pub wal_bytes: u64,
    /// Whether the file is in WAL mode (from its header).
    pub wal_mode: bool,
    /// `PRAGMA integrity_check`: `Ok` when it says `ok`, else the first problems it names.
    pub integrity: Result<(), String>,
    /// `PRAGMA foreign_key_check`: how many rows refer to rows that are missing.
    pub broken_references: Result<u64, String>,
    pub schema: Result<SchemaState, String>,
    /// The daily backup setting and how the last one went; `None` at a schema without it.
    pub backups: Result<Option<(BackupSchedule, BackupStatus)>, String>,
    /// The newest time recorded (check-ins and the audit log), Unix ms; `None` when empty.
    pub newest_recorded: Result<Option<i64>, String>,
    /// The first shop's time zone, when there is a shop.
    pub time_zone: Option<String>,
}

/// Why a database file could not be inspected at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InspectError(pub String);

/// How many of the integrity check's lines are kept.
const INTEGRITY_LINES: usize = 3;

/// Reads the database at `url` without changing it. `Ok(None)` when there is no file yet.
pub async fn inspect(url: &DatabaseUrl) -> Result<Option<Inspection>, InspectError> {
    let DatabaseUrl::Sqlite(options) = url else {
        return Err(InspectError(
            "only a SQLite file is read this way; a PostgreSQL server is checked with its own \
             tools"
                .into(),
        ));
    };
    let path = options.get_filename();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(InspectError(error.to_string())),
    };
    if !meta.is_file() {
        return Err(InspectError("it is not a file".into()));
    }
    let wal_mode = header_says_wal(path).map_err(|error| InspectError(error.to_string()))?;
    let wal_bytes = std::fs::metadata(wal_path(path)).map_or(0, |meta| meta.len());
    let mut connection = connect_read_only(path)
        .await
        .map_err(|error| InspectError(words(error)))?;
    let inspection = read(&mut connection, meta.len(), wal_bytes, wal_mode).await;
    let _ = connection.close().await;
    Ok(Some(inspection))
}

async fn read(
    connection: &mut SqliteConnection,
    file_bytes: u64,
    wal_bytes: u64,
    wal_mode: bool,
) -> Inspection {
    let integrity = integrity(connection).await;
    let broken_references = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *connection)
        .await
        .map(|rows| rows.len() as u64)
        .map_err(words);
    let schema = schema_state(connection).await.map_err(words);
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *connection)
            .await
            .unwrap_or_default();
    let has = |name: &str| tables.iter().any(|table| table == name);
    let backups = if has("backup_schedule") {
        backup_schedule(connection).await.map_err(words)
    } else {
        Ok(None)
    };
    let newest_recorded = newest_recorded(connection, has("visits"), has("audit_log"))
        .await
        .map_err(words);
    let time_zone = if has("shops") {
        sqlx::query_scalar("SELECT time_zone FROM shops ORDER BY id LIMIT 1")
            .fetch_optional(&mut *connection)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    Inspection {
        file_bytes,
        wal_bytes,
        wal_mode,
        integrity,
        broken_references,
        schema,
        backups,
        newest_recorded,
        time_zone,
    }
}

async fn integrity(connection: &mut SqliteConnection) -> Result<(), String> {
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *connection)
        .await
        .map_err(words)?;
    if lines == ["ok"] {
        return Ok(());
    }
    // A row may itself hold several problems, one per line ("*** in database main ***\n
    // Tree 10 page 98: …"); `joren doctor` prints one line per check.
    let lines: Vec<&str> = lines
        .iter()
        .flat_map(|row| row.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let mut problems = lines
        .iter()
        .take(INTEGRITY_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    if lines.len() > INTEGRITY_LINES {
        problems.push_str(&format!(" (and {} more)", lines.len() - INTEGRITY_LINES));
    }
    Err(problems)
}

async fn backup_schedule(
    connection: &mut SqliteConnection,
) -> Result<Option<(BackupSchedule, BackupStatus)>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT enabled, hour, keep, last_at, last_file, last_error
         FROM backup_schedule WHERE id = 1",
    )
    .fetch_optional(&mut *connection)
    .await?
    else {
        return Ok(Some(Default::default()));
    };
    Ok(Some((
        BackupSchedule {
            enabled: row.try_get("enabled")?,
            hour: u8::try_from(row.try_get::<i64, _>("hour")?).unwrap_or(u8::MAX),
            keep: u16::try_from(row.try_get::<i64, _>("keep")?).unwrap_or(u16::MAX),
        },
        BackupStatus {
            last_at: row.try_get("last_at")?,
            last_file: row.try_get("last_file")?,
            last_error: row.try_get("last_error")?,
        },
    )))
}

/// The newest check-in or audit entry of any shop. Per shop, each is the last entry of an
/// index, so it reads a few pages even with millions of visits.
async fn newest_recorded(
    connection: &mut SqliteConnection,
    visits: bool,
    audit: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let mut newest = None;
    if visits {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT max((SELECT max(checked_in_at) FROM visits WHERE shop_id = shops.id))
             FROM shops",
        )
        .fetch_one(&mut *connection)
        .await?;
        newest = newest.max(at);
    }
    if audit {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT max((SELECT max(at) FROM audit_log WHERE shop_id = shops.id)) FROM shops",
        )
        .fetch_one(&mut *connection)
        .await?;
        newest = newest.max(at);
    }
    Ok(newest)
}

/// SQLite's own words for what went wrong, without sqlx's preamble.
fn words(error: sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(error) => error.message().to_owned(),
        other => other.to_string(),
    }
}

/// Whether the file's header marks it as in WAL mode (bytes 18 and 19 are 2).
fn header_says_wal(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 20];
    match std::fs::File::open(path)?.read_exact(&mut header) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
        Err(error) => return Err(error),
    }
    Ok(header.starts_with(b"SQLite format 3\0") && header[18] == 2 && header[19] == 2)
}

/// Reads where a PostgreSQL database's schema stands, changing nothing: for `joren doctor`.
pub async fn inspect_postgres(url: &PostgresUrl) -> Result<SchemaState, InspectError> {
    use sqlx::PgConnection;
    let mut connection = PgConnection::connect(url.secret())
        .await
        .map_err(|error| InspectError(words(error)))?;
    let read = async {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
        )
        .fetch_one(&mut connection)
        .await?;
        if has_table == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut connection)
            .await
    }
    .await;
    let _ = connection.close().await;
    let applied: Vec<i64> = read.map_err(|error| InspectError(words(error)))?;
    let known: Vec<i64> = super::postgres::MIGRATIONS
        .iter()
        .map(|migration| migration.version)
        .collect();
    Ok(SchemaState::of(&applied, &known))
}
