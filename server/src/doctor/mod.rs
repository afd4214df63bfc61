//! `joren doctor`: checks the installation and says what to fix, changing nothing. The
//! database is only read (see `joren::storage::inspect`); the one thing written is a
//! temporary file in the data folder, to see that it can be, removed at once.
//!
//! One line per check: `✓`, `!` (a warning) or `✗` (a failure), its name and what was found,
//! and for a warning or failure a second line, `  → `, saying what to do.

pub mod rules;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use joren::backup::{BackupSchedule, BackupStatus, is_backup_file};
use joren::storage::{
    DatabaseUrl, Inspection, PostgresUrl, SchemaState, StorageError, inspect, inspect_postgres,
    now_millis,
};

use crate::config::Config;
use rules::{BackupConcern, Level, size, span};

/// What one check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub level: Level,
    pub name: &'static str,
    pub found: String,
    /// What to do; every warning and failure has it.
    pub todo: Option<String>,
}

impl Check {
    fn ok(name: &'static str, found: impl Into<String>) -> Self {
        Self {
            level: Level::Ok,
            name,
            found: found.into(),
            todo: None,
        }
    }

    fn with(
        level: Level,
        name: &'static str,
        found: impl Into<String>,
        todo: impl Into<String>,
    ) -> Self {
        let todo = (level != Level::Ok).then(|| todo.into());
        Self {
            level,
            name,
            found: found.into(),
            todo,
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:<9} {}", self.level.symbol(), self.name, self.found)?;
        if let Some(todo) = &self.todo {
            write!(f, "\n  → {todo}")?;
        }
        Ok(())
    }
}

/// The exit status: 1 when a check failed, 0 otherwise (warnings allowed).
pub fn exit_code(checks: &[Check]) -> u8 {
    u8::from(checks.iter().any(|check| check.level == Level::Failure))
}

/// Runs every check, in the order they are printed.
pub async fn run(config: &Config) -> Vec<Check> {
    let database = match &config.database_url {
        DatabaseUrl::Sqlite(options) => options.get_filename().to_owned(),
        DatabaseUrl::Postgres(url) => return postgres(config, url).await,
    };
    let folder = match database.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut checks = vec![settings(config, &database.display().to_string())];
    checks.extend(https(config));
    checks.push(data_folder(&folder));
    let now = now_millis();
    let inspection = match inspect(&config.database_url).await {
        Ok(Some(inspection)) => Some(inspection),
        Ok(None) => {
            checks.push(Check::ok(
                "database",
                format!(
                    "{}: not created yet — it is made on first start",
                    database.display()
                ),
            ));
            None
        }
        Err(error) => {
            checks.push(Check::with(
                Level::Failure,
                "database",
                format!("{}: cannot be read: {error}", database.display()),
                restore_advice(config, &database),
            ));
            None
        }
    };
    if let Some(inspection) = &inspection {
        checks.push(database_file(config, &database, inspection));
        checks.push(write_ahead_log(&database, inspection));
        checks.push(schema(config, &database, inspection));
        checks.push(backups(config, inspection, now));
    }
    checks.push(clock(now, inspection.as_ref(), ntp_synchronized()));
    checks
}

