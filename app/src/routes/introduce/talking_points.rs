//! What two people could talk about, in words, and "Introduce" itself.

use crate::i18n::td_string;
use crate::words::called;
use joren::suggestion::{OFTEN_TOGETHER, Reasons};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::text_field::{TextArea, problem_of};
use crate::functions::introductions::{Introduce, IntroduceOutcome, MetBefore};
use crate::lang::{Lang, use_lang};
use crate::problems::Field;
use crate::words::introduction_refusal;

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
        lines.push(if matched.offered == matched.wanted {
            td_string!(
                lang,
                introduce.offer_matches,
                giver = called(giver, lang),
                offered = &matched.offered,
                taker = called(taker, lang),
            )
            .to_string()
        } else {
            td_string!(
                lang,
                introduce.offer_matches_wanted,
                giver = called(giver, lang),
                offered = &matched.offered,
                taker = called(taker, lang),
                wanted = &matched.wanted,
            )
            .to_string()
        });
    }
    if !reasons.shared_interests.is_empty() {
        let list = reasons
            .shared_interests
            .iter()
            .map(|interest| {
                td_string!(lang, introduce.quoted_interest, interest = interest).to_string()
            })
            .collect::<Vec<_>>()
            .join(td_string!(lang, introduce.interest_separator));
        lines.push(td_string!(lang, introduce.both_like, list = list).to_string());
    }
    if reasons.times_together >= OFTEN_TOGETHER {
        lines.push(times_together_line(reasons.times_together, lang));
    }
    lines
}

/// How often two people were in the shop at the same time lately.
fn times_together_line(times: u32, lang: Lang) -> String {
    td_string!(lang, introduce.here_at_the_same_time, count = times).to_string()
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
                let (a, b) = (called(a, lang.get()), called(b, lang.get()));
                match &met.by {
                    Some(by) => td_string!(
                        lang.get(),
                        introduce.met_before_introduced_by,
                        a = &a,
                        b = &b,
                        at = &met.at,
                        by = called(by, lang.get()),
                    )
                    .to_string(),
                    None => td_string!(lang.get(), introduce.met_before_on, a = &a, b = &b, at = &met.at)
                        .to_string(),
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
            Ok(IntroduceOutcome::AlreadyMet(met)) => {
                td_string!(lang.get(), introduce.already_met_on, at = met.at).to_string()
            }
            Ok(IntroduceOutcome::Refused(refused)) => introduction_refusal(&refused, lang.get()),
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
            <button type="submit" class="button button--primary button--wide" disabled=move || introduce.pending().get() aria-busy=move || introduce.pending().get().then_some("true")>
                {move || td_string!(lang.get(), introduce.introduce_2)}
            </button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reasons_read_as_before_in_both_languages() {
        use joren::suggestion::TagMatch;
        let reasons = Reasons {
            a_offers: vec![TagMatch {
                offered: "photography".into(),
                wanted: "photos for my shop".into(),
            }],
            b_offers: vec![TagMatch {
                offered: "pottery".into(),
                wanted: "pottery".into(),
            }],
            shared_interests: vec!["jazz".into(), "tea".into()],
            times_together: OFTEN_TOGETHER,
        };
        assert_eq!(
            reason_lines(&reasons, "ゆう", "はな", Lang::ja),
            [
                "ゆうさんの「photography」を、はなさんが探しています（「photos for my shop」）",
                "はなさんの「pottery」を、ゆうさんが探しています",
                "どちらも「jazz」「tea」が好き",
                "この90日で2回、同じ時間に来店",
            ]
        );
        assert_eq!(
            reason_lines(&reasons, "Yu", "Hana", Lang::en),
            [
                "Yu offers “photography”; Hana is looking for “photos for my shop”",
                "Hana offers “pottery”, which Yu is looking for",
                "Both like “jazz”, “tea”",
                "Here at the same time 2 times in the last 90 days",
            ]
        );
    }

    #[test]
    fn the_times_together_are_worded_with_the_languages_plural_rules() {
        assert_eq!(
            times_together_line(1, Lang::en),
            "Here at the same time 1 time in the last 90 days"
        );
        assert_eq!(
            times_together_line(3, Lang::en),
            "Here at the same time 3 times in the last 90 days"
        );
        assert_eq!(
            times_together_line(1, Lang::ja),
            "この90日で1回、同じ時間に来店"
        );
        assert_eq!(
            times_together_line(3, Lang::ja),
            "この90日で3回、同じ時間に来店"
        );
    }
}
