//! Each chart's numbers as a table, for the owner's CSV download: what the picture shows,
//! in rows a spreadsheet opens.

use serde::{Deserialize, Serialize};

use super::{Figures, Step};
use crate::export::Value;
use crate::introduction::Outcome;

/// The charts of the insights page, by the name their download carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chart {
    VisitsPerDay,
    BusyHours,
    NewAndReturning,
    StampsAndRewards,
    Introductions,
    LinkScans,
    StaffConnectors,
    RegularConnectors,
}

impl Chart {
    pub const ALL: [Chart; 8] = [
        Chart::VisitsPerDay,
        Chart::BusyHours,
        Chart::NewAndReturning,
        Chart::StampsAndRewards,
        Chart::Introductions,
        Chart::LinkScans,
        Chart::StaffConnectors,
        Chart::RegularConnectors,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Chart::VisitsPerDay => "visits-per-day",
            Chart::BusyHours => "busy-hours",
            Chart::NewAndReturning => "new-and-returning",
            Chart::StampsAndRewards => "stamps-and-rewards",
            Chart::Introductions => "introductions",
            Chart::LinkScans => "link-scans",
            Chart::StaffConnectors => "staff-connectors",
            Chart::RegularConnectors => "regular-connectors",
        }
    }

    pub fn parse(name: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|chart| chart.as_str() == name)
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The chart's numbers: a header row, then one row per bar, cell or person. `name` gives a
/// connector's name from their id (staff for the staff table, regulars for the other).
pub fn table(figures: &Figures, chart: Chart, name: &dyn Fn(i64) -> String) -> Vec<Vec<String>> {
    let head = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let bucket = match figures.step {
        Step::Day => "day",
        Step::Week => "week_from",
    };
    let mut rows = Vec::new();
    match chart {
        Chart::VisitsPerDay => {
            rows.push(head(&["day", "visits"]));
            for (day, visits) in &figures.visits_per_day {
                rows.push(vec![day.to_string(), visits.to_string()]);
            }
        }
        Chart::BusyHours => {
            let mut header = vec!["weekday".to_owned()];
            header.extend((0..24).map(|h| format!("{h}:00")));
            rows.push(header);
            for (day, hours) in WEEKDAYS.iter().zip(&figures.busy_hours) {
                let mut row = vec![(*day).to_owned()];
                row.extend(hours.iter().map(ToString::to_string));
                rows.push(row);
            }
        }
        Chart::NewAndReturning => {
            rows.push(head(&[bucket, "first_visits", "returning_visits"]));
            for b in &figures.buckets {
                rows.push(vec![
                    b.starts.to_string(),
                    b.first_visits.to_string(),
                    b.returning_visits().to_string(),
                ]);
            }
        }
        Chart::StampsAndRewards => {
            rows.push(head(&[bucket, "stamps", "rewards_redeemed"]));
            for b in &figures.buckets {
                rows.push(vec![
                    b.starts.to_string(),
                    b.stamps.to_string(),
                    b.rewards_redeemed.to_string(),
                ]);
            }
        }
        Chart::LinkScans => {
            rows.push(head(&[bucket, "scans"]));
            for b in &figures.buckets {
                rows.push(vec![b.starts.to_string(), b.scans.to_string()]);
            }
        }
        Chart::Introductions => {
            let mut header = vec!["month".to_owned()];
            header.extend(Outcome::ALL.iter().map(|o| o.as_str().to_owned()));
            header.extend(["not_followed_up".to_owned(), "total".to_owned()]);
            rows.push(header);
            for month in &figures.introductions_per_month {
                let mut row = vec![month.month.strftime("%Y-%m").to_string()];
                row.extend(month.by_outcome.iter().map(ToString::to_string));
                row.push(month.open.to_string());
                row.push(month.total().to_string());
                rows.push(row);
            }
        }
        Chart::StaffConnectors | Chart::RegularConnectors => {
            rows.push(head(&["name", "introductions", "led_to_work"]));
            let connectors = if chart == Chart::StaffConnectors {
                &figures.staff_connectors
            } else {
                &figures.regular_connectors
            };
            for c in connectors {
                rows.push(vec![
                    name(c.id),
                    c.introductions.to_string(),
                    c.led_to_work.to_string(),
                ]);
            }
        }
    }
    rows
}

/// The table as CSV for Excel: UTF-8 with a byte order mark, so Japanese names open right,
/// and text a spreadsheet would run as a formula starting with an apostrophe.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        for row in rows {
            let cells: Vec<Value> = row.iter().map(|cell| Value::Text(cell.clone())).collect();
            // Writing to memory cannot fail.
            let _ = writer.write_record(cells.iter().map(Value::csv_cell).map(|c| c.into_owned()));
        }
        let _ = writer.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::{Period, figures};
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    #[test]
    fn every_chart_has_a_download_name_that_reads_back() {
        for chart in Chart::ALL {
            assert_eq!(Chart::parse(chart.as_str()), Some(chart));
        }
        assert_eq!(Chart::parse("everything"), None);
    }

    #[test]
    fn a_week_of_nothing_is_a_header_and_seven_zero_days() {
        let period = Period::parse("week", None, None, date(2026, 11, 27)).unwrap();
        let figures = figures(&period, &TimeZone::UTC, &[], &[], &[]);
        let rows = table(&figures, Chart::VisitsPerDay, &|_| String::new());
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[0], ["day", "visits"]);
        assert_eq!(rows[1], ["2026-11-21", "0"]);
        let hours = table(&figures, Chart::BusyHours, &|_| String::new());
        assert_eq!(hours.len(), 8);
        assert_eq!(hours[0].len(), 25);
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_defuses_formulas() {
        let rows = vec![
            vec!["name".to_owned(), "introductions".to_owned()],
            vec!["=HYPERLINK(\"x\")".to_owned(), "3".to_owned()],
            vec!["ゆー。".to_owned(), "1".to_owned()],
        ];
        let text = String::from_utf8(csv(&rows)).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\",3"), "{text}");
        assert!(text.contains("ゆー。,1"));
    }
}
