//! The Content-Security-Policy of a rendered page. Only the render knows the page's nonce,
//! so the page sets it; the server adds the other security headers to every response.

use leptos::prelude::*;

/// Scripts: the app's own files, plus the inline hydration and streaming scripts that carry
/// this response's nonce — nothing an attacker could inject. `wasm-unsafe-eval` lets the
/// page compile its own WebAssembly, nothing more.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; \
         img-src 'self' data:; \
         connect-src 'self'; \
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
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
