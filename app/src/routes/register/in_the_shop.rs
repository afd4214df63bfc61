//! "In the shop now": everyone checked in within the presence window, newest first, with
//! "left". Read again after every change at this register, at once when another tablet
//! changed it (the live updates), and every 30 seconds in case an update was missed.

use crate::i18n::td_string;
use crate::words::called;
use leptos::prelude::*;

use super::{RegisterChanged, lock_screen_on_refusal};
use crate::components::stamp_card::StampProgress;
use crate::functions::register::{
    MarkLeft, PRESENT_SHOWN, PresentLine, RegisterView, get_register,
};
use crate::lang::use_lang;
use crate::live::{Connection, use_live_updates};
use crate::routes::introduce::introduce_href;

#[component]
pub fn InTheShop() -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<RegisterChanged>();
    let refused = lock_screen_on_refusal();
    let query = leptos_router::hooks::use_query_map();
    let everyone =
        Memo::new(move |_| query.with(|query| query.get("present").as_deref() == Some("all")));
    // An answer to an older reading never replaces a newer one: the resource keeps only the
    // answer to the latest question it asked.
    let register = Resource::new(
        move || (changed.0.get(), everyone.get()),
        |(_, everyone)| get_register(everyone),
    );
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
    let lines = move || {
        register.with(|answer| match answer {
            Some(Ok(view)) => view.present.clone(),
            _ => Vec::new(),
        })
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
                    <For
                        each=lines
                        key=|line| line.clone()
                        let(line)
                    >
                        <PresentRow line goal=goal.into() everyone=everyone.into()/>
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

/// Someone in the shop, with "introduce" and "left". Each row has its own "left", so a tap
/// shows as busy on its own row only.
#[component]
fn PresentRow(line: PresentLine, goal: Signal<u32>, everyone: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<RegisterChanged>();
    let refused = lock_screen_on_refusal();
    let left = ServerAction::<MarkLeft>::new();
    Effect::new(move |_| match left.value().get() {
        Some(Ok(_)) => changed.bump(),
        Some(Err(error)) => refused(&error),
        None => {}
    });
    let visit = line.visit;
    let name = line.nickname.clone();
    let intro_name = name.clone();
    let regular_id = line.regular;
    let since = line.since;
    let card = line.card;
    view! {
        <li class="present">
            <a class="present__name" href=format!("/regulars/{regular_id}")>{line.nickname}</a>
            <span class="present__tagline">{line.tagline}</span>
            <span class="present__meta">
                <span>{move || td_string!(lang.get(), register.here_since, since = since.clone()).to_string()}</span>
                {move || view! { <StampProgress card stamps_per_card=goal.get()/> }}
            </span>
            <span class="present__actions">
            {line.may_be_introduced.then(|| view! {
                <a
                    class="button button--small"
                    href=introduce_href(Some(regular_id), None)
                    aria-label=move || td_string!(lang.get(), register.introduce_name, name = called(&intro_name, lang.get())).to_string()
                >
                    {move || td_string!(lang.get(), register.introduce)}
                </a>
            })}
            <ActionForm action=left>
                <input type="hidden" name="visit_id" value=visit.to_string()/>
                // Before the wasm, the post comes back to the list it was tapped in.
                {move || everyone.get().then(|| view! { <input type="hidden" name="present" value="all"/> })}
                <button
                    type="submit"
                    class="button button--small"
                    aria-label=move || td_string!(lang.get(), register.name_left, name = called(&name, lang.get())).to_string()
                    disabled=move || left.pending().get()
                    aria-busy=move || left.pending().get().then_some("true")
                >
                    {move || td_string!(lang.get(), register.left)}
                </button>
            </ActionForm>
            </span>
        </li>
    }
}
