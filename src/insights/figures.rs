//! The figures behind each chart, added up in the shop's own calendar from what storage
//! keeps: visit tallies per quarter hour, scans, and the period's introductions.
//!
//! Storage counts by the quarter hour of UTC because every time zone in use is a whole number
//! of quarter hours from UTC (India +5:30, Nepal +5:45): a quarter hour never straddles a
//! local midnight or a local hour, so these sums are exact in any zone, clock changes
//! included.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::Period;
use crate::introduction::Outcome;

/// A quarter hour, in milliseconds: the unit storage counts visits in.
pub const QUARTER_MILLIS: i64 = 15 * 60 * 1000;

/// What happened in one quarter hour (UTC), as storage keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuarterTally {
    /// Unix milliseconds divided by [`QUARTER_MILLIS`].
    pub quarter: i64,
    pub visits: u32,
    /// Visits that were the regular's first.
    pub first_visits: u32,
    pub stamps: u32,
    pub rewards_redeemed: u32,
}

/// One introduction of the period, with what it has led to so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntroductionFact {
    pub at: i64,
    /// The member of staff who made it.
    pub by: Option<i64>,
    pub first: i64,
    pub second: i64,
    pub outcome: Option<Outcome>,
}

/// The figures of one bar: a day, or a week starting on a Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bucket {
    pub starts: Date,
    pub visits: u32,
    pub first_visits: u32,
    pub stamps: u32,
    pub rewards_redeemed: u32,
    pub scans: u32,
}

impl Bucket {
    /// Visits by regulars who had been before.
    pub fn returning_visits(&self) -> u32 {
        self.visits.saturating_sub(self.first_visits)
    }
}

/// Introductions made in one calendar month, by what they led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthOfIntroductions {
    /// The month's first day.
    pub month: Date,
    /// By [`Outcome::ALL`]'s order.
    pub by_outcome: [u32; 4],
    /// Not followed up yet.
    pub open: u32,
}

impl MonthOfIntroductions {
    pub fn total(&self) -> u32 {
        self.by_outcome.iter().sum::<u32>() + self.open
    }
}

/// Someone who made (staff) or was part of (a regular) introductions in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connector {
    pub id: i64,
    pub introductions: u32,
    /// Of those, how many led to work (worked together, became a customer).
    pub led_to_work: u32,
}

/// How bars are grouped: by day for up to two months, by week beyond, so a year is 53 bars
/// and not 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Day,
    Week,
}

impl Step {
    pub fn for_period(period: &Period) -> Step {
        if period.day_count() <= 62 {
            Step::Day
        } else {
            Step::Week
        }
    }
}

/// Everything the insights page shows, for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub period: Period,
    /// Visits on each day of the period, every day present (zero when closed).
    pub visits_per_day: Vec<(Date, u32)>,
    /// New and returning visits, stamps, rewards and scans by [`Figures::step`].
    pub step: Step,
    pub buckets: Vec<Bucket>,
    /// Visits by weekday (Monday first) and hour of the shop's day.
    pub busy_hours: [[u32; 24]; 7],
    /// Every calendar month the period touches, in order.
    pub introductions_per_month: Vec<MonthOfIntroductions>,
    /// Staff who introduced most, most first (ties: most that led to work, then id).
    pub staff_connectors: Vec<Connector>,
    /// Regulars who were part of the most introductions.
    pub regular_connectors: Vec<Connector>,
    pub totals: Totals,
}

/// The period's headline numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub visits: u32,
    pub new_regulars: u32,
    pub stamps: u32,
    pub rewards_redeemed: u32,
    pub introductions: u32,
    pub led_to_work: u32,
    pub scans: u32,
}

