//! The daily backup (docs/product.md, flow 8): the owner's schedule, when a backup is due, what
//! the files are called, and which of them are kept.

use serde::{Deserialize, Serialize};

/// The owner's setting: a backup every day after `hour` (shop time), the newest `keep` kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    pub enabled: bool,
    pub hour: u8,
    pub keep: u16,
}

/// How the last backup went, as the owner's settings show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// When the last backup was tried (Unix ms).
    pub last_at: Option<i64>,
    /// The file it wrote, when it worked.
    pub last_file: Option<String>,
    /// Why it failed, when it did.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BackupScheduleError {
    #[error("the hour is a number from 0 to 23")]
    Hour,
    #[error("keep 1 to {max} backups")]
    Keep { max: u16 },
}

impl BackupSchedule {
    pub const MAX_KEEP: u16 = 365;

    /// The schedule as the form sends it, checked.
    pub fn parse(enabled: bool, hour: &str, keep: &str) -> Result<Self, BackupScheduleError> {
        let hour = hour
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|hour| *hour < 24)
            .ok_or(BackupScheduleError::Hour)?;
        let keep = keep
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|keep| (1..=Self::MAX_KEEP).contains(keep))
            .ok_or(BackupScheduleError::Keep {
                max: Self::MAX_KEEP,
            })?;
        Ok(Self {
            enabled,
            hour,
            keep,
        })
    }
}

impl Default for BackupSchedule {
    /// Off until the owner turns it on; then at 4:00, two weeks kept.
    fn default() -> Self {
        Self {
            enabled: false,
            hour: 4,
            keep: 14,
        }
    }
}

/// The prefix and suffix of the backup files Joren names (and may remove).
const PREFIX: &str = "joren-";
const SUFFIX: &str = ".db";

/// Whether `name` is a backup file Joren named: `joren-YYYY-MM-DD-HHMMSS.db`.
pub fn is_backup_file(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
    else {
        return false;
    };
    stamp.len() == 17
        && stamp.char_indices().all(|(i, c)| match i {
            4 | 7 | 10 => c == '-',
            _ => c.is_ascii_digit(),
        })
}

/// Of the backup files in a folder, those to remove so that the newest `keep` remain.
/// Files Joren did not name are never among them.
pub fn to_remove(names: &[String], keep: u16) -> Vec<String> {
    let mut ours: Vec<&String> = names.iter().filter(|n| is_backup_file(n)).collect();
    // The names sort as their times do.
    ours.sort();
    let excess = ours.len().saturating_sub(usize::from(keep));
    ours.into_iter().take(excess).cloned().collect()
}

#[cfg(feature = "server")]
mod timing {
    use super::{BackupSchedule, BackupStatus, PREFIX, SUFFIX};
    use crate::shop::TimeZoneName;
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    fn zoned(millis: i64, zone: &TimeZoneName) -> jiff::ZonedDateTime {
        let zone = TimeZone::get(zone.as_str()).unwrap_or(TimeZone::UTC);
        Timestamp::from_millisecond(millis)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(zone)
    }

    /// How long after a failed backup the next try comes (a full disk may be cleared, a
    /// disk plugged back in).
    pub const RETRY_AFTER_MILLIS: i64 = 60 * 60 * 1000;

    /// Whether the day's backup is due at `now`: the schedule is on, today's hour (shop
    /// time) has come, and no backup was tried since — or the last try failed an hour or
    /// more ago. A box that was off at that hour makes the day's backup when it next runs.
    pub fn is_due(
        schedule: &BackupSchedule,
        last: &BackupStatus,
        now: i64,
        zone: &TimeZoneName,
    ) -> bool {
        if !schedule.enabled {
            return false;
        }
        let now = zoned(now, zone);
        let Ok(today_at_hour) = now
            .with()
            .hour(i8::try_from(schedule.hour).unwrap_or(0))
            .minute(0)
            .second(0)
            .subsec_nanosecond(0)
            .build()
        else {
            return false;
        };
        let due_from = today_at_hour.timestamp().as_millisecond();
        let now = now.timestamp().as_millisecond();
        let failed = last.last_file.is_none() && last.last_error.is_some();
        now >= due_from
            && last
                .last_at
                .is_none_or(|at| at < due_from || (failed && now - at >= RETRY_AFTER_MILLIS))
    }

    /// The file name of a backup made at `now`, in shop time: `joren-2026-11-25-040012.db`.
    pub fn file_name(now: i64, zone: &TimeZoneName) -> String {
        format!(
            "{PREFIX}{}{SUFFIX}",
            zoned(now, zone).strftime("%Y-%m-%d-%H%M%S")
        )
    }
}

