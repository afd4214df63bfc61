//! What a screen about one regular or introduction shows instead of it: the kiosk is locked,
//! it does not exist (with status 404, as any address that leads nowhere), or it could not
//! be read.

use crate::error::AppError;
use crate::i18n::td_string;
use crate::lang::use_lang;
use leptos::prelude::*;

/// The screen for `error`, or for a regular that does not exist when `error` is `None`.
pub fn unavailable(error: Option<&AppError>) -> AnyView {
    let (locked, missing) = match error {
        Some(AppError::Locked) => (true, false),
        None | Some(AppError::NotFound(_)) => (false, true),
        Some(_) => (false, false),
    };
    #[cfg(feature = "ssr")]
    if missing && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <main class="screen screen--centered">
            <section class="card card--narrow">
                <h1>{move || match (locked, missing) {
                    (true, _) => td_string!(lang.get(), regular.the_kiosk_is_locked),
                    (_, true) => td_string!(lang.get(), regular.this_regular_was_not_found),
                    _ => td_string!(lang.get(), regular.it_could_not_be_loaded),
                }}</h1>
                <a class="button button--primary" href="/">{move || td_string!(lang.get(), regular.back_to_the_start)}</a>
            </section>
        </main>
    }
    .into_any()
}
