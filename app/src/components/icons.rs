use leptos::prelude::*;

/// A padlock, drawn inline so it takes the text's colour.
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M7 10V7a5 5 0 0 1 10 0v3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
            <rect x="4.5" y="10" width="15" height="11" rx="2.5" fill="currentColor"/>
        </svg>
    }
}
