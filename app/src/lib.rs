//! Joren's screens: server-rendered by the `joren` binary, hydrated in the browser.
//!
//! `routes/` holds one module per screen, named as staff name it; `components/` the small
//! pieces they share; `functions/` the server functions, grouped by area, each a thin shell
//! around a call into the core.

#![recursion_limit = "256"]

pub mod assets;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod charts;
pub mod components;
pub mod contexts;
pub mod error;
pub mod functions;
// The kiosk's texts in Japanese and English: the `i18n` module, generated from `locales/`
// by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub mod lang;
pub mod live;
pub mod markup;
pub mod printable;
pub mod problems;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod request;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod security;
mod shell;
#[cfg(feature = "ssr")]
pub mod shops;
#[cfg(feature = "hydrate")]
mod split_recovery;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod time;
pub mod words;

pub use shell::{App, shell};

// A build without the flag would render pages (or hydrate them) the other way from the rest
// of the site; see `VIEWS`. Cargo drops `[build] rustflags` when `RUSTFLAGS` or a target's
// own `rustflags` is set: add `--cfg erase_components` there too.
#[cfg(not(erase_components))]
compile_error!("Joren is built with `--cfg erase_components` (see .cargo/config.toml)");

/// How this build compiled its views: `erased` with `--cfg erase_components` (set for every
/// build in `.cargo/config.toml`), else `typed`. The server's HTML and the wasm's hydration
/// must come from builds that agree: their hydration markers differ, and a page rendered by
/// one cannot be hydrated by the other. The server writes this into every page
/// (`<meta name="joren-views">`), and the wasm hydrates only a page that says the same.
pub const VIEWS: &str = if cfg!(erase_components) {
    "erased"
} else {
    "typed"
};

/// The browser's entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Writes panics to the console, and recovers from a screen whose code could not be fetched.
    split_recovery::install();
    let page_views = leptos::prelude::document()
        .query_selector(r#"meta[name="joren-views"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    if page_views.as_deref() != Some(VIEWS) {
        // Hydrating would fail halfway and leave a page whose buttons do nothing; without
        // it, every form still works as a plain form.
        leptos::logging::error!(
            "This page was rendered with {page_views:?} views and this wasm has {VIEWS:?} \
             ones; the page stays as the server sent it."
        );
        return;
    }
    // Hydrated asynchronously: a screen other than the kiosk is a lazy route, whose code is
    // fetched (a wasm file of its own) before its part of the page can be taken over.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page has a body");
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        // Lets tests (and styles) tell a page the browser has taken over from one that is
        // still only server-rendered.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
