//! The period an owner looks at: the last week, month or year up to today, or two dates of
//! their choosing, always as whole days of the shop's own calendar.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// How the owner chose the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// The last 7 days, today included.
    Week,
    /// The last 30 days, today included.
    Month,
    /// The last 365 days, today included.
    Year,
    /// From one date to another, both included.
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Year,
        PeriodKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Year => "year",
            PeriodKind::Custom => "custom",
        }
    }

    pub fn parse(name: &str) -> Option<PeriodKind> {
        PeriodKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// Why a period was refused, in words the owner can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("'{0}' is not a period (week, month, year or custom)")]
    UnknownKind(String),
    #[error("'{0}' is not a date like 2026-11-27")]
    NotADate(String),
    #[error("a chosen period needs both its first and its last day")]
    MissingDate,
    #[error("the first day comes after the last")]
    Reversed,
    #[error("a period is at most {max} days long")]
    TooLong { max: i64 },
}

/// Whole days of the shop's calendar, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub first_day: Date,
    pub last_day: Date,
}

impl Period {
    /// Five years: longer than any owner compares, short enough to stay quick.
    pub const MAX_DAYS: i64 = 5 * 366;

    /// The period named by `kind` (empty means a month) ending on `today`, or `from`..=`to`
    /// for a custom one.
    pub fn parse(
        kind: &str,
        from: Option<&str>,
        to: Option<&str>,
        today: Date,
    ) -> Result<Period, PeriodError> {
        let kind = match kind.trim() {
            "" => PeriodKind::Month,
            name => PeriodKind::parse(name).ok_or_else(|| {
                PeriodError::UnknownKind(name.chars().take(20).collect::<String>())
            })?,
        };
        let last_days = |days: i64| Period {
            kind,
            first_day: today.saturating_sub((days - 1).days()),
            last_day: today,
        };
        match kind {
            PeriodKind::Week => Ok(last_days(7)),
            PeriodKind::Month => Ok(last_days(30)),
            PeriodKind::Year => Ok(last_days(365)),
            PeriodKind::Custom => {
                let date = |text: Option<&str>| {
                    let text = text.map(str::trim).filter(|text| !text.is_empty());
                    let text = text.ok_or(PeriodError::MissingDate)?;
                    text.parse::<Date>()
                        .map_err(|_| PeriodError::NotADate(text.chars().take(20).collect()))
                };
                let (first_day, last_day) = (date(from)?, date(to)?);
                if first_day > last_day {
                    return Err(PeriodError::Reversed);
                }
                let period = Period {
                    kind,
                    first_day,
                    last_day,
                };
                if period.day_count() > Self::MAX_DAYS {
                    return Err(PeriodError::TooLong {
                        max: Self::MAX_DAYS,
                    });
                }
                Ok(period)
            }
        }
    }

    /// How many days it covers.
    pub fn day_count(&self) -> i64 {
        i64::from((self.last_day - self.first_day).get_days()) + 1
    }

    /// Every day of it, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + use<> {
        let first = self.first_day;
        (0..self.day_count()).map(move |n| first.saturating_add(n.days()))
    }

    /// Unix milliseconds from the first day's local midnight up to (not including) the
    /// midnight after the last day, in `zone`: a day with a clock change is as long as it
    /// really was.
    pub fn millis(&self, zone: &TimeZone) -> (i64, i64) {
        let start = midnight(self.first_day, zone);
        let end = midnight(self.last_day.saturating_add(1.days()), zone);
        (start, end)
    }
}

/// The first instant of `day` in `zone`, as Unix milliseconds.
fn midnight(day: Date, zone: &TimeZone) -> i64 {
    day.to_zoned_datetime(zone.clone())
        .map(|zoned| zoned.timestamp().as_millisecond())
        // Only a date past the year 9999 fails; the period's checks keep them out.
        .unwrap_or(i64::MAX / 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn tokyo() -> TimeZone {
        TimeZone::get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn the_named_periods_end_today_and_count_today_in() {
        let today = date(2026, 11, 27);
        let week = Period::parse("week", None, None, today).unwrap();
        assert_eq!((week.first_day, week.last_day), (date(2026, 11, 21), today));
        assert_eq!(week.day_count(), 7);
        assert_eq!(
            Period::parse("month", None, None, today)
                .unwrap()
                .day_count(),
            30
        );
        let year = Period::parse("year", None, None, today).unwrap();
        assert_eq!(year.first_day, date(2025, 11, 28));
        assert_eq!(year.days().count(), 365);
        assert_eq!(
            Period::parse("", None, None, today).unwrap().kind,
            PeriodKind::Month
        );
    }

    #[test]
    fn a_custom_period_needs_two_dates_in_order_and_not_too_far_apart() {
        let today = date(2026, 11, 27);
        let custom =
            Period::parse("custom", Some("2026-10-31"), Some(" 2026-11-01 "), today).unwrap();
        assert_eq!(custom.day_count(), 2);
        assert_eq!(
            Period::parse("custom", Some("2026-11-01"), None, today),
            Err(PeriodError::MissingDate)
        );
        assert_eq!(
            Period::parse("custom", Some("2026-11-02"), Some("2026-11-01"), today),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::parse("custom", Some("11/01/2026"), Some("2026-11-01"), today),
            Err(PeriodError::NotADate("11/01/2026".into()))
        );
        assert_eq!(
            Period::parse("custom", Some("2010-01-01"), Some("2026-11-01"), today),
            Err(PeriodError::TooLong {
                max: Period::MAX_DAYS
            })
        );
        assert_eq!(
            Period::parse("decade", None, None, today),
            Err(PeriodError::UnknownKind("decade".into()))
        );
    }

    #[test]
    fn a_period_runs_from_local_midnight_to_local_midnight() {
        let day = Period::parse(
            "custom",
            Some("2026-11-01"),
            Some("2026-11-01"),
            date(2026, 11, 27),
        )
        .unwrap();
        // Midnight in Tokyo is 15:00 UTC the day before.
        let (start, end) = day.millis(&tokyo());
        assert_eq!(start, 1_793_458_800_000); // 2026-10-31T15:00:00Z
        assert_eq!(end - start, 24 * 3_600_000);
        // The day Berlin's clocks go back is 25 hours long.
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let change = Period::parse(
            "custom",
            Some("2026-10-25"),
            Some("2026-10-25"),
            date(2026, 11, 27),
        )
        .unwrap();
        let (start, end) = change.millis(&berlin);
        assert_eq!(end - start, 25 * 3_600_000);
    }
}
