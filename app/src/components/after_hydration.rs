//! Content that the browser draws once the page is live, never the server: lists read with a
//! `LocalResource`, which the server's page has no value for.

use leptos::prelude::*;

/// Renders `children` only after hydration. The server and the hydrating browser both see
/// nothing here, so they cannot disagree; the content follows a moment later.
#[component]
pub fn AfterHydration(children: ChildrenFn) -> impl IntoView {
    let live = RwSignal::new(false);
    // Effects run in the browser only, after hydration.
    Effect::new(move |_| live.set(true));
    move || live.get().then(|| children())
}
