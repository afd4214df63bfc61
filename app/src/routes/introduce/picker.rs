//! Choosing a person: from the suggestions, from who is in the shop now, or by name; and the
//! chosen person's card with their talking points.

use crate::i18n::td_string;
use crate::words::called;
use leptos::prelude::*;

use super::introduce_href;
use super::talking_points::reason_lines;
use crate::functions::introductions::{Pick, Side, SuggestionLine};
use crate::lang::{Text, use_lang};

/// One side of the introduction: who they are and what they would talk about.
#[component]
pub fn SideCard(side: Side, change: String) -> impl IntoView {
    let lang = use_lang();
    let tags = |label: Text, tags: Vec<String>| {
        (!tags.is_empty()).then(|| {
            view! {
                <div class="tags-row">
                    <dt>{move || label(lang.get())}</dt>
                    <dd><ul class="tags">{tags.into_iter().map(|tag| view! { <li class="tag">{tag}</li> }).collect_view()}</ul></dd>
                </div>
            }
        })
    };
    let title_id = format!("side-{}", side.id);
    let card = format!("/regulars/{}", side.id);
    let no_consent = (!side.may_be_introduced).then(|| {
        view! { <p class="notice notice--error">{move || td_string!(lang.get(), introduce.has_not_agreed_to_be)}</p> }
    });
    view! {
        <section class="panel side" aria-labelledby=title_id.clone()>
            <div class="side__head">
                <h2 id=title_id.clone() class="side__name">{side.nickname}</h2>
                <a class="button button--small" href=change>{move || td_string!(lang.get(), introduce.change)}</a>
            </div>
            {side.tagline.map(|tagline| view! { <p class="side__tagline">{tagline}</p> })}
            <dl class="profile">
                {tags(|l| td_string!(l, introduce.interests), side.interests)}
                {tags(|l| td_string!(l, introduce.offers), side.offers)}
                {tags(|l| td_string!(l, introduce.looking_for), side.looking_for)}
            </dl>
            {no_consent}
            <a class="side__card-link" href=card>{move || td_string!(lang.get(), introduce.see_their_card)}</a>
        </section>
    }
}

/// Whom the first person could meet among those in the shop now, best first, with why.
#[component]
pub fn Suggestions(for_whom: Side, suggestions: Vec<SuggestionLine>) -> impl IntoView {
    let lang = use_lang();
    let name = for_whom.nickname.clone();
    let a = for_whom.id;
    let empty = suggestions.is_empty();
    let may = for_whom.may_be_introduced;
    let heading = name.clone();
    view! {
        <section class="panel suggestions" aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">{move || {
                td_string!(lang.get(), introduce.who_could_meet, name = called(&heading, lang.get())).to_string()
            }}</h2>
            {(empty || !may).then(|| view! {
                <p class="muted">{move || if may {
                    td_string!(lang.get(), introduce.nobody_in_the_shop_now)
                } else {
                    td_string!(lang.get(), introduce.they_have_not_agreed_to)
                }}</p>
            })}
            <ol class="suggestion-list">
                {suggestions.into_iter().map(|line| {
                    let other = line.pick.nickname.clone();
                    let label_name = other.clone();
                    let reasons = line.reasons;
                    let me = name.clone();
                    view! {
                        <li class="suggestion">
                            <div class="suggestion__who">
                                <span class="suggestion__name">{other.clone()}</span>
                                {line.pick.tagline.map(|tagline| view! { <span class="suggestion__tagline">{tagline}</span> })}
                                <ul class="reasons">
                                    {move || reason_lines(&reasons, &me, &other, lang.get())
                                        .into_iter()
                                        .map(|reason| view! { <li>{reason}</li> })
                                        .collect_view()}
                                </ul>
                            </div>
                            <a
                                class="button button--primary"
                                href=introduce_href(Some(a), Some(line.pick.id))
                                aria-label=move || {
                                    td_string!(lang.get(), introduce.choose_person, name = called(&label_name, lang.get()))
                                        .to_string()
                                }
                            >
                                {move || td_string!(lang.get(), introduce.choose)}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Choosing a person from those in the shop now, or by name. People who have not agreed to
/// be introduced are shown, greyed, so staff know why they cannot be chosen.
#[component]
pub fn Picker(
    title: Text,
    present: Vec<Pick>,
    found: Option<Vec<Pick>>,
    searched: Option<String>,
    /// Whether this chooses the first person (`a`) or the second (`b`).
    choosing_first: bool,
    /// The person already chosen on the other side, kept in the address.
    other: Option<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let href = move |id: i64| {
        if choosing_first {
            introduce_href(Some(id), other)
        } else {
            introduce_href(other, Some(id))
        }
    };
    let list = move |picks: Vec<Pick>| {
        view! {
            <ul class="results">
                {picks.into_iter().filter(|pick| Some(pick.id) != other).map(|pick| {
                    let tagline = pick.tagline.clone();
                    if pick.may_be_introduced {
                        view! {
                            <li>
                                <a class="result pick" href=href(pick.id)>
                                    <span class="result__name">{pick.nickname}</span>
                                    <span class="result__tagline">{tagline}</span>
                                </a>
                            </li>
                        }
                        .into_any()
                    } else {
                        view! {
                            <li>
                                <div class="result pick pick--blocked" aria-disabled="true">
                                    <span class="result__name">{pick.nickname}</span>
                                    <span class="result__tagline">{move || td_string!(lang.get(), introduce.has_not_agreed_to_introductions)}</span>
                                </div>
                            </li>
                        }
                        .into_any()
                    }
                }).collect_view()}
            </ul>
        }
    };
    let present_empty = present.iter().all(|pick| Some(pick.id) == other);
    let found_view = found.map(|found| {
        let typed = searched.clone().unwrap_or_default();
        let none = found.is_empty();
        view! {
            <h3>{move || td_string!(lang.get(), introduce.found_for, typed = &typed).to_string()}</h3>
            {none.then(|| view! { <p class="muted">{move || td_string!(lang.get(), introduce.nobody_found)}</p> })}
            {list(found)}
        }
    });
    let (other_name, other_value) = if choosing_first {
        ("b", other)
    } else {
        ("a", other)
    };
    view! {
        <section class="panel picker" aria-labelledby="picker-title">
            <h2 id="picker-title">{move || title(lang.get())}</h2>
            <form class="picker__search" method="get" action="/introduce" role="search">
                {other_value.map(|id| view! { <input type="hidden" name=other_name value=id.to_string()/> })}
                <label for="picker-query">{move || td_string!(lang.get(), introduce.find_by_name_or_reading)}</label>
                <div class="picker__search-row">
                    <input id="picker-query" type="search" name="q" autocomplete="off" value=searched/>
                    <button type="submit" class="button">{move || td_string!(lang.get(), introduce.find)}</button>
                </div>
            </form>
            {found_view}
            <h3>{move || td_string!(lang.get(), introduce.in_the_shop_now)}</h3>
            {present_empty.then(|| view! { <p class="muted">{move || td_string!(lang.get(), introduce.nobody_else_is_in_the)}</p> })}
            {list(present)}
        </section>
    }
}
