//! What kind of request the server is answering.

use leptos::prelude::use_context;

/// The browser posted a form itself (no wasm yet, or none at all) and wants a page back, not
/// data: it asks for HTML. The wasm's own calls ask for JSON.
pub fn wants_a_page() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// The address a request came from, as the server resolved it: the connection's peer, or
/// behind a trusted reverse proxy the client the proxy saw (`JOREN_TRUSTED_PROXIES`). The
/// server's middleware puts it among the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);