/// The checks for a PostgreSQL database: it belongs to whoever runs the server (its files,
/// its backups), so the doctor only reaches it and reads where its schema stands.
async fn postgres(config: &Config, url: &PostgresUrl) -> Vec<Check> {
    let mut checks = vec![settings(config, &url.to_string())];
    checks.extend(https(config));
    checks.push(match inspect_postgres(url).await {
        Err(error) => Check::with(
            Level::Failure,
            "database",
            format!("PostgreSQL {url} cannot be reached: {error}"),
            "check that the server runs, that this machine may connect to it, and the user, \
             password and database name in JOREN_DATABASE_URL",
        ),
        Ok(SchemaState::Newer { version, newest }) => Check::with(
            Level::Failure,
            "database",
            format!(
                "PostgreSQL {url}: schema {version} is newer than this version's newest, {newest}"
            ),
            "install the newer Joren that used it on every app server",
        ),
        Ok(SchemaState::Fresh) => Check::ok(
            "database",
            format!("PostgreSQL {url}: reachable, empty — the schema is made on first start"),
        ),
        Ok(SchemaState::Older { version, newest }) => Check::ok(
            "database",
            format!(
                "PostgreSQL {url}: reachable, schema {version}, brought up to {newest} at the \
                 next start (back it up first with the server's own tools)"
            ),
        ),
        Ok(SchemaState::UpToDate { version }) => Check::ok(
            "database",
            format!("PostgreSQL {url}: reachable, schema {version}, up to date"),
        ),
    });
    checks.push(Check::ok(
        "backups",
        "made by whoever runs the PostgreSQL server (pg_dump or the host's backups), not by Joren",
    ));
    checks.push(clock(now_millis(), None, ntp_synchronized()));
    checks
}

fn restore_advice(config: &Config, database: &Path) -> String {
    format!(
        "stop Joren, move {} and its -wal and -shm files aside, then put the newest good \
         backup back: joren restore {}/joren-….db",
        database.display(),
        config.backup_dir.display()
    )
}

fn settings(config: &Config, database: &str) -> Check {
    let found = match &config.database_url {
        DatabaseUrl::Sqlite(_) => format!(
            "serving on {}, database {database}, backups in {}",
            config.addr,
            config.backup_dir.display()
        ),
        DatabaseUrl::Postgres(_) => format!("serving on {}, database {database}", config.addr),
    };
    let interfaces = local_ip_address::list_afinet_netifas().unwrap_or_default();
    let tablet = crate::announce::tablet_urls(config.addr, config.tls.is_some(), &interfaces);
    let found = match tablet.first() {
        Some(url) => format!("{found}; the tablet opens {url}"),
        None => found,
    };
    match rules::address(config.addr) {
        Level::Ok => Check::ok("settings", found),
        level => Check::with(
            level,
            "settings",
            format!("{found}; tablets cannot reach {}", config.addr.ip()),
            format!(
                "use --addr 0.0.0.0:{} (JOREN_ADDR) so that the shop's tablets can",
                config.addr.port()
            ),
        ),
    }
}

/// With https configured: whether the certificate and key load, and fit each other.
fn https(config: &Config) -> Option<Check> {
    const NAME: &str = "https";
    let files = config.tls.as_ref()?;
    Some(match crate::tls::load(files) {
        Ok(_) => Check::ok(
            NAME,
            format!(
                "certificate {} and key {} fit each other",
                files.cert.display(),
                files.key.display()
            ),
        ),
        Err(error) => Check::with(
            Level::Failure,
            NAME,
            error.to_string(),
            "give --tls-cert (JOREN_TLS_CERT) the certificate chain and --tls-key \
             (JOREN_TLS_KEY) its own key, both PEM files readable by the user Joren runs as",
        ),
    })
}

/// The data folder: there (or made at the first start), a folder, writable, with room.
fn data_folder(folder: &Path) -> Check {
    const NAME: &str = "folder";
    let (existing, note) = match std::fs::metadata(folder) {
        Ok(meta) if !meta.is_dir() => {
            return Check::with(
                Level::Failure,
                NAME,
                format!("{} is a file, not a folder", folder.display()),
                "move that file away, or give --database-url a path in another folder",
            );
        }
        Ok(_) => (folder.to_owned(), String::new()),
        Err(_) => {
            let existing = folder
                .ancestors()
                .skip(1)
                .find(|dir| dir.is_dir())
                .map_or_else(|| PathBuf::from("."), Path::to_owned);
            let note = format!(
                "{}: not made yet (it is made on first start); {}: ",
                folder.display(),
                existing.display()
            );
            (existing, note)
        }
    };
    let shown = if note.is_empty() {
        format!("{}: ", folder.display())
    } else {
        note
    };
    if let Err(error) = try_writing(&existing) {
        return Check::with(
            Level::Failure,
            NAME,
            format!("{shown}cannot write: {error}"),
            format!(
                "give the user Joren runs as write access to {}",
                existing.display()
            ),
        );
    }
    match fs4::available_space(&existing) {
        Ok(free) => {
            let level = rules::free_space(free);
            let todo = if level == Level::Failure {
                "free space now: with under 100 MB a check-in may fail to be saved"
            } else {
                "free some space, or move the data to a larger disk: the database and its \
                 backups grow"
            };
            Check::with(
                level,
                NAME,
                format!("{shown}writable, {} free", size(free)),
                todo,
            )
        }
        Err(error) => Check::with(
            Level::Warning,
            NAME,
            format!("{shown}writable; the free space cannot be read: {error}"),
            "look at the free space yourself: df -h",
        ),
    }
}

