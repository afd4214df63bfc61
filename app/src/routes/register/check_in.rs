//! Check-in: type a few characters of a name or its reading, tap the person. Or add a new
//! regular and check them in at once. The result shows the stamp card, a reward when one is
//! earned, and an undo.

use crate::i18n::td_string;
use crate::words::called;
use joren::check_in::{CheckInOutcome, Redeem, Undo};
use leptos::prelude::*;

use super::follow_up::{FollowUpAsk, FollowUpCame};
use super::{RegisterChanged, RegisterList, lock_screen_on_refusal};
use crate::components::chime::Sound;
use crate::components::stamp_card::{StampCard, StampProgress, progress_text};
use crate::components::text_field::{TextField, problem_of};
use crate::functions::register::{
    AddRegularAndCheckIn, CheckIn, CheckInAnswer, NewRegularOutcome, NewRegularTyped, RedeemReward,
    RegisterAnswer, SearchAnswer, UndoCheckIn, last_register_answer, search_regulars,
};
use crate::lang::use_lang;
use crate::problems::Field;

#[component]
pub fn CheckInPanel() -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<RegisterChanged>();
    let refused = lock_screen_on_refusal();

    // Before the browser has taken over, the register's forms are plain forms: the page comes
    // back with the search typed (`?q=`), the new regular's form (`?new`), or what a post did
    // (`?answered`, see `functions::plain_form`).
    let (typed_before, new_before, answered, later) = leptos_router::hooks::use_query_map()
        .with_untracked(|query| {
            (
                query.get("q").unwrap_or_default(),
                query.get("new").is_some(),
                query.get("answered").is_some(),
                // A follow-up put off with "ask next time" (see `FollowUpAsk`).
                query.get("later").and_then(|id| id.parse::<i64>().ok()),
            )
        });
    let before = Resource::new(|| (), {
        let typed_before = typed_before.clone();
        move |()| {
            let typed = typed_before.clone();
            async move { page_came_with(answered, typed).await }
        }
    });
    // Anything done on this page replaces what the page came with.
    let acted = RwSignal::new(false);

    // The search: every keystroke asks; only the answer to the latest question is shown, so
    // a slow answer to "y" never replaces the answer to "yu".
    let query = RwSignal::new(typed_before.clone());
    let answer = RwSignal::new(None::<SearchAnswer>);
    let asked = StoredValue::new(0_u64);
    let search = move |text: String| {
        acted.set(true);
        query.set(text.clone());
        let question = asked.get_value() + 1;
        asked.set_value(question);
        if text.trim().is_empty() {
            answer.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let result = search_regulars(text).await;
            // A newer question was asked, or the register has gone meanwhile.
            if asked.try_get_value() != Some(question) {
                return;
            }
            match result {
                Ok(found) => answer.set(Some(found)),
                Err(error) => refused(&error),
            }
        });
    };

    let check_in = ServerAction::<CheckIn>::new();
    let add_new = ServerAction::<AddRegularAndCheckIn>::new();
    let show_new = RwSignal::new(new_before);
    // How often the new regular's form has been opened here, so it starts afresh each time.
    let opened = RwSignal::new(0_u32);
    let new_box = NodeRef::<leptos::html::Details>::new();
    // A form opened before the browser had taken over stays open.
    Effect::new(move |_| {
        if new_box.get().is_some_and(|new_box| new_box.open()) {
            show_new.set(true);
        }
    });
    let last = RwSignal::new(None::<CheckInAnswer>);
    let sound = expect_context::<Sound>();
    let checked_in = move |done: CheckInAnswer| {
        if matches!(done.check_in, CheckInOutcome::CheckedIn { .. }) {
            sound.chime();
        }
        last.set(Some(done));
        show_new.set(false);
        search(String::new());
        changed.bump();
    };
    // What the page came with, until something is done here.
    let came_with = move || {
        if acted.get() {
            None
        } else {
            before.get().and_then(|came| came.answer)
        }
    };
    let found = move || {
        if acted.get() {
            answer.get()
        } else {
            before.get().and_then(|came| came.found)
        }
    };
    let shown = move || match came_with() {
        Some(RegisterAnswer::CheckedIn { done, undo, redeem }) => {
            let follow_up = before.get().map(|came| came.follow_up).unwrap_or_default();
            Some((done, undo, redeem, follow_up))
        }
        _ => last
            .get()
            .map(|done| (done, None, None, FollowUpCame::NotRead)),
    };
    Effect::new(move |_| match check_in.value().get() {
        Some(Ok(done)) => checked_in(done),
        Some(Err(error)) => refused(&error),
        None => {}
    });
    Effect::new(move |_| match add_new.value().get() {
        Some(Ok(NewRegularOutcome::CheckedIn(done))) => checked_in(done),
        Some(Err(error)) => refused(&error),
        _ => {}
    });
    // A failure the person can act on only by trying again is still said, never swallowed.
    let failed = move || {
        matches!(check_in.value().get(), Some(Err(_)))
            || matches!(add_new.value().get(), Some(Err(_)))
            || matches!(came_with(), Some(RegisterAnswer::Failed))
    };
    let typed_new = move || match came_with() {
        Some(RegisterAnswer::NewRegularInvalid { typed, .. }) => Some(typed),
        _ => None,
    };
    let new_problems = Signal::derive(move || match (add_new.value().get(), came_with()) {
        (Some(Ok(NewRegularOutcome::Invalid(problems))), _) => problems,
        (None, Some(RegisterAnswer::NewRegularInvalid { problems, .. })) => problems,
        _ => Vec::new(),
    });

    let results = move || {
        found().map(|answer| {
            let empty = answer.found.is_empty();
            let goal = answer.stamps_per_card;
            view! {
                <ul class="results" aria-label=move || td_string!(lang.get(), register.regulars_found)>
                    {answer.found.into_iter().map(|regular| {
                        let id = regular.id.0;
                        view! {
                            <li>
                                <ActionForm action=check_in>
                                    <input type="hidden" name="regular_id" value=id.to_string()/>
                                    <button
                                        type="submit"
                                        class="result"
                                        disabled=move || check_in.pending().get()
                                        aria-busy=move || check_in.input().with(|input| input.as_ref().is_some_and(|i| i.regular_id == id)).then_some("true")
                                    >
                                        <span class="result__name">{regular.nickname.clone()}</span>
                                        <span class="result__tagline">{regular.tagline.clone()}</span>
                                        <StampProgress card=regular.card stamps_per_card=goal/>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {empty.then(|| view! {
                    <p class="muted">{move || td_string!(lang.get(), register.nobody_found_a_new_regular)}</p>
                })}
            }
        })
    };

    view! {
        <section class="panel check-in" aria-labelledby="check-in-title">
            <h2 id="check-in-title">{move || td_string!(lang.get(), register.check_in)}</h2>
            // Before the browser has taken over, Enter (or the search key) asks the server for
            // the page with the results.
            <form id="find-form" class="field" method="get" action="/" role="search" on:submit=move |ev| ev.prevent_default()>
                <label for="find">{move || td_string!(lang.get(), register.find_by_name_or_reading)}</label>
                <input
                    id="find"
                    name="q"
                    class="search"
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength="40"
                    value=typed_before
                    prop:value=move || query.get()
                    on:input=move |ev| search(event_target_value(&ev))
                />
                <button type="submit" class="visually-hidden" tabindex="-1">
                    {move || td_string!(lang.get(), register.find)}
                </button>
            </form>
            <Suspense fallback=|| ()>
                <Show when=failed>
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), register.the_check_in_did_not)}</p>
                </Show>
                {results}
                // "+ new regular" opens its form in the page itself, before the browser has
                // taken over too: a tap then needs no page load, and no wasm.
                <details
                    class="new-regular-box"
                    node_ref=new_box
                    open=move || show_new.get() || typed_new().is_some()
                    on:toggle=move |_| {
                        if let Some(new_box) = new_box.get_untracked() {
                            show_new.set(new_box.open());
                        }
                    }
                >
                    <summary class="button button--wide" on:click=move |_| {
                        // Opening: the form starts from what the search holds now.
                        if !new_box.get_untracked().is_some_and(|new_box| new_box.open()) {
                            acted.set(true);
                            // Nor the problems of an earlier try.
                            add_new.clear();
                            opened.update(|times| *times += 1);
                        }
                    }>
                        {move || td_string!(lang.get(), register.new_regular)}
                    </summary>
                    // Keyed by the opening, so that each opening makes new fields: a view
                    // rebuilt in place would keep what was typed into the old ones.
                    <For each=move || [opened.get()] key=|times| *times let:_times>
                        {
                            let typed = untrack(typed_new)
                                .unwrap_or_else(|| from_the_search(&query.get_untracked()));
                            view! {
                                <NewRegularForm action=add_new problems=new_problems typed on_cancel=Callback::new(move |()| {
                                    acted.set(true);
                                    show_new.set(false);
                                })/>
                            }
                        }
                    </For>
                </details>
                {move || shown().map(|(done, undo, redeem, follow_up)| view! {
                    <CheckedIn done undo redeem follow_up later on_cleared=Callback::new(move |()| {
                        acted.set(true);
                        last.set(None);
                    })/>
                })}
            </Suspense>
        </section>
    }
}

