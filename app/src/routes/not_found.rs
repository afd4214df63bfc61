use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;

use crate::lang::use_lang;

/// Any address the kiosk does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <PageTitle text=|l| td_string!(l, common.page_not_found)/>
        <main class="screen screen--centered">
            <section class="card card--narrow">
                <h1>{move || td_string!(lang.get(), common.page_not_found)}</h1>
                <p>{move || td_string!(lang.get(), common.there_is_no_page_at)}</p>
                <a class="button button--primary" href="/">
                    {move || td_string!(lang.get(), common.back_to_the_start)}
                </a>
            </section>
        </main>
    }
}
