//! What two people could talk about, in words, and "Introduce" itself.

use crate::i18n::td_string;
use joren::introduction::IntroductionError;
use joren::suggestion::{OFTEN_TOGETHER, Reasons};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::text_field::{TextArea, problem_of};
use crate::functions::introductions::{Introduce, IntroduceOutcome, MetBefore};
use crate::lang::{Lang, use_lang};
use crate::problems::Field;

/// The reasons two people could meet, as sentences staff can read out: `a` is the person
/// the reasons were found for, `b` the other.
pub fn reason_lines(reasons: &Reasons, a: &str, b: &str, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for (giver, taker, matched) in reasons
        .a_offers
        .iter()
        .map(|m| (a, b, m))
        .chain(reasons.b_offers.iter().map(|m| (b, a, m)))
    {
        lines.push(match lang {
            Lang::ja if matched.offered == matched.wanted => format!(
                "{giver}さんの「{}」を、{taker}さんが探しています",
                matched.offered
            ),
            Lang::ja => format!(
                "{giver}さんの「{}」を、{taker}さんが探しています（「{}」）",
                matched.offered, matched.wanted
            ),
            Lang::en if matched.offered == matched.wanted => format!(
                "{giver} offers “{}”, which {taker} is looking for",
                matched.offered
            ),
            Lang::en => format!(
                "{giver} offers “{}”; {taker} is looking for “{}”",
                matched.offered, matched.wanted
            ),
        });
    }
    if !reasons.shared_interests.is_empty() {
        lines.push(match lang {
            Lang::ja => format!(
                "どちらも{}が好き",
                reasons
                    .shared_interests
                    .iter()
                    .map(|interest| format!("「{interest}」"))
                    .collect::<String>()
            ),
            Lang::en => format!(
                "Both like {}",
                reasons
                    .shared_interests
                    .iter()
                    .map(|interest| format!("“{interest}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if reasons.times_together >= OFTEN_TOGETHER {
        let times = reasons.times_together;
        lines.push(match lang {
            Lang::ja => format!("この90日で{times}回、同じ時間に来店"),
            Lang::en => format!("Here at the same time {times} times in the last 90 days"),
        });
    }
    lines
}

/// Both people's talking points, side by side on the screen above.
#[component]
pub fn TalkingPoints(points: Reasons, names: (String, String)) -> impl IntoView {
    let lang = use_lang();
    let empty = points.is_empty();
    view! {
        <h2 id="points-title">{move || td_string!(lang.get(), introduce.what_they_could_talk_about)}</h2>
        {empty.then(|| view! {
            <p class="muted">{move || td_string!(lang.get(), introduce.nothing_in_common_found_yet)}</p>
        })}
        <ul class="reasons reasons--large">
            {move || reason_lines(&points, &names.0, &names.1, lang.get())
                .into_iter()
                .map(|line| view! { <li>{line}</li> })
                .collect_view()}
        </ul>
    }
}

/// "They met here before": when, by whom, and where to record what it led to.
#[component]
pub fn MetBeforeNotice(met: MetBefore, names: (String, String)) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/introductions/{}", met.introduction);
    view! {
        <div class="notice met-before" role="status">
            <p>{move || {
                let (a, b) = &names;
                let by = met.by.clone().unwrap_or_default();
                match lang.get() {
                    Lang::ja => format!("{a}さんと{b}さんは、{}に{by}さんの紹介で出会っています。", met.at),
                    Lang::en => format!("{a} and {b} already met here on {}, introduced by {by}.", met.at),
                }
            }}</p>
            <a class="button" href=href>{move || td_string!(lang.get(), introduce.record_what_it_led_to)}</a>
        </div>
    }
}

/// The note and the "Introduce" button. On success the screen moves to the introduction.
#[component]
pub fn IntroduceForm(a: i64, b: i64) -> impl IntoView {
    let lang = use_lang();
    let introduce = ServerAction::<Introduce>::new();
    let problems = Signal::derive(move || match introduce.value().get() {
        Some(Ok(IntroduceOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    Effect::new(move |_| {
        if let Some(Ok(IntroduceOutcome::Introduced { introduction })) = introduce.value().get() {
            use_navigate()(
                &format!("/introductions/{introduction}"),
                Default::default(),
            );
        }
    });
    let answer = move || {
        let text = match introduce.value().get()? {
            Ok(IntroduceOutcome::AlreadyMet(met)) => match lang.get() {
                Lang::ja => format!("このお二人は{}にすでに出会っています。", met.at),
                Lang::en => format!("These two already met here on {}.", met.at),
            },
            Ok(IntroduceOutcome::Refused(refused)) => refusal(&refused, lang.get()),
            Err(_) => td_string!(lang.get(), introduce.it_could_not_be_recorded).to_owned(),
            Ok(IntroduceOutcome::Introduced { .. } | IntroduceOutcome::Invalid(_)) => {
                return None;
            }
        };
        Some(view! { <p class="notice notice--error" role="alert">{text}</p> })
    };
    view! {
        <ActionForm action=introduce attr:class="form introduce__form" attr:novalidate=true>
            <input type="hidden" name="a" value=a.to_string()/>
            <input type="hidden" name="b" value=b.to_string()/>
            <TextArea
                name="note"
                label=Signal::derive(move || td_string!(lang.get(), introduce.note_optional_e_g_talked).to_owned())
                problem=problem_of(problems, Field::Notes)
                value=String::new()
                rows=2
            />
            {answer}
            <button type="submit" class="button button--primary button--wide" disabled=move || introduce.pending().get()>
                {move || td_string!(lang.get(), introduce.introduce_2)}
            </button>
        </ActionForm>
    }
}

/// Why an introduction or follow-up was refused, in the kiosk's language.
pub fn refusal(refused: &IntroductionError, lang: Lang) -> String {
    match (refused, lang) {
        (IntroductionError::SamePerson, Lang::ja) => "別々の2人を選んでください。".into(),
        (IntroductionError::SamePerson, Lang::en) => "Choose two different people.".into(),
        (IntroductionError::NoSuchRegular, Lang::ja) => "この常連さんは見つかりません。".into(),
        (IntroductionError::NoSuchRegular, Lang::en) => "This regular was not found.".into(),
        (IntroductionError::NoConsent { nickname }, Lang::ja) => {
            format!("{nickname}さんは紹介への同意がありません。")
        }
        (IntroductionError::NoConsent { nickname }, Lang::en) => {
            format!("{nickname} has not agreed to be introduced.")
        }
        (IntroductionError::NoSuchIntroduction, Lang::ja) => "この紹介は見つかりません。".into(),
        (IntroductionError::NoSuchIntroduction, Lang::en) => {
            "This introduction was not found.".into()
        }
        (IntroductionError::UnknownOutcome(_), Lang::ja) => "その後の様子を選んでください。".into(),
        (IntroductionError::UnknownOutcome(_), Lang::en) => "Choose what it led to.".into(),
    }
}