/// "+ new regular": a nickname, an optional reading and the stamps of a paper card they
/// brought, checked in at once. It opens with what was typed in the search box (see
/// [`from_the_search`]), or with what came back with problems, as it was typed.
#[component]
fn NewRegularForm(
    action: ServerAction<AddRegularAndCheckIn>,
    problems: Signal<Vec<crate::problems::FieldProblem>>,
    typed: NewRegularTyped,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let NewRegularTyped {
        nickname,
        reading,
        paper_stamps,
        came_with,
    } = typed;
    view! {
        <ActionForm action attr:class="form new-regular" attr:novalidate=true>
            <h3>{move || td_string!(lang.get(), register.new_regular_2)}</h3>
            <div class="form__row">
                <TextField
                    name="nickname"
                    label=Signal::derive(move || td_string!(lang.get(), register.nickname).to_owned())
                    problem=problem_of(problems, Field::Nickname)
                    value=nickname
                />
                <TextField
                    name="reading"
                    label=Signal::derive(move || td_string!(lang.get(), register.reading_kana_optional).to_owned())
                    problem=problem_of(problems, Field::Reading)
                    value=reading
                />
            </div>
            <TextField
                name="paper_stamps"
                label=Signal::derive(move || td_string!(lang.get(), register.paper_card_stamps_optional).to_owned())
                problem=problem_of(problems, Field::PaperStamps)
                value=paper_stamps
                numeric=true
            />
            <CameWithField problem=problem_of(problems, Field::CameWith) chosen=came_with/>
            <div class="form__actions">
                // Before the browser has taken over: back to the register as it was.
                <button type="submit" formmethod="get" formaction="/" formnovalidate=true class="button"
                    on:click=move |ev| {
                        ev.prevent_default();
                        on_cancel.run(());
                    }
                >
                    {move || td_string!(lang.get(), register.cancel)}
                </button>
                <button type="submit" class="button button--primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), register.add_and_check_in)}
                </button>
            </div>
        </ActionForm>
    }
}

