//! `/regulars/:id/data`: everything the shop keeps about a regular, for them to see on
//! request (owner only): one printable page, and the same as a JSON file to take home.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{regular_id_param, unavailable};
use crate::components::table_scroll::TableScroll;
use crate::functions::data_care::{DataPage, DataSection, get_personal_data};
use crate::lang::{Lang, use_lang};
use crate::shell::tr;

#[component]
pub fn DataScreen() -> impl IntoView {
    let lang = use_lang();
    let id = regular_id_param();
    let page = Resource::new(
        move || (id.get(), lang.get()),
        |(id, lang)| async move {
            match id {
                Some(id) => get_personal_data(id, lang.code().to_owned()).await,
                None => Ok(None),
            }
        },
    );
    let content = move || {
        Suspend::new(async move {
            match page.await {
                Ok(Some(page)) => data_view(page).into_any(),
                Ok(None) => unavailable(false),
                Err(_) => unavailable(true),
            }
        })
    };
    view! {
        <Title text=move || tr(lang.get(), "お客さまご本人のデータ", "A regular's own data")/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{content}</Transition>
    }
}

fn data_view(page: DataPage) -> impl IntoView {
    let lang = use_lang();
    let DataPage {
        regular_id,
        nickname,
        shop,
        produced_at,
        sections,
    } = page;
    let heading = nickname.clone();
    view! {
        <main class="screen personal-data">
            <header class="personal-data__head">
                <h1>{move || match lang.get() {
                    Lang::Ja => format!("「{heading}」について当店が記録しているすべての情報"),
                    Lang::En => format!("Everything the shop keeps about {heading}"),
                }}</h1>
                <p class="muted">{move || match lang.get() {
                    Lang::Ja => format!("{shop}・{produced_at} 時点"),
                    Lang::En => format!("{shop}, as of {produced_at}"),
                }}</p>
                <nav class="personal-data__actions no-print" aria-label=move || tr(lang.get(), "操作", "Actions")>
                    <a class="button" href=format!("/regulars/{regular_id}")>{move || tr(lang.get(), "カードに戻る", "Back to the card")}</a>
                    <a class="button" href=format!("/regulars/{regular_id}/data.json") download="">{move || tr(lang.get(), "JSONでダウンロード", "Download as JSON")}</a>
                    <button type="button" class="button button--primary" onclick="window.print()">{move || tr(lang.get(), "印刷する", "Print")}</button>
                </nav>
            </header>
            {sections.into_iter().enumerate().map(|(n, section)| section_view(n, section)).collect_view()}
        </main>
    }
}

fn section_view(n: usize, section: DataSection) -> impl IntoView {
    let lang = use_lang();
    let DataSection {
        title,
        columns,
        rows,
    } = section;
    let body = if rows.is_empty() {
        view! { <p class="muted">{move || tr(lang.get(), "記録はありません。", "Nothing is kept.")}</p> }.into_any()
    } else {
        view! {
            <TableScroll labelled_by=format!("data-section-{n}")>
                <table class="audit data-table">
                    <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table>
            </TableScroll>
        }
        .into_any()
    };
    view! {
        <section class="card personal-data__section" aria-labelledby=format!("data-section-{n}")>
            <h2 id=format!("data-section-{n}")>{title}</h2>
            {body}
        </section>
    }
}
