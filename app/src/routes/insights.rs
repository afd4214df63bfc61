//! `/insights`: the owner's pictures of how the small circle grows, for a chosen period:
//! visits per day, busy hours, new and returning regulars, stamps and rewards, introductions
//! and what they led to, link scans, the top connectors, and who met whom here. The charts
//! are drawn on the server, so they show before the page hydrates and print as they are;
//! each one's numbers download as CSV. The period is a plain GET form, which works without
//! script too.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize, Serializer};

use crate::components::suspended::suspended;
use crate::error::AppError;
use crate::functions::insights::{
    BringerLine, ChartView, ConnectorLine, InsightsAnswer, NotSeenView, get_insights,
};
use crate::lang::{Lang, Text, use_lang};

/// The insights as the page's resource holds them. The server writes each chart's SVG into
/// the page's HTML, and hydration keeps an element's `inner_html` as the server wrote it: so
/// the copy of the answer that goes with the page for hydration leaves the SVG out, rather
/// than sending every chart a second time, as JSON. An answer the browser fetches itself
/// (after the language changes) has it all.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
struct ForThePage(Result<InsightsAnswer, AppError>);

impl Serialize for ForThePage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(InsightsAnswer::Shown(view)) => {
                let shown = InsightsAnswer::Shown(Box::new(view.without_svg()));
                Ok::<_, &AppError>(shown).serialize(serializer)
            }
            answer => answer.serialize(serializer),
        }
    }
}

#[component]
pub fn InsightsScreen() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let insights = Resource::new(
        move || {
            let query = query.get();
            let get = |name: &str| query.get(name).unwrap_or_default();
            (
                lang.get(),
                get("period"),
                get("from"),
                get("to"),
                get("weeks"),
            )
        },
        |(lang, period, from, to, weeks)| async move {
            ForThePage(get_insights(lang.code().to_owned(), period, from, to, weeks).await)
        },
    );

    let content = move || {
        Suspend::new(async move {
            match insights.await.0 {
                Ok(InsightsAnswer::Shown(view)) => shown(*view, lang).into_any(),
                Ok(InsightsAnswer::Refused(problem)) => view! {
                    <PeriodForm kind=String::from("custom") first=String::new() last=String::new()/>
                    <p class="notice notice--error" role="alert">{problem}</p>
                }
                .into_any(),
                // A locked kiosk, or a read that failed, says so; not that it is the owner's.
                Err(error) if error != AppError::OwnerOnly => {
                    let locked = error == AppError::Locked;
                    view! {
                        <section class="card card--narrow">
                            <h2>{move || if locked {
                                td_string!(lang.get(), regular.the_kiosk_is_locked)
                            } else {
                                td_string!(lang.get(), regular.it_could_not_be_loaded)
                            }}</h2>
                            <a class="button button--primary" href="/">{move || td_string!(lang.get(), insights.back_to_the_start)}</a>
                        </section>
                    }
                    .into_any()
                }
                Err(_) => view! {
                    <section class="card card--narrow">
                        <h2>{move || td_string!(lang.get(), insights.for_the_owner_only)}</h2>
                        <p>{move || td_string!(lang.get(), insights.the_owner_can_open_it)}</p>
                        <a class="button button--primary" href="/">{move || td_string!(lang.get(), insights.back_to_the_start)}</a>
                    </section>
                }
                .into_any(),
            }
        })
    };

    view! {
        <PageTitle text=|l| td_string!(l, insights.insights)/>
        <div class="insights">
            <header class="topbar">
                <h1 class="topbar__title">{move || td_string!(lang.get(), insights.insights)}</h1>
                <a class="button" href="/settings">{move || td_string!(lang.get(), insights.settings)}</a>
                <a class="button" href="/">{move || td_string!(lang.get(), insights.back_to_the_register)}</a>
            </header>
            <main class="screen insights__main">
                <Transition fallback=|| view! { <p class="insights__loading" aria-busy="true">"…"</p> }>{suspended(content)}</Transition>
            </main>
        </div>
    }
}

