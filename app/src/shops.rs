//! Which shop a request is for, when one installation serves several shops: the shop reached
//! at the request's host name, else the shop this tablet chose by path (`/s/<slug>`, which
//! the server keeps in the [`SHOP_COOKIE`]), else the installation's main shop.
//!
//! Choosing a shop grants nothing: a member of staff is signed in for one shop only (see
//! `auth.rs`), and every read and write names the shop.

use http::HeaderMap;
use http::header::{COOKIE, HOST};
use joren::storage::StorageError;
use joren::{Shop, ShopHost, ShopSlug};

use crate::state::AppState;

/// The cookie that keeps the shop a tablet chose by path; it holds nothing but a shop's slug.
pub const SHOP_COOKIE: &str = "joren_shop";

/// The path prefix that chooses a shop: `/s/<slug>` and anything under it.
pub const SHOP_PATH: &str = "/s/";

/// The host name a request was sent to: its `Host` header, or the address of an HTTP/2
/// request (`:authority`), which comes as the URI's host.
pub fn request_host(headers: &HeaderMap, uri: &http::Uri) -> Option<ShopHost> {
    headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| uri.authority().map(http::uri::Authority::as_str))
        .and_then(ShopHost::from_header)
}

/// The shop this tablet chose by path, as its cookie says (a slug, not yet looked up).
pub fn chosen_shop(headers: &HeaderMap) -> Option<ShopSlug> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SHOP_COOKIE)
        .and_then(|(_, value)| ShopSlug::parse(value).ok())
}

/// The shop a request is for; `None` only when even the main shop is missing.
pub async fn shop_of_request(
    state: &AppState,
    headers: &HeaderMap,
    uri: &http::Uri,
) -> Result<Option<Shop>, StorageError> {
    state
        .store
        .shop_for_request(
            request_host(headers, uri).as_ref(),
            chosen_shop(headers).as_ref(),
            &state.main_shop,
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(http::header::HeaderName, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name.clone(), value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_host_comes_from_the_host_header_without_its_port() {
        let uri: http::Uri = "/register".parse().unwrap();
        let host = request_host(&headers(&[(HOST, "Yururi.Example:3000")]), &uri);
        assert_eq!(host.unwrap().as_str(), "yururi.example");
        assert_eq!(request_host(&HeaderMap::new(), &uri), None);
    }

    #[test]
    fn an_http2_request_names_its_host_in_the_uri() {
        let uri: http::Uri = "https://pan-ya.example/register".parse().unwrap();
        let host = request_host(&HeaderMap::new(), &uri);
        assert_eq!(host.unwrap().as_str(), "pan-ya.example");
    }

    #[test]
    fn the_chosen_shop_is_read_from_its_cookie_among_others() {
        let chosen = chosen_shop(&headers(&[
            (COOKIE, "joren_lang=ja; joren_shop=pan-ya"),
            (COOKIE, "id=abc"),
        ]));
        assert_eq!(chosen.unwrap().as_str(), "pan-ya");
        assert_eq!(chosen_shop(&headers(&[(COOKIE, "joren_lang=ja")])), None);
        // A value that is no slug is no choice.
        assert_eq!(
            chosen_shop(&headers(&[(COOKIE, "joren_shop=../Pan Ya")])),
            None
        );
    }
}
