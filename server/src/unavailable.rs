//! While the database does not answer (down, restarting, unreachable), every page says so
//! plainly, with status 503, instead of an empty error; the page loads itself again and is
//! the real page once the database is back. The pool reconnects by itself: nothing here
//! needs a restart.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use joren_app::error::AppError;
use joren_app::public::{PUBLIC_PAGE_POLICY, database_unavailable_page};
use joren_app::state::AppState;
use leptos::server_fn::error::FromServerFnError;

/// Seconds a client is asked to wait before it tries again.
const RETRY_AFTER: &str = "5";

pub async fn when_the_database_is_down(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let lang = joren_app::lang::headers_lang(request.headers());
    let server_function = request.uri().path().starts_with("/api/");
    let page = request.method() == Method::GET
        && !server_function
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    // A page is asked first: once it is streaming, its status is sent and its parts that
    // fail fail one by one. A page load is rare (the screens then talk to server functions),
    // so one more `SELECT 1` for each costs little.
    if page && state.store.ping().await.is_err() {
        return unavailable(&state, lang, true);
    }
    let response = next.run(request).await;
    if !response.status().is_server_error() || !(page || server_function) {
        return response;
    }
    // A fault of another kind keeps its own answer.
    if state.store.ping().await.is_ok() {
        return response;
    }
    unavailable(&state, lang, page)
}

fn unavailable(state: &AppState, lang: joren_app::lang::Lang, page: bool) -> Response {
    let mut answer = if page {
        let html = database_unavailable_page(lang, state.assets.stylesheet.as_str());
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(PUBLIC_PAGE_POLICY),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            axum::response::Html(html),
        )
            .into_response()
    } else {
        // A server function's error, as its caller decodes it.
        (StatusCode::SERVICE_UNAVAILABLE, AppError::Unavailable.ser()).into_response()
    };
    answer
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
    answer
}