/// Writes and removes a temporary file in `dir`.
fn try_writing(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".joren-doctor-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut file| file.write_all(b"joren doctor"));
    let removed = std::fs::remove_file(&probe);
    written.and(removed)
}

fn database_file(config: &Config, database: &Path, found: &Inspection) -> Check {
    const NAME: &str = "database";
    let head = format!("{}, {}", database.display(), size(found.file_bytes));
    if let Err(problems) = &found.integrity {
        return Check::with(
            Level::Failure,
            NAME,
            format!("{head}: damaged (integrity check: {problems})"),
            restore_advice(config, database),
        );
    }
    match &found.broken_references {
        Ok(0) => {}
        Ok(n) => {
            return Check::with(
                Level::Failure,
                NAME,
                format!("{head}: {n} rows refer to rows that are missing (foreign key check)"),
                restore_advice(config, database),
            );
        }
        Err(error) => {
            return Check::with(
                Level::Failure,
                NAME,
                format!("{head}: the foreign key check could not run: {error}"),
                restore_advice(config, database),
            );
        }
    }
    let found_text = format!("{head}: integrity ok, no broken references");
    if found.wal_mode {
        Check::ok(NAME, format!("{found_text}, WAL mode"))
    } else {
        Check::with(
            Level::Warning,
            NAME,
            format!("{found_text}, not in WAL mode"),
            "start Joren once: it puts the database in WAL mode, so that the register never \
             waits for a check-in being saved",
        )
    }
}

fn write_ahead_log(database: &Path, found: &Inspection) -> Check {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    let log = PathBuf::from(name);
    let level = rules::write_ahead_log(found.wal_bytes);
    let found_text = match (found.wal_bytes, level) {
        (0, _) => format!("{}: none or empty", log.display()),
        (bytes, Level::Ok) => format!("{}: {}", log.display(), size(bytes)),
        (bytes, _) => format!(
            "{}: {}, over {}: it is not being emptied",
            log.display(),
            size(bytes),
            size(rules::WAL_LARGE)
        ),
    };
    Check::with(
        level,
        "log",
        found_text,
        "something holds the database open and keeps the log from being emptied (a backup \
         that never ends, a sqlite3 shell, a stuck process): close it, or restart Joren",
    )
}

fn schema(config: &Config, database: &Path, found: &Inspection) -> Check {
    const NAME: &str = "schema";
    match found.schema {
        Ok(SchemaState::Fresh) => Check::ok(NAME, "none yet: it is made on first start"),
        Ok(SchemaState::UpToDate { version }) => Check::ok(NAME, format!("up to date ({version})")),
        Ok(SchemaState::Older { version, newest }) => Check::ok(
            NAME,
            format!(
                "{version}, older than this version's {newest}: it will be upgraded at the \
                 next start, after a backup into {}",
                config.backup_dir.display()
            ),
        ),
        Ok(state @ SchemaState::Newer { version, newest }) => Check::with(
            rules::schema(state),
            NAME,
            StorageError::NewerSchema { version, newest }.to_string(),
            "install the newer Joren again; or, with this one, `joren restore` a backup that \
             this version made",
        ),
        Err(ref error) => Check::with(
            Level::Failure,
            NAME,
            format!("cannot be read: {error}"),
            restore_advice(config, database),
        ),
    }
}

