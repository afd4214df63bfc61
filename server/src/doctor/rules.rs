//! How serious each thing `joren doctor` measures is: pure functions of the facts.

use std::net::SocketAddr;

use joren::backup::{BackupSchedule, BackupStatus};
use joren::storage::SchemaState;

/// How a check came out, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warning,
    Failure,
}

impl Level {
    pub fn symbol(self) -> char {
        match self {
            Self::Ok => '✓',
            Self::Warning => '!',
            Self::Failure => '✗',
        }
    }
}

pub const MB: u64 = 1 << 20;
pub const GB: u64 = 1 << 30;

/// Free space under this is a warning: the database and its backups grow.
pub const FREE_SPACE_LOW: u64 = GB;
/// Free space under this is a failure: a check-in may soon fail to be saved.
pub const FREE_SPACE_CRITICAL: u64 = 100 * MB;

pub fn free_space(available: u64) -> Level {
    if available < FREE_SPACE_CRITICAL {
        Level::Failure
    } else if available < FREE_SPACE_LOW {
        Level::Warning
    } else {
        Level::Ok
    }
}

/// A write-ahead log larger than this is not being emptied: something holds the database
/// open (a checkpoint cannot pass a reader that never ends).
pub const WAL_LARGE: u64 = 64 * MB;

pub fn write_ahead_log(bytes: u64) -> Level {
    if bytes > WAL_LARGE {
        Level::Warning
    } else {
        Level::Ok
    }
}

/// How far the clock may be behind the newest recorded time before it is a failure.
pub const CLOCK_TOLERANCE_MILLIS: i64 = 5 * 60 * 1000;

/// `now` against the newest time the database recorded: a clock that went back (a box
/// without a battery clock, started without network) would file new visits before old ones.
pub fn clock(now: i64, newest_recorded: Option<i64>) -> Level {
    match newest_recorded {
        Some(newest) if now < newest.saturating_sub(CLOCK_TOLERANCE_MILLIS) => Level::Failure,
        _ => Level::Ok,
    }
}

/// What `timedatectl show -p NTPSynchronized --value` answered; `None` when it could not be
/// asked (no timedatectl, no systemd), which is not a problem of its own.
pub fn time_sync(answer: Option<&str>) -> Level {
    match answer.map(str::trim) {
        Some("no") => Level::Warning,
        _ => Level::Ok,
    }
}

/// The newest backup may be this old before it is a warning.
pub const BACKUP_MAX_AGE_MILLIS: i64 = 2 * 24 * 60 * 60 * 1000;

/// Why the daily backups need a look, if they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupConcern {
    Off,
    NoneYet,
    Failed,
    /// The last one is older than two days, by this much (ms).
    Old(i64),
}

pub fn backups(
    schedule: &BackupSchedule,
    status: &BackupStatus,
    now: i64,
) -> Option<BackupConcern> {
    if !schedule.enabled {
        return Some(BackupConcern::Off);
    }
    if status.last_error.is_some() && status.last_file.is_none() {
        return Some(BackupConcern::Failed);
    }
    match status.last_at {
        None => Some(BackupConcern::NoneYet),
        Some(at) if now - at > BACKUP_MAX_AGE_MILLIS => Some(BackupConcern::Old(now - at)),
        Some(_) => None,
    }
}

pub fn backup_level(concern: Option<&BackupConcern>) -> Level {
    match concern {
        None => Level::Ok,
        Some(_) => Level::Warning,
    }
}

/// A server on a loopback address cannot be reached by the shop's tablets.
pub fn address(addr: SocketAddr) -> Level {
    if addr.ip().is_loopback() {
        Level::Warning
    } else {
        Level::Ok
    }
}

/// An older schema is upgraded at the next start; a newer one stops the start.
pub fn schema(state: SchemaState) -> Level {
    match state {
        SchemaState::Newer { .. } => Level::Failure,
        SchemaState::Fresh | SchemaState::UpToDate { .. } | SchemaState::Older { .. } => Level::Ok,
    }
}

