//! Protections every response and every request gets, whatever the route.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest request body the kiosk accepts; its forms are small.
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// Headers for every response. Pages set their own, nonce-based Content-Security-Policy; any
/// other response gets one that allows nothing.
pub fn header_layers() -> [SetResponseHeaderLayer<HeaderValue>; 5] {
    [
        SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ),
        SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ),
    ]
}

/// Refuses requests that change data unless they come from the kiosk's own pages: a page of
/// another site cannot make a signed-in tablet act for it, whatever the cookies say.
pub async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if is_safe(request.method()) || comes_from_own_origin(request.headers(), request.uri()) {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            "refused a cross-origin request"
        );
        (
            StatusCode::FORBIDDEN,
            "Cross-origin requests are not accepted.",
        )
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// This host is the `Host` header, or over HTTP/2 (which has none) the request's own
/// authority.
fn comes_from_own_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    // Browsers that send Sec-Fetch-Site say it plainly.
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    // Otherwise the Origin must name this host. A request with neither header does not come
    // from a browser page, so it cannot be a forged one.
    let host = text(header::HOST).or_else(|| uri.authority().map(|authority| authority.as_str()));
    match (text(header::ORIGIN), host) {
        (Some(origin), Some(host)) => {
            origin_host(origin).is_some_and(|origin| origin.eq_ignore_ascii_case(host))
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn origin_host(origin: &str) -> Option<&str> {
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a request over HTTP/1.1 (with its path alone in the request line) comes from
    /// the kiosk's own pages.
    fn own(headers: &HeaderMap) -> bool {
        comes_from_own_origin(headers, &Uri::from_static("/api/lock"))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(own(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!own(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!own(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!own(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://shop.local:3000"),
            ("host", "shop.local:3000"),
        ])));
    }

    #[test]
    fn origin_must_name_this_host() {
        let same = headers(&[
            ("origin", "http://shop.local:3000"),
            ("host", "shop.local:3000"),
        ]);
        assert!(own(&same));
        let other = headers(&[
            ("origin", "https://evil.example"),
            ("host", "shop.local:3000"),
        ]);
        assert!(!own(&other));
        let null = headers(&[("origin", "null"), ("host", "shop.local:3000")]);
        assert!(!own(&null));
        let port = headers(&[
            ("origin", "http://shop.local:4000"),
            ("host", "shop.local:3000"),
        ]);
        assert!(!own(&port));
    }

    #[test]
    fn over_http2_the_origin_must_name_the_authority() {
        // HTTP/2 has no Host header: the host is the request's :authority.
        let uri = Uri::from_static("https://shop.local:3000/api/lock");
        let origin = |origin| headers(&[("origin", origin)]);
        assert!(comes_from_own_origin(
            &origin("https://shop.local:3000"),
            &uri
        ));
        assert!(!comes_from_own_origin(
            &origin("https://evil.example"),
            &uri
        ));
        assert!(!comes_from_own_origin(
            &origin("https://shop.local:4000"),
            &uri
        ));
        assert!(!comes_from_own_origin(
            &origin("https://shop.local:3000"),
            &Uri::from_static("/api/lock")
        ));
    }

    #[test]
    fn page_policy_allows_only_own_scripts_and_the_nonce() {
        let policy = joren_app::security::page_policy("abc123", None);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("connect-src 'self';"));
        // Under `cargo leptos watch` only: its reload socket.
        let watching = joren_app::security::page_policy("abc123", Some(3001));
        assert!(
            watching.contains("connect-src 'self' ws://*:3001;"),
            "{watching}"
        );
    }
}