fn backups(config: &Config, found: &Inspection, now: i64) -> Check {
    const NAME: &str = "backups";
    let dir = &config.backup_dir;
    let folder = match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Check::with(
                Level::Failure,
                NAME,
                format!("{} is a file, not a folder", dir.display()),
                "move that file away, or choose another folder with --backup-dir \
                 (JOREN_BACKUP_DIR): backups, and upgrades, need it",
            );
        }
        Ok(_) => {
            if let Err(error) = try_writing(dir) {
                return Check::with(
                    Level::Warning,
                    NAME,
                    format!("{} cannot be written: {error}", dir.display()),
                    "give the user Joren runs as write access to it, or choose another folder \
                     with --backup-dir (JOREN_BACKUP_DIR): the daily backups, and the backup \
                     made before an upgrade, are written there",
                );
            }
            let ours = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                        .filter(|name| is_backup_file(name))
                        .count()
                })
                .unwrap_or(0);
            match ours {
                0 => format!("{} (no daily backup in it yet)", dir.display()),
                1 => format!("{} (1 daily backup in it)", dir.display()),
                n => format!("{} ({n} daily backups in it)", dir.display()),
            }
        }
        Err(_) => format!(
            "{} (not there yet: made at the first backup)",
            dir.display()
        ),
    };
    let (schedule, status) = match &found.backups {
        Ok(Some(setting)) => setting.clone(),
        Ok(None) => {
            return Check::with(
                Level::Warning,
                NAME,
                format!("{folder}; this schema has no daily backup yet"),
                "start this version (it upgrades the database), then turn the daily backup on \
                 in the settings",
            );
        }
        Err(error) => {
            return Check::with(
                Level::Warning,
                NAME,
                format!("{folder}; the backup setting cannot be read: {error}"),
                "run `joren backup FILE` by hand until this is fixed",
            );
        }
    };
    let concern = rules::backups(&schedule, &status, now);
    let zone = found.time_zone.as_deref();
    Check::with(
        rules::backup_level(concern.as_ref()),
        NAME,
        format!(
            "{folder}; {}",
            backup_state(&schedule, &status, concern.as_ref(), zone)
        ),
        backup_todo(&schedule, concern.as_ref()),
    )
}

fn backup_state(
    schedule: &BackupSchedule,
    status: &BackupStatus,
    concern: Option<&BackupConcern>,
    zone: Option<&str>,
) -> String {
    let plan = if schedule.enabled {
        format!("daily at {}:00, {} kept", schedule.hour, schedule.keep)
    } else {
        "daily backups are off".to_owned()
    };
    let last = match (status.last_at, &status.last_file, &status.last_error) {
        (None, _, _) => "none made yet".to_owned(),
        (Some(at), _, Some(error)) if status.last_file.is_none() => {
            format!("the last one failed at {}: {error}", shown_time(at, zone))
        }
        (Some(at), file, _) => format!(
            "the last at {}{}",
            shown_time(at, zone),
            file.as_deref()
                .map(|file| format!(" ({file})"))
                .unwrap_or_default()
        ),
    };
    match concern {
        Some(BackupConcern::Old(age)) => format!("{plan}; {last}, {} ago", span(*age)),
        _ => format!("{plan}; {last}"),
    }
}

fn backup_todo(schedule: &BackupSchedule, concern: Option<&BackupConcern>) -> String {
    match concern {
        None => String::new(),
        Some(BackupConcern::Off) => "turn the daily backup on in the settings (the owner's \
             data care section), or run `joren backup FILE` yourself"
            .to_owned(),
        Some(BackupConcern::NoneYet) => format!(
            "the first is made after {}:00 shop time while Joren runs; or run `joren backup \
             FILE` now",
            schedule.hour
        ),
        Some(BackupConcern::Failed) => "fix what the error names (a full or unplugged disk, a \
             folder that cannot be written); it is tried again an hour later"
            .to_owned(),
        Some(BackupConcern::Old(_)) => format!(
            "is Joren running at {}:00 shop time? Look in its log (journalctl -u joren) for \
             \"the daily backup failed\"",
            schedule.hour
        ),
    }
}

