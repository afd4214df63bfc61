//! Several shops in one installation, over HTTP: the shop each request is for (an axum
//! extractor, [`RequestShop`]), and `/s/<slug>`, the path a tablet opens to choose its shop
//! where host names are not to be had (one address on a shop street's network).
//!
//! `/s/<slug>/<path>` keeps the choice in a cookie and sends the tablet on to `/<path>`: every
//! screen, server function and live update of that tablet is then for that shop, with the
//! kiosk's links unchanged. A host name that belongs to a shop wins over the cookie, so
//! `/s/<slug>` of another shop is "not found" there.
//!
//! Switching shop also locks the tablet, so a page elsewhere must not do it: a `GET` switches
//! only when the browser says it was typed in or opened from the kiosk itself
//! (`Sec-Fetch-Site: none` or `same-origin`); otherwise (a link on another site, or a browser
//! that does not say) the kiosk asks first, and the answer is a `POST`, which only the
//! kiosk's own pages may send.

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use joren::{Shop, ShopSlug};
use joren_app::shops::{SHOP_COOKIE, SHOP_PATH, request_host, shop_of_request};
use joren_app::state::AppState;

/// A tablet keeps its choice for a year; opening `/s/<slug>` again renews it.
const CHOICE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The shop a request is for (see `joren_app::shops`); a 404 when even the main shop is
/// missing, a 500 when the database fails (a 503 page while it does not answer).
pub struct RequestShop(pub Shop);

impl FromRequestParts<AppState> for RequestShop {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match shop_of_request(state, &parts.headers, &parts.uri).await {
            Ok(Some(shop)) => Ok(Self(shop)),
            Ok(None) => Err((StatusCode::NOT_FOUND, "no such shop").into_response()),
            Err(error) => {
                tracing::error!(%error, "cannot tell which shop a request is for");
                Err((StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response())
            }
        }
    }
}

/// `/s/<slug>` and everything under it. `secure` marks the cookie `Secure` (https).
pub fn routes(secure: bool) -> Router<AppState> {
    let handler = move |state: State<AppState>, request: Request| choose(state, request, secure);
    Router::new()
        .route("/s/{slug}", get(handler).post(handler))
        .route("/s/{slug}/{*path}", get(handler).post(handler))
}

/// Keeps the shop `/s/<slug>/…` names for this tablet and sends it on to the rest of the
/// path; the kiosk's "not found" screen for a shop that is not served here.
async fn choose(State(state): State<AppState>, request: Request, secure: bool) -> Response {
    let Some((slug, path)) = split(request.uri().path()) else {
        return crate::not_found::page(state, request).await;
    };
    let host = request_host(request.headers(), request.uri());
    let served = match state
        .store
        .shop_for_request(host.as_ref(), Some(&slug), &state.main_shop)
        .await
    {
        Ok(shop) => shop.filter(|shop| shop.slug == slug),
        Err(error) => {
            tracing::error!(%error, "cannot look the chosen shop up");
            return (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response();
        }
    };
    let Some(shop) = served else {
        return crate::not_found::page(state, request).await;
    };
    if request.method() != Method::POST && !typed_or_from_the_kiosk(request.headers()) {
        return ask_first(&state, &request, &shop);
    }
    let location = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SHOP_COOKIE}={slug}; Path=/; Max-Age={CHOICE_SECONDS}; HttpOnly; SameSite=Lax{secure}"
    );
    match (
        HeaderValue::from_str(&location),
        HeaderValue::from_str(&cookie),
    ) {
        (Ok(location), Ok(cookie)) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::SET_COOKIE, cookie),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        _ => (StatusCode::BAD_REQUEST, "not a path").into_response(),
    }
}

/// Whether the browser says this navigation was typed in, bookmarked or opened from the
/// kiosk's own pages.
fn typed_or_from_the_kiosk(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|site| site.to_str().ok())
        .is_some_and(|site| matches!(site, "none" | "same-origin"))
}

/// The page that asks before the tablet switches to `shop`; its form posts to this same path.
fn ask_first(state: &AppState, request: &Request, shop: &Shop) -> Response {
    let lang = joren_app::lang::headers_lang(request.headers());
    let action = request
        .uri()
        .path_and_query()
        .map_or(request.uri().path(), |path| path.as_str());
    let page = joren_app::public::switch_shop_page(
        lang,
        state.assets.stylesheet.as_str(),
        shop.name.as_str(),
        action,
    );
    (
        [
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(joren_app::public::SWITCH_SHOP_PAGE_POLICY),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        axum::response::Html(page),
    )
        .into_response()
}

/// `/s/<slug>/<rest>` as the slug and the path to go on to (`/<rest>`, never `//host`, which
/// a browser would take for another site); `None` when the slug is not one.
fn split(path: &str) -> Option<(ShopSlug, String)> {
    let rest = path.strip_prefix(SHOP_PATH)?;
    let (slug, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let slug = ShopSlug::parse(slug).ok()?;
    let rest = rest.trim_start_matches(['/', '\\']);
    Some((slug, format!("/{rest}")))
}

#[cfg(test)]
mod tests {
    use super::split;

    fn go_on(path: &str) -> Option<(String, String)> {
        split(path).map(|(slug, rest)| (slug.as_str().to_owned(), rest))
    }

    #[test]
    fn the_path_names_the_shop_and_where_to_go_on_to() {
        let expected = |slug: &str, rest: &str| Some((slug.to_owned(), rest.to_owned()));
        assert_eq!(go_on("/s/pan-ya"), expected("pan-ya", "/"));
        assert_eq!(go_on("/s/pan-ya/"), expected("pan-ya", "/"));
        assert_eq!(go_on("/s/pan-ya/register"), expected("pan-ya", "/register"));
        assert_eq!(
            go_on("/s/pan-ya/regulars/12/edit"),
            expected("pan-ya", "/regulars/12/edit")
        );
    }

    #[test]
    fn the_path_never_leads_to_another_site() {
        let expected = Some(("pan-ya".to_owned(), "/evil.example".to_owned()));
        assert_eq!(go_on("/s/pan-ya//evil.example"), expected);
        assert_eq!(go_on("/s/pan-ya/\\evil.example"), expected);
        assert_eq!(go_on("/s/pan-ya/\\/evil.example"), expected);
    }

    #[test]
    fn a_path_without_a_slug_names_no_shop() {
        assert_eq!(go_on("/s/"), None);
        assert_eq!(go_on("/s/Pan Ya/register"), None);
        assert_eq!(go_on("/s/-x"), None);
        assert_eq!(go_on("/register"), None);
    }
}
