use leptos::prelude::*;
use leptos_meta::Title;

use crate::lang::use_lang;
use crate::shell::tr;

/// Any address the kiosk does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=move || tr(lang.get(), "ページが見つかりません", "Page not found")/>
        <main class="screen screen--centered">
            <section class="card card--narrow">
                <h1>{move || tr(lang.get(), "ページが見つかりません", "Page not found")}</h1>
                <p>{move || tr(lang.get(), "このアドレスのページはありません。", "There is no page at this address.")}</p>
                <a class="button button--primary" href="/">
                    {move || tr(lang.get(), "はじめの画面へ", "Back to the start")}
                </a>
            </section>
        </main>
    }
}
