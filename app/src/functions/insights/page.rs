//! The insights page's content, drawn on the server from the period's figures.

use crate::i18n::td_string;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use joren::Shop;
use joren::insights::bringers::Bringer;
use joren::insights::community::{Community, MAX_PEOPLE, Met, community};
use joren::insights::{Chart, Figures, Period, PeriodError, Step, figures};
use joren::introduction::Outcome;
use joren::storage::{PeriodCounts, RegularNames};

use super::{BringerLine, ChartView, ConnectorLine, InsightsView, NotSeenView};
use crate::charts::{ACCENT, GREEN, GREY, LATTE, Layout, SAGE, Series, bars, heat_map};
use crate::lang::Lang;
use crate::markup::escape;

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

/// Who met whom in the period, and who brought whom, laid out: the most connected, at most
/// [`MAX_PEOPLE`].
pub fn community_of(counts: &PeriodCounts) -> Community {
    let introduced = counts.introductions.iter().map(|i| Met {
        first: i.first,
        second: i.second,
        led_to_work: i.outcome.is_some_and(Outcome::led_to_work),
        brought: false,
    });
    let brought = counts.brought.iter().map(|b| Met {
        first: b.bringer,
        second: b.newcomer,
        led_to_work: false,
        brought: true,
    });
    let met: Vec<Met> = introduced.chain(brought).collect();
    community(&met, MAX_PEOPLE)
}

