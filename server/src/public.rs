//! What a phone reaches after scanning a QR code: `/q/{code}` and `/c/{code}`.
//!
//! These routes sit outside the session layer, so they never set a cookie, and they store
//! nothing about the phone: a scan that leads somewhere is one row with its time. A code
//! that leads nowhere (unknown, withdrawn consent, a link no longer on the profile) gets the
//! same plain 404 page.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use joren::short_link::{Destination, ShortCode};
use joren::storage::{Followed, now_millis};
use joren_app::lang::{Lang, headers_lang};
use joren_app::public::{PUBLIC_PAGE_POLICY, creator_card_page, not_found_page, unavailable_text};
use joren_app::state::AppState;

pub fn routes() -> Router<AppState> {
    // Both paths lead wherever the code leads: a link's code redirects, a card's code shows
    // the card, so a printed code keeps working whichever path it was printed with.
    Router::new()
        .route("/q/{code}", get(scan))
        .route("/c/{code}", get(scan))
}

async fn scan(
    State(state): State<AppState>,
    Path(code): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let lang = headers_lang(&headers);
    let css = state.assets.stylesheet.as_str();
    let Some(code) = ShortCode::parse(&code) else {
        return page(StatusCode::NOT_FOUND, not_found_page(lang, css));
    };
    // The code names its shop, whichever address (or shop's host name) it is scanned at.
    let shop = match state.store.shop_of_code(&code).await {
        Ok(Some(shop)) => shop,
        Ok(None) => return page(StatusCode::NOT_FOUND, not_found_page(lang, css)),
        Err(error) => return failed(&error, lang),
    };
    match state
        .store
        // A HEAD request (a link checker, a chat app's preview) is answered but not counted:
        // only a phone that opens the link is a scan.
        .follow_short_link(shop.id, &code, (method != Method::HEAD).then(now_millis))
        .await
    {
        Ok(Some(Followed {
            destination: Destination::Redirect(href),
            ..
        })) => match HeaderValue::from_str(&href) {
            Ok(location) => (
                StatusCode::FOUND,
                [
                    (header::LOCATION, location),
                    // Every scan reaches the server, to be counted.
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
            )
                .into_response(),
            Err(error) => failed(&error, lang),
        },
        Ok(Some(Followed {
            destination: Destination::CreatorCard,
            regular,
        })) => page(
            StatusCode::OK,
            creator_card_page(shop.name.as_str(), &regular.profile, lang, css),
        ),
        Ok(None) => page(StatusCode::NOT_FOUND, not_found_page(lang, css)),
        Err(error) => failed(&error, lang),
    }
}

fn page(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(PUBLIC_PAGE_POLICY),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        html,
    )
        .into_response()
}

fn failed(error: &dyn std::fmt::Display, lang: Lang) -> Response {
    tracing::error!(%error, "cannot follow a short link");
    let text = unavailable_text(lang);
    (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
}
