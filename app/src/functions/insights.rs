//! The owner's insights: the period's figures drawn as charts on the server. Owner only.

use leptos::prelude::*;

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// One chart as the page shows it: its SVG (drawn on the server) and its CSV download name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartView {
    /// The download's name (`/insights/{csv}.csv`).
    pub csv: String,
    pub title: String,
    pub svg: String,
}

/// A connector's line: who, how many introductions, how many led to work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorLine {
    pub name: String,
    pub introductions: u32,
    pub led_to_work: u32,
}

/// A regular who brought newcomers: who, and how many in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BringerLine {
    pub name: String,
    pub brought: u32,
}

/// Someone the shop has not seen lately, as the insights list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotSeenLine {
    pub regular: i64,
    pub name: String,
    pub visits: u32,
    /// The day of their last visit in the shop's calendar (YYYY-MM-DD).
    pub last_visit: String,
    /// Their interests, as they read on their card.
    pub interests: Vec<String>,
}

/// "Regulars we have not seen lately": who came at least three times and not for `weeks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotSeenView {
    pub weeks: u32,
    pub lines: Vec<NotSeenLine>,
    /// More people than the list shows fit the rule.
    pub more: bool,
}

/// The insights page for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightsView {
    /// The period as the form shows it: its kind and its first and last day (YYYY-MM-DD).
    pub kind: String,
    pub first_day: String,
    pub last_day: String,
    /// The query string that names this period, for the CSV links.
    pub query: String,
    pub totals: Vec<(String, String)>,
    pub charts: Vec<ChartView>,
    pub staff_connectors: Vec<ConnectorLine>,
    pub regular_connectors: Vec<ConnectorLine>,
    /// The regulars who brought the most newcomers, most first.
    pub bringers: Vec<BringerLine>,
    /// The community graph's title, and the graph as SVG (none when nobody was introduced).
    pub community_title: String,
    pub community: Option<String>,
    /// "The 150 most connected of 420 people", when not everyone fits.
    pub community_note: Option<String>,
    pub not_seen: NotSeenView,
}

impl InsightsView {
    /// The same view without the SVG of its charts and graph (each an empty string), for a
    /// page whose HTML carries them already.
    pub fn without_svg(&self) -> InsightsView {
        let mut view = self.clone();
        for chart in &mut view.charts {
            chart.svg.clear();
        }
        if let Some(svg) = &mut view.community {
            svg.clear();
        }
        view
    }
}

/// What the page gets: the insights, or why the chosen period was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InsightsAnswer {
    Shown(Box<InsightsView>),
    Refused(String),
}

#[server(endpoint = "get_insights")]
pub async fn get_insights(
    lang: String,
    period: String,
    from: String,
    to: String,
    /// How long someone has not been seen to be listed, in weeks (empty: the default).
    #[server(default)]
    weeks: String,
) -> Result<InsightsAnswer, AppError> {
    use crate::auth::require_owner;
    use crate::i18n::td_string;
    use crate::lang::Lang;
    use joren::insights::not_seen::{LISTED, MIN_VISITS, NotSeenFor};

    let (state, shop, _owner) = require_owner().await?;
    let lang = Lang::from_code(&lang).unwrap_or(Lang::ja);
    let today = today(&shop);
    let period = match joren::insights::Period::parse(&period, Some(&from), Some(&to), today) {
        Ok(period) => period,
        Err(error) => return Ok(InsightsAnswer::Refused(page::period_problem(&error, lang))),
    };
    let Ok(weeks) = NotSeenFor::parse(&weeks) else {
        return Ok(InsightsAnswer::Refused(
            td_string!(lang, insights.not_seen_weeks_refused).to_owned(),
        ));
    };
    let counts = state.store.period_counts(&shop, &period).await?;
    let figures = page::figures_of(&shop, &period, &counts);
    let graph = page::community_of(&counts);
    let bringers = joren::insights::bringers::best_bringers(&counts.brought);
    let named = page::regulars_named(&figures, &bringers, Some(&graph));
    let regulars = state.store.regular_names(&shop, &named).await?;
    // One more than is listed tells whether there are more.
    let mut not_seen = state
        .store
        .not_seen_lately(
            shop.id,
            MIN_VISITS,
            weeks.last_visit_before(joren::storage::now_millis()),
            LISTED + 1,
        )
        .await?;
    let more = not_seen.len() > LISTED as usize;
    not_seen.truncate(LISTED as usize);
    let not_seen = NotSeenView {
        weeks: weeks.weeks(),
        lines: not_seen
            .into_iter()
            .map(|person| NotSeenLine {
                regular: person.regular,
                name: person.nickname,
                visits: person.visits,
                last_visit: crate::time::shop_day(person.last_visit_at, &shop.time_zone),
                interests: person.interests,
            })
            .collect(),
        more,
    };
    let view = page::view(
        &period, &counts, &figures, &bringers, &graph, &regulars, not_seen, lang,
    );
    Ok(InsightsAnswer::Shown(Box::new(view)))
}

/// Today in the shop's time zone.
#[cfg(feature = "ssr")]
pub fn today(shop: &joren::Shop) -> jiff::civil::Date {
    let zone = jiff::tz::TimeZone::get(shop.time_zone.as_str()).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(zone).date()
}

#[cfg(feature = "ssr")]
pub mod page;
