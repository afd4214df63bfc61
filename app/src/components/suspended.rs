//! A screen that waits for its data, as the child of a `Transition`: built once per page
//! on the server.

use leptos::prelude::*;

/// The view that `make` suspends for, as the child of a `Transition` (or `Suspense`).
///
/// Every screen that waits for its data shows it through this. In the browser this is
/// `make` itself, a reactive closure, so the screen is built again when what it awaits is
/// read again (the kiosk after a lock, a regular's card for another regular). On the
/// server a closure inside a `Transition` is called twice: once to find the resources the
/// page waits for, and again to render. When the data was already there at the first call, the screen was
/// built then too, thrown away, and built again: the register's reads were made twice and
/// its page carried each answer twice (a load in four on a quiet server). A bare `Suspend`
/// keeps what its first call built and renders that. Both write the same HTML, which the
/// closure then hydrates.
pub fn suspended<V, F>(make: F) -> impl IntoView
where
    F: Fn() -> Suspend<V> + Send + Sync + 'static,
    V: IntoView + Send + 'static,
{
    #[cfg(feature = "ssr")]
    {
        make()
    }
    #[cfg(not(feature = "ssr"))]
    {
        make
    }
}
