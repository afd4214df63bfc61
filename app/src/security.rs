//! The Content-Security-Policy of a rendered page. Only the render knows the page's nonce,
//! so the page sets it; the server adds the other security headers to every response.

use leptos::prelude::*;

/// Scripts: the app's own files, plus the inline hydration and streaming scripts that carry
/// this response's nonce — nothing an attacker could inject. `wasm-unsafe-eval` lets the
/// page compile its own WebAssembly, nothing more. `live_reload`: under `cargo leptos
/// watch`, the port of its reload socket, which the page may then connect to.
pub fn page_policy(nonce: &str, live_reload: Option<u32>) -> String {
    let reload = live_reload
        .map(|port| format!(" ws://*:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; \
         img-src 'self' data:; \
         connect-src 'self'{reload}; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Sets the page's policy on the response being rendered.
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce, live_reload_port())) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Under `cargo leptos watch` (which sets `LEPTOS_WATCH`), the port its reload socket listens
/// on (`LEPTOS_RELOAD_PORT`, else cargo-leptos's 3001): each page then carries Leptos's
/// reload script, and the browser reloads when a rebuild is done. `None` otherwise, always
/// in a shop.
pub fn live_reload_port() -> Option<u32> {
    std::env::var_os("LEPTOS_WATCH")?;
    Some(
        std::env::var("LEPTOS_RELOAD_PORT")
            .ok()
            .and_then(|port| port.trim().parse().ok())
            .unwrap_or(3001),
    )
}