#[cfg(feature = "server")]
pub use timing::{RETRY_AFTER_MILLIS, file_name, is_due};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_checked() {
        assert_eq!(
            BackupSchedule::parse(true, " 3 ", "7"),
            Ok(BackupSchedule {
                enabled: true,
                hour: 3,
                keep: 7
            })
        );
        assert_eq!(
            BackupSchedule::parse(true, "24", "7"),
            Err(BackupScheduleError::Hour)
        );
        assert_eq!(
            BackupSchedule::parse(true, "four", "7"),
            Err(BackupScheduleError::Hour)
        );
        for keep in ["0", "366", "-1", ""] {
            assert!(matches!(
                BackupSchedule::parse(false, "4", keep),
                Err(BackupScheduleError::Keep { .. })
            ));
        }
    }

    #[test]
    fn only_files_joren_named_are_removed_oldest_first() {
        let names: Vec<String> = [
            "joren-2026-11-23-040001.db",
            "joren-2026-11-25-040003.db",
            "notes.txt",
            "joren-2026-11-24-040002.db",
            "joren-before-restore.db",
            "joren-2026-11-22-040000.db.partial",
            "joren-2026-11-21-0400.db",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            to_remove(&names, 2),
            vec!["joren-2026-11-23-040001.db".to_owned()]
        );
        assert_eq!(to_remove(&names, 3), Vec::<String>::new());
        assert_eq!(to_remove(&names, 1).len(), 2);
    }

    #[cfg(feature = "server")]
    mod timing {
        use super::super::*;
        use crate::shop::TimeZoneName;

        /// 2026-11-25 00:00 in Tokyo (15:00 UTC the day before).
        const TOKYO_MIDNIGHT: i64 = 1_795_532_400_000;
        const HOUR: i64 = 3_600_000;

        fn tokyo() -> TimeZoneName {
            TimeZoneName::parse("Asia/Tokyo").unwrap()
        }

        fn on_at_four() -> BackupSchedule {
            BackupSchedule {
                enabled: true,
                hour: 4,
                keep: 14,
            }
        }

        #[test]
        fn the_name_is_the_shop_time_and_sorts_as_time() {
            assert_eq!(
                file_name(TOKYO_MIDNIGHT + 4 * HOUR + 12_000, &tokyo()),
                "joren-2026-11-25-040012.db"
            );
            assert!(is_backup_file(&file_name(TOKYO_MIDNIGHT, &tokyo())));
        }

        fn made(at: i64) -> BackupStatus {
            BackupStatus {
                last_at: Some(at),
                last_file: Some("joren-2026-11-25-040000.db".into()),
                last_error: None,
            }
        }

        #[test]
        fn a_backup_is_due_once_a_day_after_the_hour_in_shop_time() {
            let s = on_at_four();
            let zone = tokyo();
            let never = BackupStatus::default();
            assert!(
                !is_due(&s, &never, TOKYO_MIDNIGHT + 3 * HOUR, &zone),
                "before 4:00"
            );
            assert!(is_due(&s, &never, TOKYO_MIDNIGHT + 4 * HOUR, &zone));
            let today = made(TOKYO_MIDNIGHT + 4 * HOUR + 5_000);
            assert!(
                !is_due(&s, &today, TOKYO_MIDNIGHT + 9 * HOUR, &zone),
                "made today"
            );
            // Yesterday's backup does not count for today, even late at night.
            let yesterday = made(TOKYO_MIDNIGHT - 20 * HOUR);
            assert!(is_due(&s, &yesterday, TOKYO_MIDNIGHT + 23 * HOUR, &zone));
            // After midnight in Tokyo (still the previous day in UTC), before the hour.
            assert!(!is_due(&s, &yesterday, TOKYO_MIDNIGHT + HOUR, &zone));
            let off = BackupSchedule {
                enabled: false,
                ..s
            };
            assert!(!is_due(&off, &never, TOKYO_MIDNIGHT + 9 * HOUR, &zone));
        }

        #[test]
        fn a_failed_backup_is_tried_again_an_hour_later() {
            let s = on_at_four();
            let zone = tokyo();
            let tried = TOKYO_MIDNIGHT + 4 * HOUR;
            let failed = BackupStatus {
                last_at: Some(tried),
                last_file: None,
                last_error: Some("No space left on device".into()),
            };
            assert!(!is_due(&s, &failed, tried + HOUR - 1, &zone));
            assert!(is_due(&s, &failed, tried + HOUR, &zone));
            // A success after it stops the tries for the day.
            assert!(!is_due(&s, &made(tried + HOUR), tried + 3 * HOUR, &zone));
        }
    }
}
