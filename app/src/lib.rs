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
pub mod functions;
// The kiosk's texts in Japanese and English: the `i18n` module, generated from `locales/`
// by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub mod lang;
pub mod live;
#[cfg(feature = "ssr")]
pub mod not_found;
pub mod printable;
pub mod problems;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod qr;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod security;
mod shell;
#[cfg(feature = "ssr")]
pub mod shops;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod time;

pub use shell::{App, shell};

/// The browser's entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests (and styles) tell a page the browser has taken over from one that is
    // still only server-rendered.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
