//! When a screen's code cannot be fetched, the tablet loads the screen from the server.
//!
//! Every screen but the register is a lazy route: its code is a wasm file of its own, fetched
//! the first time the screen is opened (`cargo leptos build --split`). If that fetch fails
//! (the shop's Wi-Fi drops a request), Leptos's lazy route panics, and a panic ends the wasm:
//! the register stays on screen with nothing on it answering a tap. So the panic hook
//! recognises that failure and loads the page the person was opening (the link they tapped
//! in the last few seconds; else the page itself again) from the server, which renders it
//! whole. It does so at most once in ten seconds, so a screen whose code cannot be fetched
//! while the page starts is left as the server sent it, plain forms that work, rather than
//! loaded again and again.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::js_sys::Date;

/// What Leptos's lazy routes panic with when a split module does not load (`wasm_split`).
const SPLIT_LOAD_FAILED: &str = "load callback should succeed";
/// How long a tapped link counts as where the person is going, and the shortest time between
/// two loads from the server for this reason.
const RECENT_MS: f64 = 10_000.0;
/// Where the tablet's session keeps when it last loaded a page for this reason.
const LOADED_AT: &str = "joren-split-load-failed-at";

thread_local! {
    /// The last link tapped on the page, and when.
    static LAST_LINK: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
}

/// Installs the panic hook (which also writes every panic to the console) and the listener
/// that remembers the last link tapped.
pub fn install() {
    let remember = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(link) = link {
            LAST_LINK.with(|last| *last.borrow_mut() = Some((link.href(), Date::now())));
        }
    });
    // Captured, so the link is known before the router takes the click over.
    let _ = leptos::prelude::document().add_event_listener_with_callback_and_bool(
        "click",
        remember.as_ref().unchecked_ref(),
        true,
    );
    remember.forget();

    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if info.to_string().contains(SPLIT_LOAD_FAILED) {
            load_from_the_server();
        }
    }));
}

fn load_from_the_server() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = Date::now();
    if let Ok(Some(storage)) = window.session_storage() {
        let last = storage
            .get_item(LOADED_AT)
            .ok()
            .flatten()
            .and_then(|at| at.parse::<f64>().ok());
        if last.is_some_and(|at| now - at < RECENT_MS) {
            return;
        }
        let _ = storage.set_item(LOADED_AT, &now.to_string());
    }
    let going_to = LAST_LINK
        .with(|last| last.borrow().clone())
        .filter(|(_, at)| now - at < RECENT_MS)
        .map(|(href, _)| href);
    let location = window.location();
    let _ = match going_to {
        Some(href) => location.assign(&href),
        None => location.reload(),
    };
}