/// Adds up the period's tallies, scans (quarter, count) and introductions in `zone`.
/// Anything outside the period is left out, whatever storage sent.
pub fn figures(
    period: &Period,
    zone: &TimeZone,
    quarters: &[QuarterTally],
    scans: &[(i64, u32)],
    introductions: &[IntroductionFact],
) -> Figures {
    let step = Step::for_period(period);
    let days: Vec<Date> = period.days().collect();
    let day_index: HashMap<Date, usize> = days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut per_day = vec![Bucket::default(); days.len()];
    let mut busy_hours = [[0u32; 24]; 7];
    let local = |millis: i64| {
        Timestamp::from_millisecond(millis)
            .ok()
            .map(|at| at.to_zoned_datetime(zone.clone()).datetime())
    };

    for tally in quarters {
        let Some(at) = local(tally.quarter * QUARTER_MILLIS) else {
            continue;
        };
        let Some(&i) = day_index.get(&at.date()) else {
            continue;
        };
        let day = &mut per_day[i];
        day.visits += tally.visits;
        day.first_visits += tally.first_visits;
        day.stamps += tally.stamps;
        day.rewards_redeemed += tally.rewards_redeemed;
        busy_hours[weekday_index(at.date().weekday())][at.hour() as usize] += tally.visits;
    }
    for &(quarter, count) in scans {
        if let Some(at) = local(quarter * QUARTER_MILLIS)
            && let Some(&i) = day_index.get(&at.date())
        {
            per_day[i].scans += count;
        }
    }

    let visits_per_day = days
        .iter()
        .zip(&per_day)
        .map(|(day, bucket)| (*day, bucket.visits))
        .collect();
    let mut totals = Totals::default();
    for bucket in &per_day {
        totals.visits += bucket.visits;
        totals.new_regulars += bucket.first_visits;
        totals.stamps += bucket.stamps;
        totals.rewards_redeemed += bucket.rewards_redeemed;
        totals.scans += bucket.scans;
    }
    let buckets = match step {
        Step::Day => days
            .iter()
            .zip(&per_day)
            .map(|(day, bucket)| Bucket {
                starts: *day,
                ..*bucket
            })
            .collect(),
        Step::Week => by_week(&days, &per_day),
    };

    let mut months: Vec<MonthOfIntroductions> = months_of(period)
        .map(|month| MonthOfIntroductions {
            month,
            by_outcome: [0; 4],
            open: 0,
        })
        .collect();
    let mut staff: HashMap<i64, Connector> = HashMap::new();
    let mut regulars: HashMap<i64, Connector> = HashMap::new();
    for introduction in introductions {
        let Some(at) = local(introduction.at) else {
            continue;
        };
        if !day_index.contains_key(&at.date()) {
            continue;
        }
        let month = at.date().first_of_month();
        if let Some(row) = months.iter_mut().find(|row| row.month == month) {
            match introduction.outcome {
                Some(outcome) => {
                    let i = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(3);
                    row.by_outcome[i] += 1;
                }
                None => row.open += 1,
            }
        }
        let paid = introduction.outcome.is_some_and(Outcome::led_to_work);
        totals.introductions += 1;
        totals.led_to_work += u32::from(paid);
        let count = |map: &mut HashMap<i64, Connector>, id: i64| {
            let connector = map.entry(id).or_insert(Connector {
                id,
                introductions: 0,
                led_to_work: 0,
            });
            connector.introductions += 1;
            connector.led_to_work += u32::from(paid);
        };
        if let Some(by) = introduction.by {
            count(&mut staff, by);
        }
        count(&mut regulars, introduction.first);
        count(&mut regulars, introduction.second);
    }

    Figures {
        period: *period,
        visits_per_day,
        step,
        buckets,
        busy_hours,
        introductions_per_month: std::mem::take(&mut months),
        staff_connectors: ranked(staff),
        regular_connectors: ranked(regulars),
        totals,
    }
}

/// How many connectors of each kind the page lists.
pub const TOP_CONNECTORS: usize = 10;

fn ranked(connectors: HashMap<i64, Connector>) -> Vec<Connector> {
    let mut ranked: Vec<Connector> = connectors.into_values().collect();
    ranked.sort_by(|a, b| {
        (b.introductions, b.led_to_work, a.id).cmp(&(a.introductions, a.led_to_work, b.id))
    });
    ranked.truncate(TOP_CONNECTORS);
    ranked
}

fn weekday_index(weekday: Weekday) -> usize {
    weekday.to_monday_zero_offset() as usize
}