fn shown(view: crate::functions::insights::InsightsView, lang: RwSignal<Lang>) -> impl IntoView {
    let query = view.query.clone();
    let period = (
        view.kind.clone(),
        view.first_day.clone(),
        view.last_day.clone(),
    );
    let charts = view
        .charts
        .into_iter()
        .map(|chart| chart_card(chart, &query, lang))
        .collect_view();
    view! {
        <PeriodForm kind=view.kind first=view.first_day.clone() last=view.last_day.clone() weeks=view.not_seen.weeks/>
        <p class="insights__range">{format!("{} – {}", view.first_day, view.last_day)}</p>
        <dl class="insights__totals">
            {view.totals.into_iter().map(|(label, value)| view! {
                <div class="insights__total"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
        <div class="insights__grid">
            {charts}
            <Connectors
                title=move || td_string!(lang.get(), insights.staff_who_introduce_most)
                lines=view.staff_connectors
                csv=format!("/insights/staff-connectors.csv?{query}")
                lang/>
            <Connectors
                title=move || td_string!(lang.get(), insights.regulars_at_the_heart_of)
                lines=view.regular_connectors
                csv=format!("/insights/regular-connectors.csv?{query}")
                lang/>
            <Bringers lines=view.bringers lang/>
        </div>
        <section class="card insights__chart insights__chart--wide" aria-labelledby="community-title">
            <h2 id="community-title">{view.community_title}</h2>
            {view.community.map(|svg| view! { <div class="insights__svg" inner_html=svg></div> })}
            {view.community_note.map(|note| view! { <p class="insights__note">{note}</p> })}
        </section>
        <NotSeenLately not_seen=view.not_seen period lang/>
        <p class="insights__print">
            <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>
                {move || td_string!(lang.get(), insights.print)}
            </button>
        </p>
    }
}

fn chart_card(chart: ChartView, query: &str, lang: RwSignal<Lang>) -> impl IntoView + use<> {
    let href = format!("/insights/{}.csv?{query}", chart.csv);
    view! {
        <section class="card insights__chart">
            <h2>{chart.title}</h2>
            <div class="insights__svg" inner_html=chart.svg></div>
            <a class="insights__csv" href=href download>
                {move || td_string!(lang.get(), insights.numbers_as_csv)}
            </a>
        </section>
    }
}

#[component]
fn Connectors(
    #[prop(into)] title: Signal<&'static str>,
    lines: Vec<ConnectorLine>,
    csv: String,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let most = lines
        .iter()
        .map(|l| l.introductions)
        .max()
        .unwrap_or(1)
        .max(1);
    let empty = lines.is_empty();
    view! {
        <section class="card insights__chart">
            <h2>{move || title.get()}</h2>
            {empty.then(|| view! {
                <p class="insights__note">{move || td_string!(lang.get(), insights.no_introductions_in_this_period)}</p>
            })}
            <ol class="connectors">
                {lines.into_iter().map(|line| {
                    let figures = connector_figures(lang.get_untracked(), line.introductions, line.led_to_work);
                    bar_line(line.name, (line.introductions, Some(line.led_to_work)), most, figures)
                }).collect_view()}
            </ol>
            <a class="insights__csv" href=csv download>
                {move || td_string!(lang.get(), insights.numbers_as_csv)}
            </a>
        </section>
    }
}

/// The regulars who brought the most newcomers in the period, each with a bar.
#[component]
fn Bringers(lines: Vec<BringerLine>, lang: RwSignal<Lang>) -> impl IntoView {
    let most = lines.iter().map(|l| l.brought).max().unwrap_or(1).max(1);
    let empty = lines.is_empty();
    view! {
        <section class="card insights__chart" aria-labelledby="bringers-title">
            <h2 id="bringers-title">{move || td_string!(lang.get(), insights.regulars_who_bring_newcomers)}</h2>
            {empty.then(|| view! {
                <p class="insights__note">{move || td_string!(lang.get(), insights.no_newcomers_brought)}</p>
            })}
            <ol class="connectors">
                {lines.into_iter().map(|line| {
                    let figures = td_string!(lang.get_untracked(), insights.bringer_figures, count = line.brought).to_string();
                    bar_line(line.name, (line.brought, None), most, figures)
                }).collect_view()}
            </ol>
        </section>
    }
}

/// One line of a ranked list: the name, a bar as long as `count` of `most` (with the part
/// `of_it` over it, when given: those that led to work), and the figures in words. SVG
/// attributes, not inline styles: the page's policy allows no inline style.
fn bar_line(
    name: String,
    (count, of_it): (u32, Option<u32>),
    most: u32,
    figures: String,
) -> impl IntoView {
    let width = |n: u32| format!("{}%", 100 * n / most);
    view! {
        <li class="connector">
            <span class="connector__name">{name}</span>
            <svg class="connector__bar" aria-hidden="true" width="100%" height="14">
                <rect class="connector__track" width="100%" height="14" rx="7"/>
                <rect class="connector__all" width=width(count) height="14" rx="7"/>
                {of_it.map(|n| view! { <rect class="connector__work" width=width(n) height="14" rx="7"/> })}
            </svg>
            <span class="connector__figures">{figures}</span>
        </li>
    }
}

/// "Regulars we have not seen lately", with the weeks to choose (a plain GET form that keeps
/// the period), and why there is no way to message them.
#[component]
fn NotSeenLately(
    not_seen: NotSeenView,
    /// The period shown: its kind, first and last day.
    period: (String, String, String),
    lang: RwSignal<Lang>,
) -> impl IntoView {
    use joren::insights::not_seen::{MIN_VISITS, WEEK_CHOICES};
    let weeks = not_seen.weeks;
    let shown = not_seen.lines.len();
    let (kind, first, last) = period;
    view! {
        <section class="card insights__chart insights__chart--wide not-seen" aria-labelledby="not-seen-title">
            <h2 id="not-seen-title">{move || td_string!(lang.get(), insights.not_seen_lately)}</h2>
            <form class="not-seen__weeks" method="get" action="/insights">
                <input type="hidden" name="period" value=kind/>
                <input type="hidden" name="from" value=first/>
                <input type="hidden" name="to" value=last/>
                <label>
                    <span>{move || td_string!(lang.get(), insights.not_seen_for)}</span>
                    <select name="weeks">
                        {WEEK_CHOICES.into_iter().map(|choice| view! {
                            <option value=choice.to_string() selected=choice == weeks>
                                {move || td_string!(lang.get(), insights.weeks_n, weeks = choice).to_string()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button">{move || td_string!(lang.get(), insights.not_seen_show)}</button>
            </form>
            <p class="insights__note">
                {move || td_string!(lang.get(), insights.not_seen_rule, visits = MIN_VISITS, weeks = weeks).to_string()}
            </p>
            {not_seen.lines.is_empty().then(|| view! {
                <p class="insights__note">{move || td_string!(lang.get(), insights.not_seen_nobody)}</p>
            })}
            <ul class="not-seen__list">
                {not_seen.lines.into_iter().map(|line| {
                    let visits = line.visits;
                    let interests = line.interests;
                    view! {
                        <li class="not-seen__person">
                            <a class="not-seen__name" href=format!("/regulars/{}", line.regular)>{line.name}</a>
                            <span class="not-seen__meta">
                                <span>{move || td_string!(lang.get(), insights.last_visit)}" "{line.last_visit}</span>
                                <span>{move || td_string!(lang.get(), insights.visits_n, visits = visits).to_string()}</span>
                            </span>
                            {(!interests.is_empty()).then(|| view! {
                                <span class="not-seen__interests">
                                    {move || td_string!(lang.get(), insights.interests)}
                                    {move || interests.join(if lang.get() == Lang::ja { "、" } else { ", " })}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {not_seen.more.then(|| view! {
                <p class="insights__note">{move || td_string!(lang.get(), insights.not_seen_more, shown = shown).to_string()}</p>
            })}
            <p class="insights__note not-seen__why">{move || td_string!(lang.get(), insights.not_seen_why)}</p>
        </section>
    }
}

/// A connector's figures: "3 introductions, 1 led to work".
fn connector_figures(lang: Lang, introductions: u32, led_to_work: u32) -> String {
    td_string!(
        lang,
        insights.connector_figures,
        count = introductions,
        led = led_to_work
    )
    .to_string()
}

/// The period: a week, a month, a year up to today, or two dates. A plain GET form, which
/// keeps the weeks chosen for the regulars not seen lately.
#[component]
fn PeriodForm(
    kind: String,
    first: String,
    last: String,
    #[prop(optional)] weeks: Option<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let options = [
        ("week", (|l| td_string!(l, insights.last_7_days)) as Text),
        ("month", (|l| td_string!(l, insights.last_30_days)) as Text),
        ("year", (|l| td_string!(l, insights.last_year)) as Text),
        ("custom", (|l| td_string!(l, insights.choose_dates)) as Text),
    ];
    view! {
        <form class="card period" method="get" action="/insights">
            {weeks.map(|weeks| view! { <input type="hidden" name="weeks" value=weeks.to_string()/> })}
            <label class="period__field">
                <span>{move || td_string!(lang.get(), insights.period)}</span>
                <select name="period">
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=kind == value>{move || text(lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="period__field">
                <span>{move || td_string!(lang.get(), insights.from)}</span>
                <input type="date" name="from" value=first/>
            </label>
            <label class="period__field">
                <span>{move || td_string!(lang.get(), insights.to)}</span>
                <input type="date" name="to" value=last/>
            </label>
            <button type="submit" class="button button--primary">{move || td_string!(lang.get(), insights.show)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connectors_introductions_are_counted_with_the_languages_plural_rules() {
        assert_eq!(
            connector_figures(Lang::en, 1, 1),
            "1 introduction, 1 led to work"
        );
        assert_eq!(
            connector_figures(Lang::en, 2, 0),
            "2 introductions, 0 led to work"
        );
        assert_eq!(
            connector_figures(Lang::en, 1200, 3),
            "1,200 introductions, 3 led to work"
        );
        assert_eq!(
            connector_figures(Lang::ja, 2, 1),
            "ご紹介2件・仕事につながった1件"
        );
    }
}
