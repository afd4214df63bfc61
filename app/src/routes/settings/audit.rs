//! `/settings/audit`: the audit log, a screen of its own — who did what to whose data, when,
//! newest first, a page at a time. Rendered on the server like every owner's screen, so it
//! reads without the page's script too.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::refused;
use crate::components::suspended::suspended;
use crate::components::table_scroll::TableScroll;
use crate::functions::settings::{AuditLine, get_audit_log};
use crate::lang::{Lang, use_lang};
use crate::words::audit::{action_words, detail_words};

#[component]
pub fn AuditScreen() -> impl IntoView {
    let lang = use_lang();
    // `?before=ID`, the page of entries older than that one; none, the newest page. Plain
    // links page through, with or without the page's script.
    let query = use_query_map();
    let before = Memo::new(move |_| query.with(|query| query.get("before")?.parse::<i64>().ok()));
    let page = Resource::new(move || before.get(), get_audit_log);

    let lines = move || {
        Suspend::new(async move {
            // Owner-only: a member of staff is refused here, as at the settings.
            let page = match page.await {
                Ok(page) => page,
                Err(error) => return refused(&error, lang),
            };
            let older = page.older;
            // The links that apply, as one list: two optional siblings side by side do not
            // hydrate reliably.
            let mut pager = Vec::new();
            if before.get_untracked().is_some() {
                pager.push(
                    view! {
                        <a class="button" href="/settings/audit">
                            {move || td_string!(lang.get(), settings.back_to_the_newest)}
                        </a>
                    }
                    .into_any(),
                );
            }
            if let Some(older) = older {
                pager.push(
                    view! {
                        <a class="button" href=format!("/settings/audit?before={older}")>
                            {move || td_string!(lang.get(), settings.older_entries)}
                        </a>
                    }
                    .into_any(),
                );
            }
            let empty = page.lines.is_empty();
            view! {
                <div class="settings">
                    <header class="topbar">
                        <h1 class="topbar__title" id="audit-title">{move || td_string!(lang.get(), settings.audit_log)}</h1>
                        <a class="button" href="/settings">{move || td_string!(lang.get(), settings.settings)}</a>
                        <a class="button" href="/settings/data">{move || td_string!(lang.get(), settings.data_care)}</a>
                        <a class="button" href="/">{move || td_string!(lang.get(), settings.back_to_the_register)}</a>
                    </header>
                    <main class="screen settings__main">
                        <section class="card card--form settings__audit" aria-labelledby="audit-title">
                            <p class="muted">{move || td_string!(lang.get(), settings.what_staff_did_to_customers)}</p>
                            {empty.then(|| view! { <p class="muted">{move || td_string!(lang.get(), settings.nothing_recorded_yet)}</p> })}
                            <TableScroll labelled_by="audit-title">
                                <table class="audit">
                                    <thead>
                                        <tr>
                                            <th scope="col">{move || td_string!(lang.get(), settings.when)}</th>
                                            <th scope="col">{move || td_string!(lang.get(), settings.who)}</th>
                                            <th scope="col">{move || td_string!(lang.get(), settings.what)}</th>
                                            <th scope="col">{move || td_string!(lang.get(), settings.customer)}</th>
                                            <th scope="col">{move || td_string!(lang.get(), settings.detail)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.lines.into_iter().map(|line| audit_row(line, lang)).collect_view()}
                                    </tbody>
                                </table>
                            </TableScroll>
                            <div class="audit__pages">{pager}</div>
                        </section>
                    </main>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <PageTitle text=|l| td_string!(l, settings.audit_log)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(lines)}</Transition>
    }
}

fn audit_row(line: AuditLine, lang: RwSignal<Lang>) -> impl IntoView {
    let action = line.action;
    view! {
        <tr>
            <td class="audit__time">{line.at}</td>
            <td class="audit__who">{line.by.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{move || action_words(action, lang.get())}</td>
            <td class="audit__regular">{line.regular}</td>
            <td class="audit__detail">{move || detail_words(&line.detail, lang.get())}</td>
        </tr>
    }
}
