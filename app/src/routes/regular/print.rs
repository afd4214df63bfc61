//! `/regulars/:id/print?size=a6|meishi`: the printable creator cards — one per link, and one
//! for the public card when the shop has a public address — at A6 or business-card size,
//! each to print (one card per sheet, at its true size) or to download as SVG or PNG.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{regular_id_param, unavailable};
use crate::functions::printable::{PrintablePage, get_printable};
use crate::lang::{Lang, use_lang};
use crate::printable::CardSize;
use crate::shell::tr;

#[component]
pub fn PrintScreen() -> impl IntoView {
    let lang = use_lang();
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
                Ok(None) => unavailable(false),
                Err(_) => unavailable(true),
            }
        })
    };
    view! {
        <Title text=move || tr(lang.get(), "印刷用カード", "Printable card")/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{content}</Transition>
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
    let size_link = move |choice: CardSize, ja: &'static str, en: &'static str| {
        view! {
            <a
                class="button"
                class:button--primary=size == choice
                aria-current=(size == choice).then_some("page")
                href=format!("/regulars/{id}/print?size={}", choice.code())
            >{move || tr(lang.get(), ja, en)}</a>
        }
    };
    view! {
        <div class=format!("print print--{}", size.code())>
            <header class="topbar print__chrome">
                <a class="button" href=format!("/regulars/{id}")>{move || tr(lang.get(), "← カードに戻る", "← Back to the card")}</a>
                <h1 class="topbar__title">{move || match lang.get() {
                    Lang::Ja => format!("{nickname}さんの印刷用カード"),
                    Lang::En => format!("{nickname}'s printable card"),
                }}</h1>
                <button class="button button--primary" type="button" on:click=move |_| print_page()>
                    {move || tr(lang.get(), "印刷する", "Print")}
                </button>
            </header>
            <main class="screen print__main">
                <nav class="print__chrome print__sizes" aria-label=move || tr(lang.get(), "大きさ", "Size")>
                    {size_link(CardSize::A6, "A6（卓上）", "A6 (counter)")}
                    {size_link(CardSize::BusinessCard, "名刺サイズ", "Business card")}
                </nav>
                {empty.then(|| view! {
                    <p class="card muted">{move || tr(
                        lang.get(),
                        "ご本人が「リンクやQRコードを見せてもよい」に同意し、リンクがあるときに作れます。",
                        "Cards can be made when they agreed to show their links and have a link.",
                    )}</p>
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
                                    aria-label=move || match lang.get() {
                                        Lang::Ja => format!("印刷用カード：{label}"),
                                        Lang::En => format!("Printable card: {label}"),
                                    }
                                    inner_html=card.svg
                                ></div>
                                <p class="print__chrome print-card__downloads">
                                    <a class="button button--small" href=svg_href download="">{move || tr(lang.get(), "SVGで保存", "Download SVG")}</a>
                                    <a class="button button--small" href=png_href download="">{move || tr(lang.get(), "PNGで保存", "Download PNG")}</a>
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
