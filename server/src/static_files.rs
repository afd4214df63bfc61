//! Cache rules for the built site under `/pkg/` (wasm, JavaScript, stylesheet). The files
//! themselves are served by leptos_axum's file handler, which picks the precompressed `.br`
//! or `.gz` file the release build wrote beside each one when the browser accepts it.
//!
//! When the build named the files after their content, the browser may keep them for a year
//! without asking again: a new version has new names. Otherwise (a debug build) it must ask
//! every time whether they changed.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether `/pkg/` names carry a content hash.
#[derive(Debug, Clone, Copy)]
pub struct HashedNames(pub bool);

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub async fn cache_headers(
    State(HashedNames(hashed)): State<HashedNames>,
    request: Request,
    next: Next,
) -> Response {
    let site_file = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if site_file && response.status().is_success() {
        let headers = response.headers_mut();
        let policy = if hashed { IMMUTABLE } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}
