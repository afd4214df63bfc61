//! `/insights`: the owner's pictures of how the small circle grows, for a chosen period:
//! visits per day, busy hours, new and returning regulars, stamps and rewards, introductions
//! and what they led to, link scans, the top connectors, and who met whom here. The charts
//! are drawn on the server, so they show before the page hydrates and print as they are;
//! each one's numbers download as CSV. The period is a plain GET form, which works without
//! script too.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::functions::insights::{ChartView, ConnectorLine, InsightsAnswer, get_insights};
use crate::lang::{Lang, use_lang};
use crate::shell::tr;

#[component]
pub fn InsightsScreen() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let insights = Resource::new(
        move || {
            let query = query.get();
            let get = |name: &str| query.get(name).unwrap_or_default();
            (lang.get(), get("period"), get("from"), get("to"))
        },
        |(lang, period, from, to)| get_insights(lang.code().to_owned(), period, from, to),
    );

    let content = move || {
        Suspend::new(async move {
            match insights.await {
                Ok(InsightsAnswer::Shown(view)) => shown(*view, lang).into_any(),
                Ok(InsightsAnswer::Refused(problem)) => view! {
                    <PeriodForm kind=String::from("custom") first=String::new() last=String::new()/>
                    <p class="notice notice--error" role="alert">{problem}</p>
                }
                .into_any(),
                Err(_) => view! {
                    <section class="card card--narrow">
                        <h2>{move || tr(lang.get(), "オーナー専用の画面です", "For the owner only")}</h2>
                        <p>{move || tr(lang.get(), "オーナーがロックを解除すると開けます。", "The owner can open it after unlocking the kiosk.")}</p>
                        <a class="button button--primary" href="/">{move || tr(lang.get(), "はじめの画面へ", "Back to the start")}</a>
                    </section>
                }
                .into_any(),
            }
        })
    };

    view! {
        <Title text=move || tr(lang.get(), "お店のようす", "Insights")/>
        <div class="insights">
            <header class="topbar">
                <h1 class="topbar__title">{move || tr(lang.get(), "お店のようす", "Insights")}</h1>
                <a class="button" href="/settings">{move || tr(lang.get(), "設定", "Settings")}</a>
                <a class="button" href="/">{move || tr(lang.get(), "レジに戻る", "Back to the register")}</a>
            </header>
            <main class="screen insights__main">
                <Transition fallback=|| view! { <p class="insights__loading" aria-busy="true">"…"</p> }>{content}</Transition>
            </main>
        </div>
    }
}

fn shown(view: crate::functions::insights::InsightsView, lang: RwSignal<Lang>) -> impl IntoView {
    let query = view.query.clone();
    let charts = view
        .charts
        .into_iter()
        .map(|chart| chart_card(chart, &query, lang))
        .collect_view();
    view! {
        <PeriodForm kind=view.kind first=view.first_day.clone() last=view.last_day.clone()/>
        <p class="insights__range">{format!("{} – {}", view.first_day, view.last_day)}</p>
        <dl class="insights__totals">
            {view.totals.into_iter().map(|(label, value)| view! {
                <div class="insights__total"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
        <div class="insights__grid">
            {charts}
            <Connectors
                title=move || tr(lang.get(), "よく紹介しているスタッフ", "Staff who introduce most")
                lines=view.staff_connectors
                csv=format!("/insights/staff-connectors.csv?{query}")
                lang/>
            <Connectors
                title=move || tr(lang.get(), "紹介の輪の中心にいる常連さん", "Regulars at the heart of introductions")
                lines=view.regular_connectors
                csv=format!("/insights/regular-connectors.csv?{query}")
                lang/>
        </div>
        <section class="card insights__chart insights__chart--wide" aria-labelledby="community-title">
            <h2 id="community-title">{view.community.title}</h2>
            {(!view.community.svg.is_empty()).then(|| view! {
                <div class="insights__svg" inner_html=view.community.svg.clone()></div>
            })}
            {view.community_note.map(|note| view! { <p class="insights__note">{note}</p> })}
        </section>
        <p class="insights__print">
            <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>
                {move || tr(lang.get(), "印刷する", "Print")}
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
                {move || tr(lang.get(), "数字をCSVで", "Numbers as CSV")}
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
                <p class="insights__note">{move || tr(lang.get(), "この期間のご紹介はまだありません。", "No introductions in this period yet.")}</p>
            })}
            <ol class="connectors">
                {lines.into_iter().map(|line| {
                    // SVG attributes, not inline styles: the page's policy allows no inline style.
                    let width = format!("{}%", 100 * line.introductions / most);
                    let work = format!("{}%", 100 * line.led_to_work / most);
                    let figures = match lang.get_untracked() {
                        Lang::Ja => format!("ご紹介 {} 件・仕事につながった {} 件", line.introductions, line.led_to_work),
                        Lang::En => format!(
                            "{} introduction{}, {} led to work",
                            line.introductions,
                            if line.introductions == 1 { "" } else { "s" },
                            line.led_to_work
                        ),
                    };
                    view! {
                        <li class="connector">
                            <span class="connector__name">{line.name}</span>
                            <svg class="connector__bar" aria-hidden="true" width="100%" height="14">
                                <rect class="connector__track" width="100%" height="14" rx="7"/>
                                <rect class="connector__all" width=width height="14" rx="7"/>
                                <rect class="connector__work" width=work height="14" rx="7"/>
                            </svg>
                            <span class="connector__figures">{figures}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <a class="insights__csv" href=csv download>
                {move || tr(lang.get(), "数字をCSVで", "Numbers as CSV")}
            </a>
        </section>
    }
}

/// The period: a week, a month, a year up to today, or two dates. A plain GET form.
#[component]
fn PeriodForm(kind: String, first: String, last: String) -> impl IntoView {
    let lang = use_lang();
    let options = [
        ("week", "過去7日間", "Last 7 days"),
        ("month", "過去30日間", "Last 30 days"),
        ("year", "過去1年間", "Last year"),
        ("custom", "期間を指定", "Choose dates"),
    ];
    view! {
        <form class="card period" method="get" action="/insights">
            <label class="period__field">
                <span>{move || tr(lang.get(), "期間", "Period")}</span>
                <select name="period">
                    {options.into_iter().map(|(value, ja, en)| view! {
                        <option value=value selected=kind == value>{move || tr(lang.get(), ja, en)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="period__field">
                <span>{move || tr(lang.get(), "最初の日", "From")}</span>
                <input type="date" name="from" value=first/>
            </label>
            <label class="period__field">
                <span>{move || tr(lang.get(), "最後の日", "To")}</span>
                <input type="date" name="to" value=last/>
            </label>
            <button type="submit" class="button button--primary">{move || tr(lang.get(), "表示する", "Show")}</button>
        </form>
    }
}