/// Adds days up into weeks that start on a Monday; the first and last may be partial.
fn by_week(days: &[Date], per_day: &[Bucket]) -> Vec<Bucket> {
    let mut weeks: Vec<Bucket> = Vec::new();
    for (day, bucket) in days.iter().zip(per_day) {
        let monday = day.saturating_sub((weekday_index(day.weekday()) as i64).days());
        let starts = monday.max(days[0]);
        match weeks.last_mut() {
            Some(week) if week.starts == starts => {
                week.visits += bucket.visits;
                week.first_visits += bucket.first_visits;
                week.stamps += bucket.stamps;
                week.rewards_redeemed += bucket.rewards_redeemed;
                week.scans += bucket.scans;
            }
            _ => weeks.push(Bucket { starts, ..*bucket }),
        }
    }
    weeks
}

/// The first day of every calendar month the period touches.
fn months_of(period: &Period) -> impl Iterator<Item = Date> + use<> {
    let last = period.last_day.first_of_month();
    let mut next = Some(period.first_day.first_of_month());
    std::iter::from_fn(move || {
        let month = next?;
        next = (month < last).then(|| month.saturating_add(1.month()));
        Some(month)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // Times in Tokyo (UTC+9), as Unix milliseconds.
    const OCT_31_14_59: i64 = 1_793_426_340_000;
    const OCT_31_23_50: i64 = 1_793_458_200_000;
    const NOV_1_00_05: i64 = 1_793_459_100_000;
    const NOV_1_08_00: i64 = 1_793_487_600_000;
    const DAY: i64 = 24 * 3_600_000;

    fn tokyo() -> TimeZone {
        TimeZone::get("Asia/Tokyo").unwrap()
    }

    fn tally(at: i64, visits: u32, first_visits: u32, stamps: u32, redeemed: u32) -> QuarterTally {
        QuarterTally {
            quarter: at.div_euclid(QUARTER_MILLIS),
            visits,
            first_visits,
            stamps,
            rewards_redeemed: redeemed,
        }
    }

    fn introduction(
        at: i64,
        by: i64,
        pair: (i64, i64),
        outcome: Option<Outcome>,
    ) -> IntroductionFact {
        IntroductionFact {
            at,
            by: Some(by),
            first: pair.0,
            second: pair.1,
            outcome,
        }
    }

    /// Saturday 31 October and Sunday 1 November 2026 in Tokyo: the period crosses a local
    /// midnight that falls at 15:00 UTC, inside one UTC day, and a month boundary.
    fn across_midnight() -> Figures {
        let period = Period::parse(
            "custom",
            Some("2026-10-31"),
            Some("2026-11-01"),
            date(2026, 11, 27),
        )
        .unwrap();
        let quarters = [
            tally(OCT_31_14_59 - DAY, 9, 9, 9, 9), // the day before: left out
            tally(OCT_31_14_59, 1, 0, 0, 0),
            tally(OCT_31_23_50, 2, 1, 2, 0),
            tally(NOV_1_00_05, 3, 0, 1, 1),
            tally(NOV_1_00_05 + DAY, 9, 9, 9, 9), // the day after: left out
        ];
        let scans = [
            (NOV_1_00_05 / QUARTER_MILLIS, 4),
            (OCT_31_14_59 / QUARTER_MILLIS - 96, 7),
        ];
        let introductions = [
            introduction(OCT_31_23_50, 1, (10, 11), Some(Outcome::WorkedTogether)),
            introduction(NOV_1_00_05, 2, (10, 12), None),
            introduction(NOV_1_08_00, 1, (11, 12), Some(Outcome::BecameFriends)),
            introduction(
                NOV_1_08_00 + DAY,
                2,
                (12, 13),
                Some(Outcome::BecameCustomer),
            ),
        ];
        figures(&period, &tokyo(), &quarters, &scans, &introductions)
    }

    #[test]
    fn visits_fall_on_the_shops_own_days_and_hours() {
        let figures = across_midnight();
        assert_eq!(
            figures.visits_per_day,
            vec![(date(2026, 10, 31), 3), (date(2026, 11, 1), 3)]
        );
        // Saturday is index 5, Sunday 6 (Monday first).
        assert_eq!(figures.busy_hours[5][14], 1);
        assert_eq!(figures.busy_hours[5][23], 2);
        assert_eq!(figures.busy_hours[6][0], 3);
        let all: u32 = figures.busy_hours.iter().flatten().sum();
        assert_eq!(all, 6);
        assert_eq!(figures.step, Step::Day);
        assert_eq!(figures.buckets.len(), 2);
        let saturday = figures.buckets[0];
        assert_eq!(
            (
                saturday.visits,
                saturday.first_visits,
                saturday.returning_visits()
            ),
            (3, 1, 2)
        );
        assert_eq!(
            (saturday.stamps, saturday.rewards_redeemed, saturday.scans),
            (2, 0, 0)
        );
        let sunday = figures.buckets[1];
        assert_eq!(
            (sunday.stamps, sunday.rewards_redeemed, sunday.scans),
            (1, 1, 4)
        );
        assert_eq!(
            figures.totals,
            Totals {
                visits: 6,
                new_regulars: 1,
                stamps: 3,
                rewards_redeemed: 1,
                introductions: 3,
                led_to_work: 1,
                scans: 4,
            }
        );
    }

    #[test]
    fn introductions_count_in_the_month_they_were_made_in_the_shops_time() {
        let figures = across_midnight();
        let months = &figures.introductions_per_month;
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].month, date(2026, 10, 1));
        assert_eq!((months[0].by_outcome, months[0].open), ([1, 0, 0, 0], 0));
        assert_eq!(months[1].month, date(2026, 11, 1));
        assert_eq!((months[1].by_outcome, months[1].open), ([0, 0, 1, 0], 1));
        assert_eq!(months[1].total(), 2);
    }

    #[test]
    fn connectors_rank_by_introductions_then_by_those_that_led_to_work() {
        let figures = across_midnight();
        let staff: Vec<_> = figures
            .staff_connectors
            .iter()
            .map(|c| (c.id, c.introductions, c.led_to_work))
            .collect();
        assert_eq!(staff, vec![(1, 2, 1), (2, 1, 0)]);
        let regulars: Vec<_> = figures
            .regular_connectors
            .iter()
            .map(|c| (c.id, c.introductions, c.led_to_work))
            .collect();
        assert_eq!(regulars, vec![(10, 2, 1), (11, 2, 1), (12, 2, 0)]);
    }

    #[test]
    fn a_year_is_shown_in_weeks_that_start_on_monday_and_add_up() {
        let today = date(2026, 11, 27); // a Friday
        let period = Period::parse("year", None, None, today).unwrap();
        let zone = tokyo();
        let (start, _) = period.millis(&zone);
        // One visit at 10:00 each day of the year.
        let quarters: Vec<QuarterTally> = (0..365)
            .map(|day| tally(start + day * DAY + 3_600_000, 1, u32::from(day == 0), 1, 0))
            .collect();
        let figures = figures(&period, &zone, &quarters, &[], &[]);
        assert_eq!(figures.step, Step::Week);
        assert_eq!(figures.visits_per_day.len(), 365);
        assert!(figures.visits_per_day.iter().all(|(_, n)| *n == 1));
        assert_eq!(figures.buckets[0].starts, period.first_day);
        assert!(
            figures.buckets[1..]
                .iter()
                .all(|week| week.starts.weekday() == Weekday::Monday)
        );
        let sum: u32 = figures.buckets.iter().map(|week| week.visits).sum();
        assert_eq!(sum, 365);
        assert_eq!(figures.buckets.last().unwrap().visits, 5); // Monday to Friday
        assert_eq!(figures.totals.new_regulars, 1);
        assert_eq!(figures.introductions_per_month.len(), 13);
    }

    #[test]
    fn a_shop_with_no_data_has_zeros_on_every_day() {
        let period = Period::parse("week", None, None, date(2026, 11, 27)).unwrap();
        let figures = figures(&period, &tokyo(), &[], &[], &[]);
        assert_eq!(figures.visits_per_day.len(), 7);
        assert_eq!(figures.totals, Totals::default());
        assert!(figures.staff_connectors.is_empty());
        assert_eq!(figures.introductions_per_month.len(), 1);
    }
}
