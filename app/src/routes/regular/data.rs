//! `/regulars/:id/data`: everything the shop keeps about a regular, for them to see on
//! request (owner only): one printable page, and the same as a JSON file to take home.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;

use super::regular_id_param;
use crate::components::suspended::suspended;
use crate::components::table_scroll::TableScroll;
use crate::components::unavailable::unavailable;
use crate::functions::data_care::{DataPage, DataSection, get_personal_data};
use crate::lang::use_lang;

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
                Ok(None) => unavailable(None),
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, regular.a_regulars_own_data)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
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
                <h1>{move || td_string!(lang.get(), privacy.everything_kept_about, nickname = &heading).to_string()}</h1>
                <p class="muted">{move || td_string!(lang.get(), privacy.as_of, shop = &shop, at = &produced_at).to_string()}</p>
                <nav class="personal-data__actions no-print" aria-label=move || td_string!(lang.get(), regular.actions)>
                    <a class="button" href=format!("/regulars/{regular_id}")>{move || td_string!(lang.get(), regular.back_to_the_card_2)}</a>
                    <a class="button" href=format!("/regulars/{regular_id}/data.json") download="">{move || td_string!(lang.get(), regular.download_as_json)}</a>
                    // An inline `onclick` would be refused by the page's Content-Security-Policy.
                    <button type="button" class="button button--primary" on:click=|_| { let _ = window().print(); }>{move || td_string!(lang.get(), regular.print)}</button>
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
        view! { <p class="muted">{move || td_string!(lang.get(), regular.nothing_is_kept)}</p> }
            .into_any()
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