/// A size as people read it: `88 KB`, `12.3 MB`, `1.5 GB`.
pub fn size(bytes: u64) -> String {
    if bytes >= GB {
        format!("{:.1} GB", bytes as f64 / GB as f64)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

/// A span of time in days, hours or minutes: `3 days`, `5 h`, `12 min`.
pub fn span(millis: i64) -> String {
    let minutes = millis.max(0) / 60_000;
    match minutes {
        m if m >= 2 * 24 * 60 => format!("{} days", m / (24 * 60)),
        m if m >= 120 => format!("{} h", m / 60),
        m => format!("{m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 60 * 60 * 1000;
    const NOW: i64 = 1_795_600_000_000;

    #[test]
    fn free_space_warns_under_a_gigabyte_and_fails_under_a_hundred_megabytes() {
        assert_eq!(free_space(50 * GB), Level::Ok);
        assert_eq!(free_space(GB), Level::Ok);
        assert_eq!(free_space(GB - 1), Level::Warning);
        assert_eq!(free_space(100 * MB), Level::Warning);
        assert_eq!(free_space(100 * MB - 1), Level::Failure);
        assert_eq!(free_space(0), Level::Failure);
    }

    #[test]
    fn a_write_ahead_log_over_64_megabytes_is_a_warning() {
        assert_eq!(write_ahead_log(0), Level::Ok);
        assert_eq!(write_ahead_log(64 * MB), Level::Ok);
        assert_eq!(write_ahead_log(64 * MB + 1), Level::Warning);
    }

    #[test]
    fn a_clock_behind_the_newest_record_by_more_than_five_minutes_fails() {
        assert_eq!(clock(NOW, None), Level::Ok, "an empty shop");
        assert_eq!(clock(NOW, Some(NOW - DAY)), Level::Ok);
        assert_eq!(clock(NOW, Some(NOW + 5 * 60 * 1000)), Level::Ok);
        assert_eq!(clock(NOW, Some(NOW + 5 * 60 * 1000 + 1)), Level::Failure);
        assert_eq!(clock(0, Some(NOW)), Level::Failure, "a box started in 1970");
    }

    #[test]
    fn only_an_unsynchronized_clock_is_a_warning() {
        assert_eq!(time_sync(Some("yes\n")), Level::Ok);
        assert_eq!(time_sync(Some("no\n")), Level::Warning);
        assert_eq!(time_sync(None), Level::Ok, "no timedatectl: not asked");
    }

    #[test]
    fn backups_that_are_off_failed_missing_or_old_are_a_warning() {
        let on = BackupSchedule {
            enabled: true,
            ..BackupSchedule::default()
        };
        let made = |at| BackupStatus {
            last_at: Some(at),
            last_file: Some("joren-2026-11-25-040000.db".into()),
            last_error: None,
        };
        assert_eq!(
            backups(&BackupSchedule::default(), &made(NOW), NOW),
            Some(BackupConcern::Off)
        );
        assert_eq!(backups(&on, &made(NOW - DAY), NOW), None);
        assert_eq!(backups(&on, &made(NOW - 2 * DAY), NOW), None);
        assert_eq!(
            backups(&on, &made(NOW - 2 * DAY - 1), NOW),
            Some(BackupConcern::Old(2 * DAY + 1))
        );
        assert_eq!(
            backups(&on, &BackupStatus::default(), NOW),
            Some(BackupConcern::NoneYet)
        );
        let failed = BackupStatus {
            last_at: Some(NOW - 60_000),
            last_file: None,
            last_error: Some("disk full".into()),
        };
        assert_eq!(backups(&on, &failed, NOW), Some(BackupConcern::Failed));
        assert_eq!(backup_level(None), Level::Ok);
        assert_eq!(backup_level(Some(&BackupConcern::Off)), Level::Warning);
    }

    #[test]
    fn a_loopback_address_is_a_warning() {
        assert_eq!(address("127.0.0.1:3000".parse().unwrap()), Level::Warning);
        assert_eq!(address("[::1]:3000".parse().unwrap()), Level::Warning);
        assert_eq!(address("0.0.0.0:3000".parse().unwrap()), Level::Ok);
        assert_eq!(address("192.168.1.20:3000".parse().unwrap()), Level::Ok);
    }

    #[test]
    fn only_a_newer_schema_fails() {
        assert_eq!(schema(SchemaState::Fresh), Level::Ok);
        assert_eq!(schema(SchemaState::UpToDate { version: 2 }), Level::Ok);
        assert_eq!(
            schema(SchemaState::Older {
                version: 1,
                newest: 2
            }),
            Level::Ok
        );
        assert_eq!(
            schema(SchemaState::Newer {
                version: 3,
                newest: 2
            }),
            Level::Failure
        );
    }

    #[test]
    fn sizes_and_spans_read_plainly() {
        assert_eq!(size(90_000), "88 KB");
        assert_eq!(size(12 * MB + MB / 3), "12.3 MB");
        assert_eq!(size(3 * GB / 2), "1.5 GB");
        assert_eq!(span(3 * DAY + 1000), "3 days");
        assert_eq!(span(5 * 60 * 60 * 1000), "5 h");
        assert_eq!(span(12 * 60 * 1000), "12 min");
    }

    #[test]
    fn the_worst_level_wins() {
        assert_eq!(
            [Level::Ok, Level::Failure, Level::Warning].iter().max(),
            Some(&Level::Failure)
        );
        assert_eq!(Level::Warning.symbol(), '!');
    }
}
