//! `/introductions/:id`: one introduction — who met whom, when, by whom — and the follow-up
//! of what it led to. Every earlier outcome stays in the history.

use joren::introduction::{FollowUp, Outcome};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::qr_list::QrList;
use crate::components::text_field::{TextArea, problem_of};
use crate::functions::introductions::{
    FollowUpOutcome, IntroductionPage, RecordOutcome, get_introduction,
};
use crate::lang::{Lang, use_lang};
use crate::problems::Field;
use crate::routes::introduce::talking_points::refusal;
use crate::routes::regular::unavailable;
use crate::shell::tr;

/// An outcome in the kiosk's language.
pub fn outcome_label(outcome: Outcome, lang: Lang) -> &'static str {
    match outcome {
        Outcome::WorkedTogether => tr(lang, "一緒に仕事をした", "Worked together"),
        Outcome::BecameCustomer => tr(lang, "お客さんになった", "Became a customer"),
        Outcome::BecameFriends => tr(lang, "友だちになった", "Became friends"),
        Outcome::NothingYet => tr(lang, "まだ何も", "Nothing yet"),
    }
}

#[component]
pub fn IntroductionScreen() -> impl IntoView {
    let lang = use_lang();
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
                Ok(None) => unavailable(false),
                Err(_) => unavailable(true),
            }
        })
    };
    view! {
        <Title text=move || tr(lang.get(), "紹介のその後", "What an introduction led to")/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{content}</Transition>
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
                <h2 id="share-title">{move || tr(lang.get(), "スマホで読み取ってもらう", "Scan with a phone")}</h2>
                {scans.map(|n| view! {
                    <p class="muted">{move || match (n, lang.get()) {
                        (n, Lang::Ja) => format!("この紹介のQRコードは {n}回 読み取られました。"),
                        (1, Lang::En) => "This introduction's QR codes were scanned once.".to_owned(),
                        (n, Lang::En) => format!("This introduction's QR codes were scanned {n} times."),
                    }}</p>
                })}
                {links.into_iter().map(|(nickname, links)| {
                    let name = nickname.clone();
                    view! {
                        <h3>{move || match lang.get() {
                            Lang::Ja => format!("{name}さんのリンク"),
                            Lang::En => format!("{name}'s links"),
                        }}</h3>
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
    let by = introduction.by.clone().unwrap_or_default();
    let problems = Signal::derive(move || match record.value().get() {
        Some(Ok(FollowUpOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    let answer = move || {
        let (text, error) = match record.value().get()? {
            Ok(FollowUpOutcome::Done(FollowUp::Recorded)) => (
                tr(lang.get(), "記録しました。", "Recorded.").to_owned(),
                false,
            ),
            Ok(FollowUpOutcome::Done(FollowUp::Unchanged)) => (
                tr(
                    lang.get(),
                    "前回と同じなので、そのままです。",
                    "Same as last time: nothing changed.",
                )
                .to_owned(),
                false,
            ),
            Ok(FollowUpOutcome::Refused(refused)) => (refusal(&refused, lang.get()), true),
            Ok(FollowUpOutcome::Invalid(_)) => return None,
            Err(_) => (
                tr(
                    lang.get(),
                    "記録できませんでした。ロックを解除し直してください。",
                    "It could not be recorded. Please unlock the kiosk again.",
                )
                .to_owned(),
                true,
            ),
        };
        Some(view! { <p class="notice" class:notice--error=error role="status">{text}</p> })
    };

    view! {
        <div class="introduction">
            <header class="topbar">
                <a class="button" href="/">{move || tr(lang.get(), "← レジに戻る", "← Back to the register")}</a>
                <h1 class="topbar__title">{move || match lang.get() {
                    Lang::Ja => format!("{}さんと{}さん", title.0, title.1),
                    Lang::En => format!("{} and {}", title.0, title.1),
                }}</h1>
            </header>
            <main class="screen regular__main introduction__main">
                <section class="card card--form" aria-labelledby="met-title">
                    <h2 id="met-title">{move || tr(lang.get(), "出会い", "How they met")}</h2>
                    <p class="introduction__pair">
                        <a href=format!("/regulars/{first_id}")>{first}</a>
                        " × "
                        <a href=format!("/regulars/{second_id}")>{second}</a>
                    </p>
                    <p>{move || match lang.get() {
                        Lang::Ja => format!("{at}、{by}さんの紹介"),
                        Lang::En => format!("{at}, introduced by {by}"),
                    }}</p>
                    {introduction.note.map(|note| view! { <p class="notes">{note}</p> })}
                    <p class="introduction__current">
                        <span>{move || tr(lang.get(), "いまの様子：", "Now: ")}</span>
                        <strong>{move || match current {
                            Some(outcome) => outcome_label(outcome, lang.get()),
                            None => tr(lang.get(), "まだ記録がありません", "Not followed up yet"),
                        }}</strong>
                    </p>
                </section>
                {share}
                <section class="card card--form" aria-labelledby="follow-up-title">
                    <h2 id="follow-up-title">{move || tr(lang.get(), "その後を記録する", "Record what it led to")}</h2>
                    <ActionForm action=record attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="introduction_id" value=introduction.id.to_string()/>
                        <fieldset class="outcomes">
                            <legend>{move || tr(lang.get(), "何につながりましたか？", "What did it lead to?")}</legend>
                            {Outcome::ALL.into_iter().map(|outcome| view! {
                                <label class="outcome">
                                    <input type="radio" name="outcome" value=outcome.as_str() checked=current == Some(outcome) required=true/>
                                    <span>{move || outcome_label(outcome, lang.get())}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <TextArea
                            name="note"
                            label=Signal::derive(move || tr(lang.get(), "メモ（任意・例：新メニューの写真を撮った）", "Note (optional, e.g. shot the new menu)").to_owned())
                            problem=problem_of(problems, Field::Notes)
                            value=String::new()
                            rows=2
                        />
                        {answer}
                        <button type="submit" class="button button--primary" disabled=move || record.pending().get()>
                            {move || tr(lang.get(), "記録する", "Record")}
                        </button>
                    </ActionForm>
                </section>
                <section class="card card--form" aria-labelledby="history-title">
                    <h2 id="history-title">{move || tr(lang.get(), "これまでの記録", "History")}</h2>
                    {introduction.outcomes.is_empty().then(|| view! { <p class="muted">{move || tr(lang.get(), "まだありません。", "None yet.")}</p> })}
                    <ol class="ledger">
                        {introduction.outcomes.into_iter().map(|line| {
                            let outcome = line.outcome;
                            view! {
                                <li>
                                    <span class="audit__time">{line.at}</span>" "
                                    <strong>{move || outcome_label(outcome, lang.get())}</strong>
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
