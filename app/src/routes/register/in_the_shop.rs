//! "In the shop now": everyone checked in within the presence window, newest first, with
//! "left". Read again after every change at this register, at once when another tablet
//! changed it (the live updates), and every 30 seconds in case an update was missed.

use crate::i18n::td_string;
use crate::words::called;
use leptos::prelude::*;

use super::{RegisterChanged, RegisterList, lock_screen_on_refusal};
use crate::components::stamp_card::progress_text;
use crate::functions::register::{MarkLeft, PRESENT_SHOWN, PresentLine, RegisterView, mark_left};
use crate::lang::{Lang, use_lang};
use crate::live::{Connection, use_live_updates};
use crate::routes::introduce::introduce_href;

#[component]
pub fn InTheShop() -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<RegisterChanged>();
    let refused = lock_screen_on_refusal();
    let RegisterList {
        everyone,
        answer: register,
    } = expect_context::<RegisterList>();
    let connection = use_live_updates(move || changed.bump());
    Effect::new(move |_| {
        let ticker =
            set_interval_with_handle(move || changed.bump(), std::time::Duration::from_secs(30))
                .ok();
        on_cleanup(move || {
            if let Some(ticker) = ticker {
                ticker.clear();
            }
        });
    });
    Effect::new(move |_| {
        register.with(|answer| {
            if let Some(Err(error)) = answer {
                refused(error);
            }
        });
    });

    // The last list read; while a newer one is read the rows stay as they are. Each figure
    // is read in place (`with`), once per answer (a memo): the rows ask for the card's size
    // each, and a `get` would copy the whole list for every row.
    let read = move |f: fn(&RegisterView) -> u32| {
        Memo::new(move |_| {
            register.with(|answer| {
                answer
                    .as_ref()
                    .and_then(|answer| answer.as_ref().ok())
                    .map_or(0, f)
            })
        })
    };
    let loaded = Memo::new(move |_| register.with(|answer| matches!(answer, Some(Ok(_)))));
    let count = read(|view| view.in_the_shop);
    let goal = read(|view| view.stamps_per_card);
    let hidden = read(|view| view.in_the_shop.saturating_sub(view.present.len() as u32));
    // The rows are written once each, with the words of the language in use: a row is
    // keyed by its line and by what its words depend on, so a change of language (or of the
    // card's size, or of which list this is) writes the rows again, and nothing in a row
    // but its "left" button's busy state is reactive. A page lists up to 50 rows; without a
    // reactive text per word and an action per row, a row costs the server about half what
    // it did (the browser's hydration took as long either way: see the benchmark chapter).
    let rows = move || {
        let (lang, goal, everyone) = (lang.get(), goal.get(), everyone.get());
        register.with(|answer| match answer {
            Some(Ok(view)) => view
                .present
                .iter()
                .map(|line| Row {
                    line: line.clone(),
                    lang,
                    goal,
                    everyone,
                })
                .collect(),
            _ => Vec::new(),
        })
    };
    // The visits whose "left" is on its way: their rows' buttons show as busy, the others
    // stay usable. A second tap on the same row while it is on its way sends nothing more.
    let leaving = RwSignal::new(Vec::<i64>::new());
    let left = move |visit: i64| {
        if leaving.with_untracked(|leaving| leaving.contains(&visit)) {
            return;
        }
        leaving.update(|leaving| leaving.push(visit));
        leptos::task::spawn_local(async move {
            let answer = mark_left(visit, None).await;
            leaving.try_update(|leaving| leaving.retain(|other| *other != visit));
            match answer {
                Ok(_) => changed.bump(),
                Err(error) => refused(&error),
            }
        });
    };

    view! {
        <section class="panel in-the-shop" aria-labelledby="present-title">
            <p class="live-status" role="status">
                {move || (connection.get() == Connection::Reconnecting).then(|| td_string!(lang.get(), register.offline_reconnecting))}
            </p>
            <Transition fallback=|| ()>
                {move || register.with(|answer| matches!(answer, Some(Err(_)))).then(|| view! {
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), register.it_could_not_be_loaded)}</p>
                })}
                <h2 id="present-title">
                    {move || td_string!(lang.get(), register.in_the_shop_now)}
                    <span class="badge">{count}</span>
                </h2>
                {move || (loaded.get() && count.get() == 0).then(|| view! {
                    <p class="muted">{move || td_string!(lang.get(), register.regulars_you_check_in_appear)}</p>
                })}
                // One row per visit, kept while it is in the list: a change redraws only the
                // rows it touches, and a "left" tapped on one row leaves the others usable.
                <ul class="present-list">
                    <For each=rows key=|row| row.clone() let(row)>
                        {present_row(row, leaving, left)}
                    </For>
                </ul>
                {move || (hidden.get() > 0).then(|| view! {
                    <p class="present-more">
                        <a class="button" href="?present=all">
                            {move || td_string!(lang.get(), register.show_everyone, count = count.get()).to_string()}
                        </a>
                    </p>
                })}
                {move || (everyone.get() && count.get() > PRESENT_SHOWN).then(|| view! {
                    <p class="present-more">
                        <a class="button" href="/">
                            {move || td_string!(lang.get(), register.show_the_newest, count = PRESENT_SHOWN).to_string()}
                        </a>
                    </p>
                })}
            </Transition>
        </section>
    }
}

