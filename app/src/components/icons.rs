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

/// A speaker, with sound waves when `on`; drawn inline so it takes the text's colour.
#[component]
pub fn SpeakerIcon(#[prop(into)] on: Signal<bool>) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" fill="currentColor" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>
            // Sound waves when on, a cross when off (SVG attributes: the page's policy allows
            // no inline styles).
            <path d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
                visibility=move || if on.get() { "visible" } else { "hidden" }/>
            <path d="M16 9.5l5 5M21 9.5l-5 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
                visibility=move || if on.get() { "hidden" } else { "visible" }/>
        </svg>
    }
}