fn clock(now: i64, found: Option<&Inspection>, synchronized: Option<String>) -> Check {
    const NAME: &str = "clock";
    let zone = found.and_then(|found| found.time_zone.as_deref());
    let newest = found.and_then(|found| found.newest_recorded.clone().ok().flatten());
    let mut text = format!("now {}", shown_time(now, zone));
    if let Some(newest) = newest {
        text.push_str(&format!(
            ", the newest time in the database {}",
            shown_time(newest, zone)
        ));
    }
    match synchronized.as_deref().map(str::trim) {
        Some("yes") => text.push_str("; synchronized (NTP)"),
        Some("no") => text.push_str("; not synchronized (NTP)"),
        _ => {}
    }
    if rules::clock(now, newest) == Level::Failure {
        let behind = newest.unwrap_or(now) - now;
        return Check::with(
            Level::Failure,
            NAME,
            format!("{text}: the clock is {} behind", span(behind)),
            "set the clock before Joren runs (give the box network so that it sets itself, or \
             sudo timedatectl set-time 'YYYY-MM-DD HH:MM:SS'); a Raspberry Pi has no battery \
             clock and starts where it stopped",
        );
    }
    Check::with(
        rules::time_sync(synchronized.as_deref()),
        NAME,
        text,
        "turn time synchronization on (sudo timedatectl set-ntp true) and give the box \
         network",
    )
}

/// `timedatectl show -p NTPSynchronized --value`; `None` when there is no timedatectl, or it
/// cannot answer (no systemd).
fn ntp_synchronized() -> Option<String> {
    let output = std::process::Command::new("timedatectl")
        .args(["show", "-p", "NTPSynchronized", "--value"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|answer| !answer.is_empty())
}

/// A time in the shop's zone (UTC when the database names none).
fn shown_time(millis: i64, zone: Option<&str>) -> String {
    let zone = zone
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_millisecond(millis) {
        Ok(at) => at
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => format!("{millis} ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_prints_its_line_and_what_to_do() {
        let ok = Check::ok("schema", "up to date (20261126000002)");
        assert_eq!(ok.to_string(), "✓ schema    up to date (20261126000002)");
        let warning = Check::with(
            Level::Warning,
            "settings",
            "serving on 127.0.0.1:3000",
            "use --addr 0.0.0.0:3000",
        );
        assert_eq!(
            warning.to_string(),
            "! settings  serving on 127.0.0.1:3000\n  → use --addr 0.0.0.0:3000"
        );
        assert_eq!(
            Check::with(Level::Ok, "clock", "now", "never shown").todo,
            None
        );
    }

    #[test]
    fn only_a_failure_makes_the_exit_status_one() {
        let warning = Check::with(Level::Warning, "folder", "1 GB", "free some");
        assert_eq!(exit_code(&[Check::ok("folder", "x"), warning.clone()]), 0);
        let failure = Check::with(Level::Failure, "database", "damaged", "restore");
        assert_eq!(exit_code(&[warning, failure]), 1);
    }

    #[test]
    fn a_clock_behind_the_database_names_by_how_much() {
        let found = Inspection {
            file_bytes: 0,
            wal_bytes: 0,
            wal_mode: true,
            integrity: Ok(()),
            broken_references: Ok(0),
            schema: Ok(SchemaState::Fresh),
            backups: Ok(None),
            newest_recorded: Ok(Some(1_795_600_000_000)),
            time_zone: Some("Asia/Tokyo".into()),
        };
        let check = clock(1_795_600_000_000 - 3 * 86_400_000, Some(&found), None);
        assert_eq!(check.level, Level::Failure);
        assert!(check.found.contains("3 days behind"), "{}", check.found);
        assert!(check.found.contains("JST"), "{}", check.found);
        let check = clock(1_795_600_000_000, Some(&found), Some("no".into()));
        assert_eq!(check.level, Level::Warning);
        assert!(check.todo.unwrap().contains("set-ntp true"));
    }
}
