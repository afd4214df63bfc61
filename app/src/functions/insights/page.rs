//! The insights page's content, drawn on the server from the period's figures.

use crate::i18n::td_string;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use joren::Shop;
use joren::insights::community::{MAX_PEOPLE, Met, community};
use joren::insights::{Chart, Figures, Period, PeriodError, Step, figures};
use joren::introduction::Outcome;
use joren::storage::PeriodCounts;

use super::{ChartView, ConnectorLine, InsightsView};
use crate::charts::{ACCENT, GREEN, GREY, LATTE, Layout, SAGE, Series, bars, escape, heat_map};
use crate::lang::Lang;

/// The period's figures in the shop's time zone, with the names to label connectors with.
pub fn figures_of(shop: &Shop, period: &Period, counts: &PeriodCounts) -> Figures {
    let zone = TimeZone::get(shop.time_zone.as_str()).unwrap_or(TimeZone::UTC);
    figures(
        period,
        &zone,
        &counts.quarters,
        &counts.scans,
        &counts.introductions,
    )
}

/// A connector's name: staff by name, a regular by nickname ("—" once erased).
pub fn name_of(counts: &PeriodCounts, chart: Chart, id: i64) -> String {
    let name = if chart == Chart::StaffConnectors {
        counts.staff.get(&id).cloned()
    } else {
        counts
            .regulars
            .get(&id)
            .map(|(nickname, _)| nickname.clone())
    };
    name.filter(|name| !name.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

pub fn view(shop: &Shop, period: &Period, counts: &PeriodCounts, lang: Lang) -> InsightsView {
    let figures = figures_of(shop, period, counts);
    let totals = &figures.totals;
    let totals = vec![
        (
            td_string!(lang, insights.visits).to_owned(),
            totals.visits.to_string(),
        ),
        (
            td_string!(lang, insights.new_regulars).to_owned(),
            totals.new_regulars.to_string(),
        ),
        (
            td_string!(lang, insights.stamps).to_owned(),
            totals.stamps.to_string(),
        ),
        (
            td_string!(lang, insights.rewards_redeemed).to_owned(),
            totals.rewards_redeemed.to_string(),
        ),
        (
            td_string!(lang, insights.introductions).to_owned(),
            totals.introductions.to_string(),
        ),
        (
            td_string!(lang, insights.led_to_work).to_owned(),
            totals.led_to_work.to_string(),
        ),
        (
            td_string!(lang, insights.link_scans).to_owned(),
            totals.scans.to_string(),
        ),
    ];

    let day_labels: Vec<String> = figures
        .visits_per_day
        .iter()
        .map(|(day, _)| short_date(*day))
        .collect();
    let bucket_labels: Vec<String> = figures
        .buckets
        .iter()
        .map(|b| short_date(b.starts))
        .collect();
    let per = match figures.step {
        Step::Day => td_string!(lang, insights.by_day).to_owned(),
        Step::Week => td_string!(lang, insights.by_week).to_owned(),
    };
    let series = |name: String, colour, values: Vec<u32>| Series {
        name,
        colour,
        values,
    };
    let mut charts = Vec::new();
    let mut chart = |chart: Chart, title: String, svg: String| {
        charts.push(ChartView {
            csv: chart.as_str().to_owned(),
            title,
            svg,
        });
    };

    let title = td_string!(lang, insights.visits_per_day).to_owned();
    let busiest = figures.visits_per_day.iter().max_by_key(|(_, n)| *n);
    let description = match (lang, busiest) {
        (_, None) | (_, Some((_, 0))) => {
            td_string!(lang, insights.no_visits_in_this_period).to_owned()
        }
        (Lang::ja, Some((day, n))) => format!(
            "合計{}回。いちばん多かったのは{}の{}回。",
            figures.totals.visits,
            short_date(*day),
            n
        ),
        (Lang::en, Some((day, n))) => format!(
            "{} visits in all; the busiest day was {} with {}.",
            figures.totals.visits,
            short_date(*day),
            n
        ),
    };
    let visits: Vec<u32> = figures.visits_per_day.iter().map(|(_, n)| *n).collect();
    let svg = bars(
        &title,
        &description,
        &day_labels,
        &[series(
            td_string!(lang, insights.visits).to_owned(),
            ACCENT,
            visits,
        )],
        Layout::Stacked,
    );
    chart(Chart::VisitsPerDay, title, svg);

    let title = td_string!(lang, insights.busy_hours_by_weekday).to_owned();
    let weekdays = match lang {
        Lang::ja => ["月", "火", "水", "木", "金", "土", "日"],
        Lang::en => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    }
    .map(String::from);
    let peak = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .max_by_key(|(d, h)| (figures.busy_hours[*d][*h], std::cmp::Reverse((*d, *h))))
        .filter(|(d, h)| figures.busy_hours[*d][*h] > 0);
    let description = match (lang, peak) {
        (_, None) => td_string!(lang, insights.no_visits_in_this_period).to_owned(),
        (Lang::ja, Some((d, h))) => format!("いちばん混むのは{}曜日の{}時台。", weekdays[d], h),
        (Lang::en, Some((d, h))) => format!("Busiest on {} at {}:00.", weekdays[d], h),
    };
    let svg = heat_map(&title, &description, &weekdays, &figures.busy_hours);
    chart(Chart::BusyHours, title, svg);

    let title = format!(
        "{}（{per}）",
        td_string!(lang, insights.new_and_returning).to_owned()
    );
    let description = match lang {
        Lang::ja => format!(
            "はじめての来店{}回、リピーターの来店{}回。",
            figures.totals.new_regulars,
            figures
                .totals
                .visits
                .saturating_sub(figures.totals.new_regulars)
        ),
        Lang::en => format!(
            "{} first visits, {} by returning regulars.",
            figures.totals.new_regulars,
            figures
                .totals
                .visits
                .saturating_sub(figures.totals.new_regulars)
        ),
    };
    let svg = bars(
        &title,
        &description,
        &bucket_labels,
        &[
            series(
                td_string!(lang, insights.returning).to_owned(),
                LATTE,
                figures
                    .buckets
                    .iter()
                    .map(|b| b.returning_visits())
                    .collect(),
            ),
            series(
                td_string!(lang, insights.first_visit).to_owned(),
                ACCENT,
                figures.buckets.iter().map(|b| b.first_visits).collect(),
            ),
        ],
        Layout::Stacked,
    );
    chart(Chart::NewAndReturning, title, svg);

    let title = format!(
        "{}（{per}）",
        td_string!(lang, insights.stamps_and_rewards).to_owned()
    );
    let description = match lang {
        Lang::ja => format!(
            "スタンプ{}個、特典のお渡し{}回。",
            figures.totals.stamps, figures.totals.rewards_redeemed
        ),
        Lang::en => format!(
            "{} stamps given, {} rewards redeemed.",
            figures.totals.stamps, figures.totals.rewards_redeemed
        ),
    };
    let svg = bars(
        &title,
        &description,
        &bucket_labels,
        &[
            series(
                td_string!(lang, insights.stamps).to_owned(),
                LATTE,
                figures.buckets.iter().map(|b| b.stamps).collect(),
            ),
            series(
                td_string!(lang, insights.rewards_redeemed).to_owned(),
                GREEN,
                figures.buckets.iter().map(|b| b.rewards_redeemed).collect(),
            ),
        ],
        Layout::Grouped,
    );
    chart(Chart::StampsAndRewards, title, svg);

    let title = td_string!(lang, insights.introductions_per_month_and_what).to_owned();
    let months: Vec<String> = figures
        .introductions_per_month
        .iter()
        .map(|m| match lang {
            Lang::ja => m.month.strftime("%Y年%-m月").to_string(),
            Lang::en => m.month.strftime("%b %Y").to_string(),
        })
        .collect();
    let outcome_names = |outcome: Outcome| match outcome {
        Outcome::WorkedTogether => td_string!(lang, insights.worked_together).to_owned(),
        Outcome::BecameCustomer => td_string!(lang, insights.became_a_customer).to_owned(),
        Outcome::BecameFriends => td_string!(lang, insights.became_friends).to_owned(),
        Outcome::NothingYet => td_string!(lang, insights.nothing_yet).to_owned(),
    };
    let colours = [GREEN, SAGE, LATTE, GREY];
    let mut outcome_series: Vec<Series> = Outcome::ALL
        .iter()
        .enumerate()
        .map(|(i, outcome)| {
            series(
                outcome_names(*outcome),
                colours[i],
                figures
                    .introductions_per_month
                    .iter()
                    .map(|m| m.by_outcome[i])
                    .collect(),
            )
        })
        .collect();
    outcome_series.push(series(
        td_string!(lang, insights.not_followed_up).to_owned(),
        crate::charts::LINE_DARK,
        figures
            .introductions_per_month
            .iter()
            .map(|m| m.open)
            .collect(),
    ));
    let description = match lang {
        Lang::ja => format!(
            "ご紹介{}件、そのうち仕事につながったのは{}件。",
            figures.totals.introductions, figures.totals.led_to_work
        ),
        Lang::en => format!(
            "{} introductions, {} of them led to work.",
            figures.totals.introductions, figures.totals.led_to_work
        ),
    };
    let svg = bars(
        &title,
        &description,
        &months,
        &outcome_series,
        Layout::Stacked,
    );
    chart(Chart::Introductions, title, svg);

    let title = format!(
        "{}（{per}）",
        td_string!(lang, insights.link_scans_2).to_owned()
    );
    let description = match lang {
        Lang::ja => format!("読み取り{}回。", figures.totals.scans),
        Lang::en => format!("{} scans.", figures.totals.scans),
    };
    let svg = bars(
        &title,
        &description,
        &bucket_labels,
        &[series(
            td_string!(lang, insights.scans).to_owned(),
            ACCENT,
            figures.buckets.iter().map(|b| b.scans).collect(),
        )],
        Layout::Stacked,
    );
    chart(Chart::LinkScans, title, svg);

    let lines = |chart: Chart, connectors: &[joren::insights::Connector]| {
        connectors
            .iter()
            .map(|c| ConnectorLine {
                name: name_of(counts, chart, c.id),
                introductions: c.introductions,
                led_to_work: c.led_to_work,
            })
            .collect()
    };
    let (community, community_note) = community_view(counts, lang);
    InsightsView {
        kind: period.kind.as_str().to_owned(),
        first_day: period.first_day.to_string(),
        last_day: period.last_day.to_string(),
        query: format!(
            "period={}&from={}&to={}",
            period.kind.as_str(),
            period.first_day,
            period.last_day
        ),
        totals,
        charts,
        staff_connectors: lines(Chart::StaffConnectors, &figures.staff_connectors),
        regular_connectors: lines(Chart::RegularConnectors, &figures.regular_connectors),
        community,
        community_note,
    }
}

/// "11/27": a day under its bar.
fn short_date(day: Date) -> String {
    day.strftime("%-m/%-d").to_string()
}

/// How many of the best connected the graph names, at most.
const LABELLED: usize = 40;

/// The community graph as SVG: people as circles sized by their visits, introductions as
/// lines, green and thicker where they led to work; nicknames beside the best connected.
fn community_view(counts: &PeriodCounts, lang: Lang) -> (ChartView, Option<String>) {
    let met: Vec<Met> = counts
        .introductions
        .iter()
        .map(|i| Met {
            first: i.first,
            second: i.second,
            led_to_work: i.outcome.is_some_and(Outcome::led_to_work),
        })
        .collect();
    let graph = community(&met, MAX_PEOPLE);
    let title = td_string!(lang, insights.who_met_whom_here).to_owned();
    if graph.people.is_empty() {
        let note = td_string!(lang, insights.no_introductions_in_this_period);
        let view = ChartView {
            csv: String::new(),
            title,
            svg: String::new(),
        };
        return (view, Some(note.to_owned()));
    }
    let (width, height) = (720.0, 560.0);
    let visits = |id: i64| counts.regulars.get(&id).map_or(0, |(_, v)| *v);
    let most = graph
        .people
        .iter()
        .map(|p| visits(p.id))
        .max()
        .unwrap_or(1)
        .max(1);
    let radius = |id: i64| 4.0 + 10.0 * (f64::from(visits(id)) / f64::from(most)).sqrt();
    let point = |i: usize| {
        let at = graph.people[i].at;
        (at.x * width, at.y * height)
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"15\"><rect width=\"{width}\" height=\"{height}\" fill=\"#FFFAF3\"/>"
    );
    for edge in &graph.edges {
        let ((x1, y1), (x2, y2)) = (point(edge.a), point(edge.b));
        let (colour, stroke) = if edge.led_to_work {
            ("#3F7A4A", 2.5)
        } else {
            ("#C9B8A4", 1.0)
        };
        svg.push_str(&format!(
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{colour}\" stroke-width=\"{stroke}\"/>"
        ));
    }
    // Nicknames beside the best connected, where they overlap no name already written:
    // left of the circle on the right-hand side, so none runs off the picture.
    let mut written: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (i, person) in graph.people.iter().enumerate() {
        let (x, y) = point(i);
        let r = radius(person.id);
        let name = counts
            .regulars
            .get(&person.id)
            .map(|(n, _)| n.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or("—");
        svg.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#A8482A\" fill-opacity=\"0.85\" stroke=\"#FFFAF3\"><title>{}</title></circle>",
            escape(name)
        ));
        let text_width: f64 = name
            .chars()
            .map(|c| if c.is_ascii() { 8.5 } else { 15.0 })
            .sum();
        let on_left = x + r + 4.0 + text_width > width - 4.0;
        let left = if on_left {
            x - r - 4.0 - text_width
        } else {
            x + r + 4.0
        };
        let label = (left, y - 9.0, left + text_width, y + 9.0);
        let overlaps = |b: &(f64, f64, f64, f64)| {
            label.0 < b.2 && b.0 < label.2 && label.1 < b.3 && b.1 < label.3
        };
        if i < LABELLED && left >= 4.0 && !written.iter().any(overlaps) {
            written.push(label);
            svg.push_str(&format!(
                "<text x=\"{left:.1}\" y=\"{:.1}\" fill=\"#2B2118\">{}</text>",
                y + 5.0,
                escape(name)
            ));
        }
    }
    svg.push_str("</svg>");
    let led = graph.edges.iter().filter(|e| e.led_to_work).count();
    let description = match lang {
        Lang::ja => format!(
            "{}人、ご紹介{}件。緑の線は仕事につながったご紹介（{}件）。円の大きさは来店回数。",
            graph.people.len(),
            graph.edges.len(),
            led
        ),
        Lang::en => format!(
            "{} people, {} introductions. Green lines led to work ({}). Circles are sized by visits.",
            graph.people.len(),
            graph.edges.len(),
            led
        ),
    };
    let svg = crate::charts::accessible(svg, &title, &description);
    let note = (graph.people_in_all > graph.people.len()).then(|| match lang {
        Lang::ja => format!(
            "ご紹介の多い{}人を表示しています（全{}人）。",
            graph.people.len(),
            graph.people_in_all
        ),
        Lang::en => format!(
            "The {} most connected of {} people.",
            graph.people.len(),
            graph.people_in_all
        ),
    });
    (
        ChartView {
            csv: String::new(),
            title,
            svg,
        },
        note,
    )
}

/// Why a period was refused, in the kiosk's language.
pub fn period_problem(error: &PeriodError, lang: Lang) -> String {
    match (error, lang) {
        (PeriodError::UnknownKind(_), Lang::ja) => {
            "期間は「週・月・年・指定」から選んでください。".into()
        }
        (PeriodError::NotADate(text), Lang::ja) => {
            format!("「{text}」は日付ではありません。2026-11-27 のように入力してください。")
        }
        (PeriodError::MissingDate, Lang::ja) => {
            "期間を指定するときは、最初と最後の日を入れてください。".into()
        }
        (PeriodError::Reversed, Lang::ja) => "最初の日が最後の日より後になっています。".into(),
        (PeriodError::TooLong { max }, Lang::ja) => format!("期間は{max}日までです。"),
        (error, Lang::en) => {
            let text = error.to_string();
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".")
                .unwrap_or_default()
        }
    }
}
