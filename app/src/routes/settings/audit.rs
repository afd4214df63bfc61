//! The audit log: who did what to whose data, when, newest first.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;
use crate::components::table_scroll::TableScroll;

use crate::functions::settings::{AuditLine, get_audit_log};
use crate::lang::{Lang, use_lang};
use crate::words::audit::{action_words, detail_words};

#[component]
pub fn AuditSection() -> impl IntoView {
    let lang = use_lang();
    // `None`: the newest page; `Some(id)`: the page of entries older than `id`.
    let before = RwSignal::new(None::<i64>);
    let changed = expect_context::<super::SettingsChanged>();
    // Read in the browser once the page is up: the log changes with every action, and a
    // list that is not part of the server's page cannot disagree with it while hydrating.
    let page = LocalResource::new(move || {
        let before = before.get();
        changed.0.track();
        get_audit_log(before)
    });

    let lines = move || {
        Suspend::new(async move {
            let Ok(page) = page.await else {
                return view! { <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_loaded)}</p> }.into_any();
            };
            let older = page.older;
            // This page was read for this value of `before`: no signal is needed inside it.
            let paged = before.get_untracked().is_some();
            let empty = page.lines.is_empty();
            // The buttons that apply, as one list: two optional siblings side by side do not
            // hydrate reliably.
            let mut pager = Vec::new();
            if paged {
                pager.push(
                    view! {
                        <button type="button" class="button" on:click=move |_| before.set(None)>
                            {move || td_string!(lang.get(), settings.back_to_the_newest)}
                        </button>
                    }
                    .into_any(),
                );
            }
            if let Some(older) = older {
                pager.push(view! {
                    <button type="button" class="button" on:click=move |_| before.set(Some(older))>
                        {move || td_string!(lang.get(), settings.older_entries)}
                    </button>
                }.into_any());
            }
            view! {
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
            }
            .into_any()
        })
    };

    view! {
        <section class="card card--form settings__audit" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || td_string!(lang.get(), settings.audit_log)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.what_staff_did_to_customers)}</p>
            <AfterHydration><Transition fallback=|| ()>{lines}</Transition></AfterHydration>
        </section>
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