/// What the search typed becomes in a new regular's form: the reading too when it is kana,
/// else the nickname alone.
fn from_the_search(typed: &str) -> NewRegularTyped {
    let typed = typed.trim().to_owned();
    let is_kana = !typed.is_empty()
        && typed
            .chars()
            .all(|c| matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー' | '・' | ' ' | '　'));
    NewRegularTyped {
        reading: if is_kana {
            typed.clone()
        } else {
            String::new()
        },
        nickname: typed,
        paper_stamps: String::new(),
        came_with: String::new(),
    }
}

/// Whom a newcomer came with: one of the people in the shop now (the register's list), or
/// nobody. A friend who brings someone is usually checked in with them.
#[component]
fn CameWithField(problem: Signal<Option<String>>, chosen: String) -> impl IntoView {
    let lang = use_lang();
    let list = expect_context::<RegisterList>();
    // Each person once, as the list has them; a row keeps its option (and the choice) while
    // the list is read again.
    let people = move || {
        list.answer.with(|answer| {
            let mut people: Vec<(i64, String)> = Vec::new();
            if let Some(Ok(view)) = answer {
                for line in &view.present {
                    if !people.iter().any(|(id, _)| *id == line.regular) {
                        people.push((line.regular, line.nickname.clone()));
                    }
                }
            }
            people
        })
    };
    let chosen = chosen.trim().parse::<i64>().ok();
    view! {
        <div class="field" class:field--invalid=move || problem.get().is_some()>
            <label for="field-came_with">{move || td_string!(lang.get(), register.came_with_optional)}</label>
            <select
                id="field-came_with"
                name="came_with"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby="field-came_with-problem"
            >
                <option value="">{move || td_string!(lang.get(), register.came_with_nobody)}</option>
                <For each=people key=|person| person.clone() let((id, nickname))>
                    <option value=id.to_string() selected=chosen == Some(id)>{nickname}</option>
                </For>
            </select>
            <p class="field__problem" id="field-came_with-problem">{move || problem.get()}</p>
        </div>
    }
}

/// What the register's address brought: a plain form's answer, and the search typed before
/// the browser had taken over. Nothing is asked when the address asks for neither.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct CameWith {
    answer: Option<RegisterAnswer>,
    found: Option<SearchAnswer>,
    /// After a check-in, as the server read it: the introduction to ask about.
    follow_up: FollowUpCame,
}