/// A row of "in the shop now": the line, and what its words depend on.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    line: PresentLine,
    lang: Lang,
    /// Stamps per card.
    goal: u32,
    /// This is the list of everyone, not only the newest.
    everyone: bool,
}

/// Someone in the shop, with "introduce" and "left". "Left" is a plain form that posts
/// before the wasm has arrived (back to the list it was tapped in); once hydrated, `left`
/// sends it, and only this row's button shows as busy.
fn present_row(
    row: Row,
    leaving: RwSignal<Vec<i64>>,
    left: impl Fn(i64) + Copy + 'static,
) -> impl IntoView {
    let Row {
        line,
        lang,
        goal,
        everyone,
    } = row;
    let visit = line.visit;
    let busy = move || leaving.with(|leaving| leaving.contains(&visit));
    let name = called(&line.nickname, lang);
    let has_reward = line.card.rewards_available() > 0;
    let post_to = <MarkLeft as leptos::server_fn::ServerFn>::url();
    let introduce = line.may_be_introduced.then(|| {
        view! {
            <a
                class="button button--small"
                href=introduce_href(Some(line.regular), None)
                aria-label=td_string!(lang, register.introduce_name, name = name.as_str()).to_string()
            >
                {td_string!(lang, register.introduce)}
            </a>
        }
    });
    view! {
        <li class="present">
            <a class="present__name" href=format!("/regulars/{}", line.regular)>{line.nickname}</a>
            <span class="present__tagline">{line.tagline}</span>
            <span class="present__meta">
                <span>{td_string!(lang, register.here_since, since = line.since).to_string()}</span>
                <span class="progress" class:progress--reward=has_reward>{progress_text(line.card, goal, lang)}</span>
            </span>
            <span class="present__actions">
                {introduce}
                <form
                    method="post"
                    action=post_to
                    on:submit=move |ev| {
                        ev.prevent_default();
                        left(visit);
                    }
                >
                    <input type="hidden" name="visit_id" value=visit.to_string()/>
                    // Before the wasm, the post comes back to the list it was tapped in.
                    {everyone.then(|| view! { <input type="hidden" name="present" value="all"/> })}
                    <button
                        type="submit"
                        class="button button--small"
                        aria-label=td_string!(lang, register.name_left, name = name.as_str()).to_string()
                        disabled=busy
                        aria-busy=move || busy().then_some("true")
                    >
                        {td_string!(lang, register.left)}
                    </button>
                </form>
            </span>
        </li>
    }
}
