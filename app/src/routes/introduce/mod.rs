//! `/introduce?a=…&b=…`: choose two people, see what they could talk about, "Introduce".
//!
//! The two chosen people live in the address, so "back", a reload or a second tablet shows
//! the same screen. Choosing the first person shows suggestions of whom they could meet
//! among those in the shop now; choosing the second shows both side by side.

mod picker;
pub(crate) mod talking_points;

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use crate::words::called;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::suspended::suspended;
use crate::components::unavailable::unavailable;
use crate::functions::introductions::{IntroduceView, get_introduce};
use crate::lang::use_lang;
use picker::{Picker, SideCard, Suggestions};
use talking_points::{IntroduceForm, MetBeforeNotice, TalkingPoints};

/// The address of the introduce screen with these people chosen.
pub(crate) fn introduce_href(a: Option<i64>, b: Option<i64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("/introduce?a={a}&b={b}"),
        (Some(a), None) => format!("/introduce?a={a}"),
        (None, Some(b)) => format!("/introduce?b={b}"),
        (None, None) => "/introduce".to_owned(),
    }
}

#[component]
pub fn IntroduceScreen() -> impl IntoView {
    let query = use_query_map();
    let chosen = Memo::new(move |_| {
        query.with(|q| {
            let id = |name: &str| q.get(name).and_then(|value| value.parse::<i64>().ok());
            (
                id("a"),
                id("b"),
                q.get("q").filter(|q| !q.trim().is_empty()),
            )
        })
    });
    let screen = Resource::new(move || chosen.get(), |(a, b, q)| get_introduce(a, b, q));
    let content = move || {
        Suspend::new(async move {
            match screen.await {
                Ok(view) => {
                    let searched = chosen.with_untracked(|(_, _, q)| q.clone());
                    screen_view(view, searched).into_any()
                }
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, introduce.introduce)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

fn screen_view(view: IntroduceView, searched: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let IntroduceView {
        present,
        found,
        a,
        b,
        suggestions,
        points,
        met_before,
    } = view;
    let a_id = a.as_ref().map(|a| a.id);
    let b_id = b.as_ref().map(|b| b.id);

    let first = match a.clone() {
        Some(a) => view! { <SideCard side=a change=introduce_href(None, b_id)/> }.into_any(),
        None => view! {
            <Picker
                title=|l| td_string!(l, introduce.choose_the_first_person)
                present=present.clone()
                found=found.clone()
                searched=searched.clone()
                choosing_first=true
                other=b_id
            />
        }
        .into_any(),
    };
    let second = match (a.clone(), b.clone()) {
        (_, Some(b)) => view! { <SideCard side=b change=introduce_href(a_id, None)/> }.into_any(),
        (Some(a), None) => {
            view! {
                <div class="introduce__second">
                    <Suggestions for_whom=a suggestions=suggestions/>
                    <Picker
                        title=|l| td_string!(l, introduce.or_choose_someone_else)
                        present=present
                        found=found
                        searched=searched
                        choosing_first=false
                        other=a_id
                    />
                </div>
            }
            .into_any()
        }
        (None, None) => view! {
            <section class="panel introduce__waiting">
                <h2>{move || td_string!(lang.get(), introduce.the_second_person)}</h2>
                <p class="muted">{move || td_string!(lang.get(), introduce.choose_the_first_person_to)}</p>
            </section>
        }
        .into_any(),
    };
    let both = match (a, b) {
        (Some(a), Some(b)) => {
            let names = (a.nickname.clone(), b.nickname.clone());
            let action = match met_before {
                Some(met) => view! { <MetBeforeNotice met=met names=names.clone()/> }.into_any(),
                None if a.may_be_introduced && b.may_be_introduced => {
                    view! { <IntroduceForm a=a.id b=b.id/> }.into_any()
                }
                None => {
                    let missing: Vec<String> = [&a, &b]
                        .into_iter()
                        .filter(|side| !side.may_be_introduced)
                        .map(|side| side.nickname.clone())
                        .collect();
                    view! {
                        <p class="notice notice--error" role="alert">{move || {
                            let lang = lang.get();
                            let names = missing.iter().map(|name| called(name, lang)).collect::<Vec<_>>().join("、");
                            td_string!(lang, introduce.not_agreed_yet, names = names).to_string()
                        }}</p>
                    }
                    .into_any()
                }
            };
            Some(view! {
                <section class="panel introduce__points" aria-labelledby="points-title">
                    <TalkingPoints points=points.unwrap_or_default() names=names/>
                    {action}
                </section>
            })
        }
        _ => None,
    };

    let pair = both.is_some();
    view! {
        <div class="introduce">
            <header class="topbar">
                <a class="button" href="/">{move || td_string!(lang.get(), introduce.back_to_the_register)}</a>
                <h1 class="topbar__title">{move || td_string!(lang.get(), introduce.introduce)}</h1>
            </header>
            <main class="screen introduce__main" class:introduce__main--pair=pair>
                {first}
                {second}
                {both}
            </main>
        </div>
    }
}
