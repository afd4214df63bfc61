//! `/introductions/:id`: one introduction — who met whom, when, by whom — and the follow-up
//! of what it led to. Every earlier outcome stays in the history.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use crate::words::called;
use joren::introduction::{FollowUp, Outcome};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::qr_list::QrList;
use crate::components::suspended::suspended;
use crate::components::text_field::{TextArea, problem_of};
use crate::components::unavailable::unavailable;
use crate::functions::introductions::{
    FollowUpOutcome, IntroductionPage, RecordOutcome, get_introduction,
};
use crate::lang::{Lang, use_lang};
use crate::problems::Field;
use crate::words::{introduction_refusal, outcome_words};

#[component]
pub fn IntroductionScreen() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let record = ServerAction::<RecordOutcome>::new();
    let introduction = Resource::new(
        move || (id.get(), record.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_introduction(id).await,
                None => Ok(None),
            }
        },
    );
    let content = move || {
        Suspend::new(async move {
            match introduction.await {
                Ok(Some(page)) => introduction_view(page, record).into_any(),
                Ok(None) => unavailable(None),
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, introduce.what_an_introduction_led_to)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

fn introduction_view(page: IntroductionPage, record: ServerAction<RecordOutcome>) -> impl IntoView {
    let lang = use_lang();
    let IntroductionPage {
        introduction,
        links,
        scans,
    } = page;
    let share = (!links.is_empty()).then(|| {
        view! {
            <section class="card card--form" aria-labelledby="share-title">
                <h2 id="share-title">{move || td_string!(lang.get(), introduce.scan_with_a_phone)}</h2>
                {scans.map(|n| view! {
                    <p class="muted">{move || scanned_text(n, lang.get())}</p>
                })}
                {links.into_iter().map(|(nickname, links)| {
                    let name = nickname.clone();
                    view! {
                        <h3>{move || td_string!(lang.get(), introduce.links_of, name = called(&name, lang.get())).to_string()}</h3>
                        <QrList links=links/>
                    }
                }).collect_view()}
            </section>
        }
    });
    let (first_id, first) = introduction.first.clone();
    let (second_id, second) = introduction.second.clone();
    let title = (first.clone(), second.clone());
    let current = introduction.outcomes.first().map(|line| line.outcome);
    let at = introduction.at.clone();
    let by = introduction.by.clone();
    let problems = Signal::derive(move || match record.value().get() {
        Some(Ok(FollowUpOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    let answer = move || {
        let (text, error) = match record.value().get()? {
            Ok(FollowUpOutcome::Done(FollowUp::Recorded)) => {
                (td_string!(lang.get(), introduce.recorded).to_owned(), false)
            }
            Ok(FollowUpOutcome::Done(FollowUp::Unchanged)) => (
                td_string!(lang.get(), introduce.same_as_last_time_nothing).to_owned(),
                false,
            ),
            Ok(
                FollowUpOutcome::Refused(refused)
                | FollowUpOutcome::Done(FollowUp::Refused(refused)),
            ) => (introduction_refusal(&refused, lang.get()), true),
            Ok(FollowUpOutcome::Invalid(_)) => return None,
            Err(_) => (
                td_string!(lang.get(), introduce.it_could_not_be_recorded).to_owned(),
                true,
            ),
        };
        Some(view! { <p class="notice" class:notice--error=error role="status">{text}</p> })
    };

    view! {
        <div class="introduction">
            <header class="topbar">
                <a class="button" href="/">{move || td_string!(lang.get(), introduce.back_to_the_register)}</a>
                <h1 class="topbar__title">{move || {
                    td_string!(lang.get(), introduce.pair_title, first = called(&title.0, lang.get()), second = called(&title.1, lang.get()))
                        .to_string()
                }}</h1>
            </header>
            <main class="screen regular__main introduction__main">
                <section class="card card--form" aria-labelledby="met-title">
                    <h2 id="met-title">{move || td_string!(lang.get(), introduce.how_they_met)}</h2>
                    <p class="introduction__pair">
                        <a href=format!("/regulars/{first_id}")>{first}</a>
                        " × "
                        <a href=format!("/regulars/{second_id}")>{second}</a>
                    </p>
                    <p>{move || match &by {
                        Some(by) => td_string!(lang.get(), introduce.met_on_introduced_by, at = &at, by = called(by, lang.get()))
                            .to_string(),
                        None => td_string!(lang.get(), introduce.met_on, at = &at).to_string(),
                    }}</p>
                    {introduction.note.map(|note| view! { <p class="notes">{note}</p> })}
                    <p class="introduction__current">
                        <span>{move || td_string!(lang.get(), introduce.now)}</span>
                        <strong>{move || match current {
                            Some(outcome) => outcome_words(outcome, lang.get()),
                            None => td_string!(lang.get(), introduce.not_followed_up_yet),
                        }}</strong>
                    </p>
                </section>
                {share}
                <section class="card card--form" aria-labelledby="follow-up-title">
                    <h2 id="follow-up-title">{move || td_string!(lang.get(), introduce.record_what_it_led_to)}</h2>
                    <ActionForm action=record attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="introduction_id" value=introduction.id.to_string()/>
                        <fieldset class="outcomes">
                            <legend>{move || td_string!(lang.get(), introduce.what_did_it_lead_to)}</legend>
                            {Outcome::ALL.into_iter().map(|outcome| view! {
                                <label class="outcome">
                                    <input type="radio" name="outcome" value=outcome.as_str() checked=current == Some(outcome) required=true/>
                                    <span>{move || outcome_words(outcome, lang.get())}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <TextArea
                            name="note"
                            label=Signal::derive(move || td_string!(lang.get(), introduce.note_optional_e_g_shot).to_owned())
                            problem=problem_of(problems, Field::Notes)
                            value=String::new()
                            rows=2
                        />
                        {answer}
                        <button type="submit" class="button button--primary" disabled=move || record.pending().get() aria-busy=move || record.pending().get().then_some("true")>
                            {move || td_string!(lang.get(), introduce.record)}
                        </button>
                    </ActionForm>
                </section>
                <section class="card card--form" aria-labelledby="history-title">
                    <h2 id="history-title">{move || td_string!(lang.get(), introduce.history)}</h2>
                    {introduction.outcomes.is_empty().then(|| view! { <p class="muted">{move || td_string!(lang.get(), introduce.none_yet)}</p> })}
                    <ol class="ledger">
                        {introduction.outcomes.into_iter().map(|line| {
                            let outcome = line.outcome;
                            view! {
                                <li>
                                    <span class="audit__time">{line.at}</span>" "
                                    <strong>{move || outcome_words(outcome, lang.get())}</strong>
                                    " · " {line.by}
                                    {line.note.map(|note| view! { <p class="notes">{note}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            </main>
        </div>
    }
}

/// How often this introduction's QR codes were scanned.
fn scanned_text(scans: u32, lang: Lang) -> String {
    td_string!(lang, introduce.qr_codes_scanned, count = scans).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scans_are_worded_with_the_languages_plural_rules() {
        assert_eq!(
            scanned_text(1, Lang::en),
            "This introduction's QR codes were scanned once."
        );
        assert_eq!(
            scanned_text(0, Lang::en),
            "This introduction's QR codes were scanned 0 times."
        );
        assert_eq!(
            scanned_text(2, Lang::en),
            "This introduction's QR codes were scanned 2 times."
        );
        assert_eq!(
            scanned_text(1, Lang::ja),
            "この紹介のQRコードは1回読み取られました。"
        );
    }
}