async fn page_came_with(answered: bool, typed: String) -> CameWith {
    let answer = if answered {
        last_register_answer().await.ok().flatten()
    } else {
        None
    };
    let found = if typed.trim().is_empty() {
        None
    } else {
        search_regulars(typed).await.ok()
    };
    // Read by the server with the page; in the browser, the follow-up's own code asks for it.
    #[cfg(feature = "ssr")]
    let follow_up = match &answer {
        Some(RegisterAnswer::CheckedIn { done, .. }) => {
            match crate::functions::introductions::follow_up_due(done.regular).await {
                Ok(Some(question)) => FollowUpCame::Ask(question),
                Ok(None) => FollowUpCame::Nothing,
                Err(_) => FollowUpCame::NotRead,
            }
        }
        _ => FollowUpCame::NotRead,
    };
    #[cfg(not(feature = "ssr"))]
    let follow_up = FollowUpCame::NotRead;
    CameWith {
        answer,
        found,
        follow_up,
    }
}

/// The result of a check-in: welcome, stamps, a reward to hand over, and undo. `undo` and
/// `redeem` are what plain forms did to it before the page came.
#[component]
fn CheckedIn(
    done: CheckInAnswer,
    undo: Option<Undo>,
    redeem: Option<Redeem>,
    /// What the page came with to ask about (see `FollowUpAsk`).
    follow_up: FollowUpCame,
    /// A follow-up put off before the wasm (see `FollowUpAsk`).
    later: Option<i64>,
    on_cleared: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<RegisterChanged>();
    let refused = lock_screen_on_refusal();
    let (undo_before, redeem_before) = (StoredValue::new(undo), StoredValue::new(redeem));
    let undo = ServerAction::<UndoCheckIn>::new();
    let redeem = ServerAction::<RedeemReward>::new();
    // This page's own answer, else the one the page came with.
    let undo_now = move || {
        undo.value()
            .get()
            .and_then(Result::ok)
            .or_else(|| undo_before.get_value())
    };
    let redeem_now = move || {
        redeem
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| redeem_before.get_value())
    };
    Effect::new(move |_| match undo.value().get() {
        Some(Ok(_)) => changed.bump(),
        Some(Err(error)) => refused(&error),
        None => {}
    });
    Effect::new(move |_| match redeem.value().get() {
        Some(Ok(_)) => changed.bump(),
        Some(Err(error)) => refused(&error),
        None => {}
    });

    let nickname = done.nickname.clone();
    let done_goal = done.stamps_per_card;
    // Said even once the newcomer's check-in is undone: the thank-you stamp stays given.
    let thanked = done.thanked.clone().map(|thanked| {
        let name = move || called(&thanked.nickname, lang.get());
        let said = {
            let name = name.clone();
            move || {
                let (name, progress) = (name(), progress_text(thanked.card, done_goal, lang.get()));
                td_string!(lang.get(), register.thanked, nickname = name.as_str(), progress)
                    .to_string()
            }
        };
        // A sentence of its own (Japanese puts no space between sentences).
        let full = thanked.earned_reward.then(|| {
            view! {
                <p class="checked-in__thanked">
                    {move || {
                        let name = name();
                        td_string!(lang.get(), register.thanked_reward, nickname = name.as_str()).to_string()
                    }}
                </p>
            }
        });
        view! { <p class="checked-in__thanked">{said}</p> {full} }
    });
    let visit = done.check_in.visit().0;
    let regular = done.regular;
    let goal = done.stamps_per_card;
    let reward_text = done.reward.clone();
    let (card, stamped, earned, here_since) = match &done.check_in {
        CheckInOutcome::CheckedIn {
            stamped,
            reward,
            card,
            ..
        } => (*card, *stamped, reward.is_some(), false),
        CheckInOutcome::AlreadyHere { card, .. } => (*card, false, false, true),
    };
    let card_now = move || match redeem_now() {
        Some(Redeem::Redeemed { card }) => card,
        _ => card,
    };
    let headline = {
        let nickname = nickname.clone();
        move || {
            let nickname = nickname.clone();
            if here_since {
                td_string!(
                    lang.get(),
                    register.checked_in_already,
                    nickname = called(&nickname, lang.get())
                )
                .to_string()
            } else {
                td_string!(
                    lang.get(),
                    register.welcome,
                    nickname = called(&nickname, lang.get())
                )
                .to_string()
            }
        }
    };
    let undone = move || matches!(undo_now(), Some(Undo::Undone { .. }));
    let undo_message = move || {
        undo_now().map(|result| match (result, lang.get()) {
            (Undo::Undone { .. }, l) => td_string!(l, register.the_check_in_was_undone),
            (Undo::TooLate, l) => td_string!(l, register.more_than_10_minutes_have),
            (Undo::AlreadyUndone, l) => {
                td_string!(l, register.it_was_undone_already)
            }
            (Undo::RewardAlreadyRedeemed, l) => {
                td_string!(l, register.the_reward_this_stamp_earned)
            }
        })
    };
    let redeemed = move || matches!(redeem_now(), Some(Redeem::Redeemed { .. }));

    view! {
        <div class="checked-in" role="status" aria-live="polite" class:checked-in--undone=undone>
            <p class="checked-in__title">{headline}</p>
            {move || (!undone()).then(|| view! { <StampCard card=card_now() stamps_per_card=goal just_completed=earned/> })}
            {(!stamped && !here_since).then(|| view! {
                <p class="muted">{move || td_string!(lang.get(), register.no_stamp_this_time_the)}</p>
            })}
            {thanked}
            {move || (card_now().rewards_available() > 0 && !undone()).then(|| {
                let reward_text = reward_text.clone();
                view! {
                    <div class="reward" role="group" aria-label=move || td_string!(lang.get(), register.reward)>
                        <p><strong>{move || td_string!(lang.get(), register.a_reward_is_waiting)}</strong>{reward_text}</p>
                        <ActionForm action=redeem>
                            <input type="hidden" name="regular_id" value=regular.to_string()/>
                            // What the screen showed: a tap sent twice hands over one reward.
                            <input type="hidden" name="handed_over" value=move || card_now().rewards_redeemed.to_string()/>
                            <button type="submit" class="button button--primary" disabled=move || redeem.pending().get() aria-busy=move || redeem.pending().get().then_some("true")>
                                {move || td_string!(lang.get(), register.reward_handed_over)}
                            </button>
                        </ActionForm>
                    </div>
                }
            })}
            <Show when=redeemed>
                <p>{move || td_string!(lang.get(), register.reward_handed_over_and_recorded)}</p>
            </Show>
            <p>{undo_message}</p>
            {move || (!here_since && !undone()).then(|| {
                let came = follow_up.clone();
                view! { <FollowUpAsk regular came later/> }
            })}
            <div class="checked-in__actions">
                <a class="button" href=format!("/regulars/{regular}")>{move || td_string!(lang.get(), register.open_their_card)}</a>
                {(!here_since).then(|| view! {
                    <ActionForm action=undo>
                        <input type="hidden" name="visit_id" value=visit.to_string()/>
                        <button type="submit" class="button" disabled=move || undo.pending().get() || undone() aria-busy=move || undo.pending().get().then_some("true")>
                            {move || td_string!(lang.get(), register.undo)}
                        </button>
                    </ActionForm>
                })}
                <form method="get" action="/">
                    <button type="submit" class="button" on:click=move |ev| {
                        ev.prevent_default();
                        on_cleared.run(());
                    }>
                        {move || td_string!(lang.get(), register.close)}
                    </button>
                </form>
            </div>
        </div>
    }
}
