//! The kiosk's language: Japanese or English, chosen on the lock screen and kept in a cookie
//! so that the server renders the next page in it too.

use leptos::prelude::*;

/// The cookie that keeps the choice; it holds nothing but `ja` or `en`.
pub const LANG_COOKIE: &str = "joren_lang";

/// The kiosk's two languages: the `Locale` that leptos_i18n generates from `locales/`, so a
/// text looked up in it is checked at compile time to exist in both.
pub type Lang = crate::i18n::Locale;

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        leptos_i18n::Locale::as_str(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        code.trim().parse().ok()
    }

    /// The kiosk's language for a request: the kept choice, else Japanese when the browser
    /// prefers it, else English.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Self {
        let kept = cookie_header.and_then(|header| {
            header
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == LANG_COOKIE)
                .and_then(|(_, value)| Lang::from_code(value))
        });
        kept.unwrap_or_else(|| {
            let first = accept_language
                .and_then(|header| header.split(',').next())
                .map(|tag| tag.trim().to_ascii_lowercase());
            match first {
                Some(tag) if tag == "ja" || tag.starts_with("ja-") => Lang::ja,
                _ => Lang::en,
            }
        })
    }
}

/// A text in either language, looked up when it is shown: `|l| td_string!(l, area.key)`.
pub type Text = fn(Lang) -> &'static str;

/// The language signal every screen reads.
#[derive(Clone, Copy)]
pub struct UseLang(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<UseLang>().0
}

/// Provides the language signal, starting from the request (on the server) or from the
/// page the server rendered (in the browser), so both render the same text.
pub fn provide_lang() -> RwSignal<Lang> {
    let lang = RwSignal::new(initial_lang());
    provide_context(UseLang(lang));
    lang
}

/// The language of the request being served (the kept choice, else the browser's).
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    initial_lang()
}

/// The language for a request's headers, outside a rendered page (downloads, public pages).
#[cfg(feature = "ssr")]
pub fn headers_lang(headers: &http::HeaderMap) -> Lang {
    let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
    Lang::negotiate(
        header(http::header::COOKIE),
        header(http::header::ACCEPT_LANGUAGE),
    )
}

#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    let header = |parts: &http::request::Parts, name| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    use_context::<http::request::Parts>()
        .map(|parts| {
            Lang::negotiate(
                header(&parts, http::header::COOKIE).as_deref(),
                header(&parts, http::header::ACCEPT_LANGUAGE).as_deref(),
            )
        })
        .unwrap_or(Lang::ja)
}

#[cfg(not(feature = "ssr"))]
fn initial_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::ja)
}

/// Keeps a new choice: the page's `lang` attribute at once, the cookie for the next visit.
pub fn remember(lang: Lang) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
            let cookie = format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Strict",
                lang.code()
            );
            let _ = doc.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_choice_wins_over_the_browser() {
        let lang = Lang::negotiate(Some("a=1; joren_lang=en; b=2"), Some("ja-JP,ja;q=0.9"));
        assert_eq!(lang, Lang::en);
    }

    #[test]
    fn japanese_browsers_get_japanese_and_others_english() {
        assert_eq!(Lang::negotiate(None, Some("ja-JP,en;q=0.5")), Lang::ja);
        assert_eq!(Lang::negotiate(None, Some("ja")), Lang::ja);
        assert_eq!(Lang::negotiate(None, Some("en-GB,ja;q=0.5")), Lang::en);
        assert_eq!(Lang::negotiate(None, None), Lang::en);
    }

    #[test]
    fn a_foreign_cookie_value_is_ignored() {
        assert_eq!(
            Lang::negotiate(Some("joren_lang=<script>"), Some("ja")),
            Lang::ja
        );
    }

    /// The keys of one translation file, plural forms folded into their key.
    fn keys(lang: &str, area: &str) -> std::collections::BTreeSet<String> {
        let path = format!("{}/locales/{lang}/{area}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let texts: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let plural = ["_zero", "_one", "_two", "_few", "_many", "_other"];
        texts
            .keys()
            .map(|key| {
                plural
                    .iter()
                    .find_map(|suffix| key.strip_suffix(suffix))
                    .unwrap_or(key)
                    .to_owned()
            })
            .collect()
    }

    /// leptos_i18n falls back to Japanese for a text missing in English, which would show a
    /// Japanese sentence on an English screen: every text must exist in both files.
    #[test]
    fn every_text_exists_in_both_languages() {
        let dir = format!("{}/locales/ja", env!("CARGO_MANIFEST_DIR"));
        let mut areas = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let area = name.strip_suffix(".json").unwrap();
            let (ja, en) = (keys("ja", area), keys("en", area));
            assert_eq!(
                ja.difference(&en).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "{area}: only in Japanese"
            );
            assert_eq!(
                en.difference(&ja).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "{area}: only in English"
            );
            areas += 1;
        }
        assert_eq!(areas, 10, "one file per area in build.rs");
    }

    #[test]
    fn counts_follow_each_languages_plural_rules() {
        use crate::i18n::td_string;
        let rewards = |lang: Lang, count: usize| {
            td_string!(lang, common.with_rewards, base = "Stamps 3/10", count).to_string()
        };
        assert_eq!(rewards(Lang::en, 1), "Stamps 3/10 · 1 reward");
        assert_eq!(rewards(Lang::en, 2), "Stamps 3/10 · 2 rewards");
        assert_eq!(rewards(Lang::ja, 2), "Stamps 3/10・特典2");
        let since = |lang: Lang, count: u32| {
            td_string!(lang, regular.regular_since, since = "2026-04-01", count).to_string()
        };
        assert_eq!(since(Lang::en, 1), "A regular since 2026-04-01 · 1 visit");
        assert_eq!(
            since(Lang::en, 1234),
            "A regular since 2026-04-01 · 1,234 visits"
        );
        assert_eq!(since(Lang::ja, 1234), "2026-04-01から常連さん・来店1,234回");
    }
}
