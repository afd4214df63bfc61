use leptos::prelude::*;

use crate::lang::{Lang, use_lang};

/// 日本語 | English, as a pair of toggle buttons; the choice is kept for the next visit.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let option = move |choice: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class="segmented__option"
                lang=choice.code()
                aria-pressed=move || (lang.get() == choice).to_string()
                on:click=move |_| lang.set(choice)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="segmented" role="group" aria-label="言語 / Language">
            {option(Lang::ja, "日本語")}
            {option(Lang::en, "English")}
        </div>
    }
}
