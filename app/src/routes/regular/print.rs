//! `/regulars/:id/print?size=a6|meishi`: the printable creator cards — one per link, and one
//! for the public card when the shop has a public address — at A6 or business-card size,
//! each to print (one card per sheet, at its true size) or to download as SVG or PNG.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use crate::words::called;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::regular_id_param;
use crate::components::suspended::suspended;
use crate::components::unavailable::unavailable;
use crate::functions::printable::{PrintablePage, get_printable};
use crate::lang::{Text, use_lang};
use crate::printable::CardSize;

#[component]
pub fn PrintScreen() -> impl IntoView {
    let id = regular_id_param();
    let query = use_query_map();
    let size = Memo::new(move |_| query.with(|q| q.get("size").unwrap_or_default()));
    let page = Resource::new(
        move || (id.get(), size.get()),
        |(id, size)| async move {
            match id {
                Some(id) => get_printable(id, size).await,
                None => Ok(None),
            }
        },
    );
    let content = move || {
        Suspend::new(async move {
            match page.await {
                Ok(Some(page)) => print_view(id.get().unwrap_or_default(), page).into_any(),
                Ok(None) => unavailable(None),
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, regular.printable_card)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

fn print_view(id: i64, page: PrintablePage) -> impl IntoView {
    let lang = use_lang();
    let PrintablePage {
        nickname,
        size,
        cards,
    } = page;
    let empty = cards.is_empty();
    let size_link = move |choice: CardSize, text: Text| {
        view! {
            <a
                class="button"
                class:button--primary=size == choice
                aria-current=(size == choice).then_some("page")
                href=format!("/regulars/{id}/print?size={}", choice.code())
            >{move || text(lang.get())}</a>
        }
    };
    view! {
        <div class=format!("print print--{}", size.code())>
            <header class="topbar print__chrome">
                <a class="button" href=format!("/regulars/{id}")>{move || td_string!(lang.get(), regular.back_to_the_card)}</a>
                <h1 class="topbar__title">{move || td_string!(lang.get(), regular.printable_card_of, nickname = called(&nickname, lang.get())).to_string()}</h1>
                <button class="button button--primary" type="button" on:click=move |_| print_page()>
                    {move || td_string!(lang.get(), regular.print)}
                </button>
            </header>
            <main class="screen print__main">
                <nav class="print__chrome print__sizes" aria-label=move || td_string!(lang.get(), regular.size)>
                    {size_link(CardSize::A6, |l| td_string!(l, regular.a6_counter))}
                    {size_link(CardSize::BusinessCard, |l| td_string!(l, regular.business_card))}
                </nav>
                {empty.then(|| view! {
                    <p class="card muted">{move || td_string!(lang.get(), regular.cards_can_be_made_when)}</p>
                })}
                <ul class="print__cards">
                    {cards.into_iter().map(|card| {
                        let label = card.label.clone();
                        let file = |format: &str| format!(
                            "/regulars/{id}/card.{format}?card={}&size={}", card.key, size.code()
                        );
                        let (svg_href, png_href) = (file("svg"), file("png"));
                        view! {
                            <li class="print-card">
                                <div
                                    class="print-card__sheet"
                                    role="img"
                                    aria-label=move || td_string!(lang.get(), regular.printable_card_label, label = label.clone()).to_string()
                                    inner_html=card.svg
                                ></div>
                                <p class="print__chrome print-card__downloads">
                                    <a class="button button--small" href=svg_href download="">{move || td_string!(lang.get(), regular.download_svg)}</a>
                                    <a class="button button--small" href=png_href download="">{move || td_string!(lang.get(), regular.download_png)}</a>
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </main>
        </div>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