/// The regulars the page names, and so the only ones read: the top connectors, the best
/// bringers, and the people the community graph shows (when it is drawn).
pub fn regulars_named(
    figures: &Figures,
    bringers: &[Bringer],
    graph: Option<&Community>,
) -> Vec<i64> {
    let mut ids: Vec<i64> = figures
        .regular_connectors
        .iter()
        .map(|c| c.id)
        .chain(bringers.iter().map(|b| b.id))
        .chain(
            graph
                .into_iter()
                .flat_map(|g| g.people.iter().map(|p| p.id)),
        )
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A connector's name: staff by name, a regular by nickname ("—" once erased).
pub fn name_of(counts: &PeriodCounts, regulars: &RegularNames, chart: Chart, id: i64) -> String {
    let name = if chart == Chart::StaffConnectors {
        counts.staff.get(&id).cloned()
    } else {
        regulars.get(&id).map(|(nickname, _)| nickname.clone())
    };
    name.filter(|name| !name.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

/// The page for `period`: its figures and community graph drawn, the `regulars` of
/// [`regulars_named`] named.
#[allow(clippy::too_many_arguments)]
pub fn view(
    period: &Period,
    counts: &PeriodCounts,
    figures: &Figures,
    bringers: &[Bringer],
    graph: &Community,
    regulars: &RegularNames,
    not_seen: NotSeenView,
    lang: Lang,
) -> InsightsView {
    let totals = &figures.totals;
    let totals = vec![
        (
            td_string!(lang, insights.visits).to_owned(),
            figure(lang, totals.visits),
        ),
        (
            td_string!(lang, insights.new_regulars).to_owned(),
            figure(lang, totals.new_regulars),
        ),
        (
            td_string!(lang, insights.stamps).to_owned(),
            figure(lang, totals.stamps),
        ),
        (
            td_string!(lang, insights.rewards_redeemed).to_owned(),
            figure(lang, totals.rewards_redeemed),
        ),
        (
            td_string!(lang, insights.introductions).to_owned(),
            figure(lang, totals.introductions),
        ),
        (
            td_string!(lang, insights.led_to_work).to_owned(),
            figure(lang, totals.led_to_work),
        ),
        (
            td_string!(lang, insights.brought_by_regulars).to_owned(),
            figure(lang, counts.brought.len() as u32),
        ),
        (
            td_string!(lang, insights.link_scans).to_owned(),
            figure(lang, totals.scans),
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
    let busiest = figures
        .visits_per_day
        .iter()
        .max_by_key(|(_, n)| *n)
        .copied();
    let description = visits_description(lang, figures.totals.visits, busiest);
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
    let weekdays = [
        td_string!(lang, insights.weekday_mon),
        td_string!(lang, insights.weekday_tue),
        td_string!(lang, insights.weekday_wed),
        td_string!(lang, insights.weekday_thu),
        td_string!(lang, insights.weekday_fri),
        td_string!(lang, insights.weekday_sat),
        td_string!(lang, insights.weekday_sun),
    ]
    .map(String::from);
    let peak = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .max_by_key(|(d, h)| (figures.busy_hours[*d][*h], std::cmp::Reverse((*d, *h))))
        .filter(|(d, h)| figures.busy_hours[*d][*h] > 0);
    let description = match peak {
        None => td_string!(lang, insights.no_visits_in_this_period).to_owned(),
        Some((d, h)) => td_string!(
            lang,
            insights.busiest_hour,
            weekday = &weekdays[d],
            hour = h
        )
        .to_string(),
    };
    let svg = heat_map(&title, &description, &weekdays, &figures.busy_hours);
    chart(Chart::BusyHours, title, svg);

    let title = title_per(lang, td_string!(lang, insights.new_and_returning), &per);
    let description = td_string!(
        lang,
        insights.new_and_returning_description,
        count = figures.totals.new_regulars,
        returning = figures
            .totals
            .visits
            .saturating_sub(figures.totals.new_regulars)
    )
    .to_string();
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

    let title = title_per(lang, td_string!(lang, insights.stamps_and_rewards), &per);
    let description = td_string!(
        lang,
        insights.stamps_and_rewards_description,
        stamps = figures.totals.stamps,
        rewards = figures.totals.rewards_redeemed
    )
    .to_string();
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
        .map(|m| month_name(lang, m.month))
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
    let description = td_string!(
        lang,
        insights.introductions_description,
        count = figures.totals.introductions,
        led = figures.totals.led_to_work
    )
    .to_string();
    let svg = bars(
        &title,
        &description,
        &months,
        &outcome_series,
        Layout::Stacked,
    );
    chart(Chart::Introductions, title, svg);

    let title = title_per(lang, td_string!(lang, insights.link_scans_2), &per);
    let description = td_string!(
        lang,
        insights.scans_description,
        count = figures.totals.scans
    )
    .to_string();
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
                name: name_of(counts, regulars, chart, c.id),
                introductions: c.introductions,
                led_to_work: c.led_to_work,
            })
            .collect()
    };
    let (community, community_note) = community_view(graph, regulars, lang);
    let community_title = td_string!(lang, insights.who_met_whom_here).to_owned();
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
        bringers: bringers
            .iter()
            .map(|b| BringerLine {
                name: name_of(counts, regulars, Chart::RegularConnectors, b.id),
                brought: b.brought,
            })
            .collect(),
        community_title,
        community,
        community_note,
        not_seen,
    }
}

/// "11/27": a day under its bar.
fn short_date(day: Date) -> String {
    day.strftime("%-m/%-d").to_string()
}

/// A figure as the page shows it: grouped in thousands ("1,234").
fn figure(lang: Lang, figure: u32) -> String {
    td_string!(lang, insights.figure, figure = figure).to_string()
}

/// A chart's title with its step: "New and returning（by day）".
fn title_per(lang: Lang, title: &str, per: &str) -> String {
    td_string!(lang, insights.title_per, title = title, per = per).to_string()
}

/// A month under its bars: "2026年11月", "Nov 2026".
fn month_name(lang: Lang, month: Date) -> String {
    month
        .strftime(td_string!(lang, insights.month_format))
        .to_string()
}

/// What the visits per day chart shows in words: the visits in all and the busiest day.
fn visits_description(lang: Lang, visits: u32, busiest: Option<(Date, u32)>) -> String {
    match busiest {
        None | Some((_, 0)) => td_string!(lang, insights.no_visits_in_this_period).to_owned(),
        Some((day, n)) => td_string!(
            lang,
            insights.visits_description,
            count = visits,
            day = short_date(day),
            busiest = n
        )
        .to_string(),
    }
}

/// How many of the best connected the graph names, at most.
const LABELLED: usize = 40;

/// The community graph as SVG: people as circles sized by their visits, introductions as
/// lines, green and thicker where they led to work; nicknames beside the best connected.
fn community_view(
    graph: &Community,
    regulars: &RegularNames,
    lang: Lang,
) -> (Option<String>, Option<String>) {
    let title = td_string!(lang, insights.who_met_whom_here).to_owned();
    if graph.people.is_empty() {
        let note = td_string!(lang, insights.no_introductions_in_this_period);
        return (None, Some(note.to_owned()));
    }
    let (width, height) = (720.0, 560.0);
    let visits = |id: i64| regulars.get(&id).map_or(0, |(_, v)| *v);
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
    // Whole units: the picture is 720 wide and shown smaller, so a tenth changes nothing.
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"15\"><rect width=\"{width}\" height=\"{height}\" fill=\"#FFFAF3\"/>"
    );
    // The lines as three paths, one per kind: a newcomer brought (dashed), and introductions,
    // those that led to work over the others.
    for (brought, led_to_work, paint) in [
        (
            true,
            false,
            "stroke=\"#7A6A9E\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
        ),
        (false, false, "stroke=\"#C9B8A4\""),
        (false, true, "stroke=\"#3F7A4A\" stroke-width=\"2.5\""),
    ] {
        let mut d = String::new();
        for edge in graph
            .edges
            .iter()
            .filter(|e| e.brought == brought && e.led_to_work == led_to_work)
        {
            let ((x1, y1), (x2, y2)) = (point(edge.a), point(edge.b));
            d.push_str(&format!("M{x1:.0} {y1:.0}L{x2:.0} {y2:.0}"));
        }
        if !d.is_empty() {
            svg.push_str(&format!("<path fill=\"none\" {paint} d=\"{d}\"/>"));
        }
    }
    // People as circles that share their paint, each with their nickname as its title.
    // Nicknames beside the best connected, where they overlap no name already written:
    // left of the circle on the right-hand side, so none runs off the picture. They are
    // written after the circles, so that no circle hides one.
    svg.push_str("<g fill=\"#A8482A\" fill-opacity=\"0.85\" stroke=\"#FFFAF3\">");
    let mut labels = String::new();
    let mut written: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (i, person) in graph.people.iter().enumerate() {
        let (x, y) = point(i);
        let r = radius(person.id);
        let name = regulars
            .get(&person.id)
            .map(|(n, _)| n.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or("—");
        svg.push_str(&format!(
            "<circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"{r:.1}\"><title>{}</title></circle>",
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
            labels.push_str(&format!(
                "<text x=\"{left:.0}\" y=\"{:.0}\">{}</text>",
                y + 5.0,
                escape(name)
            ));
        }
    }
    svg.push_str("</g>");
    if !labels.is_empty() {
        svg.push_str(&format!("<g fill=\"#2B2118\">{labels}</g>"));
    }
    svg.push_str("</svg>");
    let led = graph.edges.iter().filter(|e| e.led_to_work).count();
    let brought = graph.edges.iter().filter(|e| e.brought).count();
    let mut description = td_string!(
        lang,
        insights.community_description,
        people = graph.people.len(),
        count = graph.edges.len() - brought,
        led = led
    )
    .to_string();
    if brought > 0 {
        description
            .push_str(&td_string!(lang, insights.community_brought, count = brought).to_string());
    }
    let svg = crate::charts::accessible(svg, &title, &description);
    let note = (graph.people_in_all > graph.people.len()).then(|| {
        td_string!(
            lang,
            insights.community_note,
            shown = graph.people.len(),
            all = graph.people_in_all
        )
        .to_string()
    });
    (Some(svg), note)
}

/// Why a period was refused, in the kiosk's language.
pub fn period_problem(error: &PeriodError, lang: Lang) -> String {
    match error {
        PeriodError::UnknownKind(kind) => {
            td_string!(lang, insights.period_unknown_kind, kind = kind).to_string()
        }
        PeriodError::NotADate(text) => {
            td_string!(lang, insights.period_not_a_date, text = text).to_string()
        }
        PeriodError::MissingDate => td_string!(lang, insights.period_missing_date).to_owned(),
        PeriodError::Reversed => td_string!(lang, insights.period_reversed).to_owned(),
        PeriodError::TooLong { max } => {
            td_string!(lang, insights.period_too_long, max = max).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn figures_are_grouped_in_thousands() {
        assert_eq!(figure(Lang::en, 7), "7");
        assert_eq!(figure(Lang::en, 1234), "1,234");
        assert_eq!(figure(Lang::ja, 1234567), "1,234,567");
    }

    #[test]
    fn the_visits_are_counted_with_the_languages_plural_rules() {
        let busiest = Some((day("2026-11-27"), 1));
        assert_eq!(
            visits_description(Lang::en, 1, busiest),
            "1 visit in all; the busiest day was 11/27 with 1."
        );
        let busiest = Some((day("2026-11-27"), 40));
        assert_eq!(
            visits_description(Lang::en, 1234, busiest),
            "1,234 visits in all; the busiest day was 11/27 with 40."
        );
        assert_eq!(
            visits_description(Lang::ja, 1234, busiest),
            "合計1,234回。いちばん多かったのは11/27の40回。"
        );
        assert_eq!(
            visits_description(Lang::en, 0, None),
            "No visits in this period."
        );
        assert_eq!(
            visits_description(Lang::ja, 0, Some((day("2026-11-27"), 0))),
            "この期間の来店はありません。"
        );
    }

    #[test]
    fn each_count_in_a_description_has_its_own_plural() {
        let text = |lang: Lang, stamps: u32, rewards: u32| {
            td_string!(
                lang,
                insights.stamps_and_rewards_description,
                stamps = stamps,
                rewards = rewards
            )
            .to_string()
        };
        assert_eq!(text(Lang::en, 1, 1), "1 stamp given, 1 reward redeemed.");
        assert_eq!(
            text(Lang::en, 1500, 0),
            "1,500 stamps given, 0 rewards redeemed."
        );
        assert_eq!(
            text(Lang::ja, 1500, 2),
            "スタンプ1,500個、特典のお渡し2回。"
        );

        let text = |lang: Lang, first: u32, returning: u32| {
            td_string!(
                lang,
                insights.new_and_returning_description,
                count = first,
                returning = returning
            )
            .to_string()
        };
        assert_eq!(
            text(Lang::en, 1, 3),
            "1 first visit, 3 by returning regulars."
        );
        assert_eq!(
            text(Lang::en, 2, 0),
            "2 first visits, 0 by returning regulars."
        );
        assert_eq!(
            text(Lang::ja, 2, 0),
            "はじめての来店2回、リピーターの来店0回。"
        );

        let text = |lang: Lang, introductions: u32, led: u32| {
            td_string!(
                lang,
                insights.introductions_description,
                count = introductions,
                led = led
            )
            .to_string()
        };
        assert_eq!(text(Lang::en, 1, 0), "1 introduction, 0 led to work.");
        assert_eq!(
            text(Lang::en, 3, 1),
            "3 introductions, 1 of them led to work."
        );
        assert_eq!(
            text(Lang::ja, 3, 1),
            "ご紹介3件、そのうち仕事につながったのは1件。"
        );

        let text = |lang: Lang, scans: u32| {
            td_string!(lang, insights.scans_description, count = scans).to_string()
        };
        assert_eq!(text(Lang::en, 1), "1 scan.");
        assert_eq!(text(Lang::en, 1200), "1,200 scans.");
        assert_eq!(text(Lang::ja, 1200), "読み取り1,200回。");

        let text = |lang: Lang, people: usize, introductions: usize| {
            td_string!(
                lang,
                insights.community_description,
                people = people,
                count = introductions,
                led = 0usize
            )
            .to_string()
        };
        assert_eq!(
            text(Lang::en, 2, 1),
            "2 people, 1 introduction. Green lines led to work (0). Circles are sized by visits."
        );
        assert_eq!(
            text(Lang::ja, 2, 1),
            "2人、ご紹介1件。緑の線は仕事につながったご紹介（0件）。円の大きさは来店回数。"
        );
    }

    #[test]
    fn titles_months_and_hours_read_as_before() {
        assert_eq!(
            title_per(Lang::en, "New and returning", "by day"),
            "New and returning（by day）"
        );
        assert_eq!(month_name(Lang::ja, day("2026-11-01")), "2026年11月");
        assert_eq!(month_name(Lang::en, day("2026-11-01")), "Nov 2026");
        assert_eq!(
            td_string!(Lang::en, insights.busiest_hour, weekday = "Sat", hour = 9).to_string(),
            "Busiest on Sat at 9:00."
        );
    }

    #[test]
    fn the_community_graph_draws_its_lines_as_one_path_per_colour_and_a_circle_per_person() {
        let met =
            |first: i64, second: i64, outcome: Option<Outcome>| joren::insights::IntroductionFact {
                at: 0,
                by: None,
                first,
                second,
                outcome,
            };
        let counts = PeriodCounts {
            introductions: vec![
                met(1, 2, None),
                met(2, 3, Some(Outcome::WorkedTogether)),
                met(3, 4, Some(Outcome::BecameFriends)),
                met(1, 4, Some(Outcome::BecameCustomer)),
            ],
            ..PeriodCounts::default()
        };
        let regulars: RegularNames = (1..=4)
            .map(|id| (id, (format!("regular {id}"), id as u32)))
            .collect();
        let (svg, note) = community_view(&community_of(&counts), &regulars, Lang::en);
        let svg = svg.expect("a graph");
        assert_eq!(note, None);
        assert_eq!(svg.matches("<path").count(), 2, "{svg}");
        assert_eq!(svg.matches("<line").count(), 0, "{svg}");
        let led = svg
            .split("stroke=\"#3F7A4A\"")
            .nth(1)
            .expect("a green path");
        assert_eq!(
            led.split("\"/>").next().unwrap().matches('M').count(),
            2,
            "{svg}"
        );
        assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
        assert!(svg.contains("<title>regular 3</title>"), "{svg}");
        let centres = svg
            .split(" cx=\"")
            .skip(1)
            .map(|c| c.split('"').next().unwrap());
        assert!(
            centres.clone().all(|x| x.parse::<u32>().is_ok()),
            "whole units: {svg}"
        );
    }

    #[test]
    fn a_refused_period_reads_as_the_errors_own_words_in_english() {
        let errors = [
            PeriodError::UnknownKind("fortnight".into()),
            PeriodError::NotADate("2026-13-01".into()),
            PeriodError::MissingDate,
            PeriodError::Reversed,
            PeriodError::TooLong {
                max: Period::MAX_DAYS,
            },
        ];
        for error in &errors {
            let words = error.to_string();
            let mut chars = words.chars();
            let expected = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".")
                .unwrap_or_default();
            assert_eq!(period_problem(error, Lang::en), expected);
        }
        assert_eq!(
            period_problem(&PeriodError::Reversed, Lang::ja),
            "最初の日が最後の日より後になっています。"
        );
        assert_eq!(
            period_problem(&PeriodError::TooLong { max: 1830 }, Lang::ja),
            "期間は1830日までです。"
        );
        assert_eq!(
            period_problem(&PeriodError::NotADate("x".into()), Lang::ja),
            "「x」は日付ではありません。2026-11-27 のように入力してください。"
        );
    }
}
