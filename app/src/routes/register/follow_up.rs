//! The follow-up at the register: after a check-in, what an introduction of the last 90 days
//! led to, when nobody has said yet. "Last time you met Hanako (12 Nov) — did it lead to
//! anything?" One tap records the outcome, as the introduction's own page does; "ask next
//! time" lets it wait for the next visit, "don't ask again" stops it for good.
//!
//! It is read after the check-in has answered, so it never slows the check-in. Before the
//! wasm, each answer is a plain form that comes back to the check-in's result.

use joren::introduction::{FollowUp, Outcome};
use leptos::lazy;
use leptos::prelude::*;

use super::lock_screen_on_refusal;
use crate::functions::introductions::{
    FollowUpOutcome, FollowUpQuestion, RecordOutcome, StopFollowUp, follow_up_due,
};
use crate::i18n::td_string;
use crate::lang::use_lang;
use crate::words::{called, outcome_words};

/// What a page says of the follow-up after a check-in (see `CameWith`). Not an
/// `Option<Option<_>>`: JSON cannot tell `Some(None)` from `None`, and the page's data must
/// read back in the browser exactly as the server wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FollowUpCame {
    /// The server did not read it (a check-in on this page): the follow-up asks for it.
    #[default]
    NotRead,
    /// Nothing to ask.
    Nothing,
    Ask(FollowUpQuestion),
}

/// The question for `regular` who just checked in, as the page `came` with it. `later`: the
/// introduction a plain form's "ask next time" put off, not asked again on this page. The
/// view, its actions and the question's request are code of their own (`follow_up_view`),
/// fetched the first time a check-in is shown, so that the register's first load does not
/// carry them.
#[component]
pub fn FollowUpAsk(regular: i64, came: FollowUpCame, later: Option<i64>) -> AnyView {
    match came {
        // Nothing to ask, as the server read it: the page needs none of the follow-up's code,
        // and its hydration waits for none.
        FollowUpCame::Nothing => ().into_any(),
        FollowUpCame::Ask(question) if later == Some(question.introduction) => ().into_any(),
        came => view! {
            <Suspense fallback=|| ()>
                {Suspend::new(async move { follow_up_view(regular, came, later).await })}
            </Suspense>
        }
        .into_any(),
    }
}

/// The question with its one-tap answers, and what was answered.
#[lazy]
fn follow_up_view(regular: i64, came: FollowUpCame, later: Option<i64>) -> AnyView {
    let asked = came != FollowUpCame::NotRead;
    let question = RwSignal::new(match came {
        FollowUpCame::Ask(question) => Some(question),
        FollowUpCame::NotRead | FollowUpCame::Nothing => None,
    });
    // A check-in on this page: the question is read now, after the check-in has answered.
    Effect::new(move |_| {
        if !asked {
            leptos::task::spawn_local(async move {
                if let Ok(due) = follow_up_due(regular).await {
                    question.try_set(due);
                }
            });
        }
    });
    let lang = use_lang();
    let refused = lock_screen_on_refusal();
    let record = ServerAction::<RecordOutcome>::new();
    let stop = ServerAction::<StopFollowUp>::new();
    let put_off = RwSignal::new(false);
    // The outcome tapped last, for the line that says it was recorded.
    let chosen = RwSignal::new(None::<Outcome>);
    Effect::new(move |_| {
        if let Some(Err(error)) = record.value().get() {
            refused(&error);
        }
    });
    Effect::new(move |_| {
        if let Some(Err(error)) = stop.value().get() {
            refused(&error);
        }
    });
    // What this page answered: the question makes way for it.
    let recorded = move || match record.value().get() {
        Some(Ok(FollowUpOutcome::Done(FollowUp::Recorded | FollowUp::Unchanged))) => chosen.get(),
        _ => None,
    };
    let stopped = move || matches!(stop.value().get(), Some(Ok(())));
    let answered = move || recorded().is_some() || stopped() || put_off.get();
    let shown = move || {
        question
            .get()
            .filter(|question| !answered() && later != Some(question.introduction))
    };

    view! {
        {move || shown().map(|question| {
            let id = question.introduction;
            let text = move || {
                let l = lang.get();
                td_string!(l, register.follow_up_question, date = &question.on, name = called(&question.other, l)).to_string()
            };
            view! {
            <div class="follow-up" role="group" aria-labelledby="follow-up-question">
                <p id="follow-up-question" class="follow-up__question">{text}</p>
                <div class="follow-up__answers">
                    {Outcome::ALL.into_iter().map(|outcome| view! {
                        <ActionForm action=record>
                            <input type="hidden" name="introduction_id" value=id.to_string()/>
                            <input type="hidden" name="outcome" value=outcome.as_str()/>
                            <input type="hidden" name="note" value=""/>
                            <button type="submit" class="button" disabled=move || record.pending().get() on:click=move |_| chosen.set(Some(outcome))>
                                {move || outcome_words(outcome, lang.get())}
                            </button>
                        </ActionForm>
                    }).collect_view()}
                </div>
                <div class="follow-up__later">
                    // Before the wasm: the check-in's result again, without this question.
                    <form method="get" action="/">
                        <input type="hidden" name="answered" value=""/>
                        <input type="hidden" name="later" value=id.to_string()/>
                        <button type="submit" class="button button--small" on:click=move |ev| {
                            ev.prevent_default();
                            put_off.set(true);
                        }>
                            {move || td_string!(lang.get(), register.ask_next_time)}
                        </button>
                    </form>
                    <ActionForm action=stop>
                        <input type="hidden" name="introduction_id" value=id.to_string()/>
                        <button type="submit" class="button button--small" disabled=move || stop.pending().get()>
                            {move || td_string!(lang.get(), register.dont_ask_again)}
                        </button>
                    </ActionForm>
                </div>
            </div>
            }
        })}
        {move || recorded().map(|outcome| view! {
            <p class="follow-up__done">
                {move || td_string!(lang.get(), register.follow_up_recorded, outcome = outcome_words(outcome, lang.get())).to_string()}
            </p>
        })}
        {move || stopped().then(|| view! {
            <p class="follow-up__done">{move || td_string!(lang.get(), register.follow_up_stopped)}</p>
        })}
    }
    .into_any()
}
