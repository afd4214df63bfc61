//! The pages a phone sees after scanning a QR code: a creator's public card, and "not
//! found". Plain server-rendered HTML with the shop's stylesheet and no script, so they load
//! at once on a phone's data connection; they show nothing but what the creator agreed to
//! show: nickname, tagline and links (no visits, no notes, nothing else).

use joren::regular::Profile;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::i18n::td_string;
use crate::lang::Lang;
use crate::words::called;

/// The Content-Security-Policy of these pages: the stylesheet, and nothing else.
pub const PUBLIC_PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// A creator's public card, as a whole HTML document. `stylesheet` is the stylesheet's file
/// name ([`crate::assets::SiteAssets::stylesheet`]), linked relative to the page (`../pkg/…`), so
/// the card works behind a proxy that adds a path prefix.
pub fn creator_card_page(
    shop_name: &str,
    profile: &Profile,
    lang: Lang,
    stylesheet: &str,
) -> String {
    let nickname = profile.nickname.to_string();
    let tagline = profile.tagline.as_ref().map(ToString::to_string);
    let links: Vec<_> = profile
        .links
        .iter()
        .map(|link| (link.label(), link.address(), link.href()))
        .collect();
    let shop = td_string!(lang, public.a_regular_at, shop_name = shop_name).to_string();
    let title = td_string!(
        lang,
        public.card_title,
        nickname = called(&nickname, lang),
        shop_name = shop_name
    )
    .to_string();
    document(
        lang,
        &title,
        stylesheet,
        view! {
            <main class="public-card">
                <p class="public-card__shop">{shop}</p>
                <h1 class="public-card__name">{nickname}</h1>
                {tagline.map(|tagline| view! { <p class="public-card__tagline">{tagline}</p> })}
                <ul class="public-card__links">
                    {links.into_iter().map(|(label, address, href)| view! {
                        <li>
                            <a class="public-card__link" href=href rel="noopener noreferrer nofollow">
                                <span class="public-card__label">{label}</span>
                                <span class="public-card__address">{address}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </main>
        },
    )
}

/// What an unknown or withdrawn code shows: the same words whatever the reason, so a code
/// tells nothing about whether it ever existed.
pub fn not_found_page(lang: Lang, stylesheet: &str) -> String {
    let title = td_string!(lang, public.not_found);
    let text = td_string!(lang, public.this_qr_code_link_was_not_found);
    document(
        lang,
        title,
        stylesheet,
        view! {
            <main class="public-card">
                <h1 class="public-card__name">{title}</h1>
                <p class="public-card__tagline">{text}</p>
            </main>
        },
    )
}

/// The policy of [`switch_shop_page`]: as [`PUBLIC_PAGE_POLICY`], but its one form may post
/// back to the kiosk.
pub const SWITCH_SHOP_PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// What `/s/<slug>` shows when it was not opened from the kiosk itself or typed in (a link on
/// another site, say): it asks before it switches the tablet, since switching also locks it.
/// `action` is where the form posts (the same `/s/<slug>/…`).
pub fn switch_shop_page(lang: Lang, stylesheet: &str, shop_name: &str, action: &str) -> String {
    let title = td_string!(lang, public.switch_shop);
    let question =
        td_string!(lang, public.switch_this_tablet_to, shop_name = shop_name).to_string();
    let switch = td_string!(lang, public.switch);
    let keep = td_string!(lang, public.keep_the_current_shop);
    document_with(
        lang,
        title,
        &format!("/pkg/{stylesheet}"),
        None,
        view! {
            <main class="public-card">
                <h1 class="public-card__name">{title}</h1>
                <form class="public-card__form" method="post" action=action.to_owned()>
                    <p class="public-card__tagline">{question}</p>
                    <div class="form__actions">
                        <button type="submit" class="button button--primary">{switch}</button>
                        <a class="button" href="/">{keep}</a>
                    </div>
                </form>
            </main>
        },
    )
}

/// What a phone reads when a code cannot be followed because of a fault on the server
/// (the database is unreachable, say): plain text, for a 500 response.
pub fn unavailable_text(lang: Lang) -> &'static str {
    td_string!(lang, public.cannot_be_shown_right_now)
}

/// What any page shows while the database does not answer (it is down or restarting): a
/// 503 that loads itself again every 5 seconds, and is the page again once it answers.
pub fn database_unavailable_page(lang: Lang, stylesheet: &str) -> String {
    let title = td_string!(lang, problems.database_unavailable_title);
    let retrying = td_string!(lang, problems.retrying_by_itself);
    // Absolute: this page may stand in for one at any depth.
    document_with(
        lang,
        title,
        &format!("/pkg/{stylesheet}"),
        Some(5),
        view! {
            <main class="public-card" role="alert">
                <h1 class="public-card__name">{title}</h1>
                <p class="public-card__tagline">{retrying}</p>
            </main>
        },
    )
}

fn document(lang: Lang, title: &str, stylesheet: &str, body: impl RenderHtml) -> String {
    document_with(lang, title, &format!("../pkg/{stylesheet}"), None, body)
}

fn document_with(
    lang: Lang,
    title: &str,
    stylesheet_href: &str,
    refresh_seconds: Option<u8>,
    body: impl RenderHtml,
) -> String {
    // The head is written out here rather than by `view!`: with erased components Leptos
    // ends a view's text with a hydration marker (`<!>`), and inside `<title>` that would be
    // text in the tab's name. These pages are never hydrated, so the body's markers are
    // only comments.
    let refresh = refresh_seconds.map_or_else(String::new, |seconds| {
        format!("<meta http-equiv=\"refresh\" content=\"{seconds}\">")
    });
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">{refresh}\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"{}\"></head><body class=\"public\">{}</body></html>",
        lang.code(),
        crate::markup::escape(title),
        crate::markup::escape(stylesheet_href),
        body.to_html()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use joren::regular::RegularDraft;

    fn profile(links: &str) -> Profile {
        Profile::parse(&RegularDraft {
            nickname: "ゆう<script>".into(),
            tagline: "写真を撮っています".into(),
            links: links.into(),
            notes: "staff only: pays by card".into(),
            interests: "coffee".into(),
            ..RegularDraft::default()
        })
        .unwrap()
    }

    #[test]
    fn the_card_shows_name_tagline_and_links_and_nothing_else() {
        let page = creator_card_page(
            "珈琲 ゆるり",
            &profile("作品 https://例え.jp/作品\n@yu_photo"),
            Lang::ja,
            "joren.css",
        );
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"ja\">"),
            "{page}"
        );
        assert!(page.contains("珈琲 ゆるり の常連さん"));
        assert!(page.contains("ゆう&lt;script&gt;"), "escaped: {page}");
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("写真を撮っています"));
        assert!(
            page.contains("href=\"https://xn--r8jz45g.jp/%E4%BD%9C%E5%93%81\""),
            "{page}"
        );
        assert!(
            page.contains(">作品<") && page.contains(">@yu_photo<"),
            "{page}"
        );
        assert!(page.contains("href=\"https://www.instagram.com/yu_photo/\""));
        assert!(!page.contains("pays by card"), "no notes");
        assert!(!page.contains("coffee"), "no interests");
    }

    #[test]
    fn the_card_names_the_shop_and_the_creator_in_english() {
        let page = creator_card_page("Café Yururi", &profile(""), Lang::en, "joren.css");
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{page}"
        );
        assert!(page.contains("A regular at Café Yururi"), "{page}");
        assert!(
            page.contains("<title>ゆう&lt;script&gt; · Café Yururi</title>"),
            "{page}"
        );
    }

    #[test]
    fn the_card_title_in_japanese_adds_san() {
        let page = creator_card_page("珈琲 ゆるり", &profile(""), Lang::ja, "joren.css");
        assert!(
            page.contains("<title>ゆう&lt;script&gt;さん｜珈琲 ゆるり</title>"),
            "{page}"
        );
    }

    #[test]
    fn a_fault_is_worded_in_the_phones_language() {
        assert!(unavailable_text(Lang::ja).starts_with("ただいま表示できません"));
        assert!(unavailable_text(Lang::en).starts_with("This cannot be shown right now"));
    }

    #[test]
    fn not_found_says_so_in_the_phones_language() {
        assert!(not_found_page(Lang::en, "joren.css").contains("was not found"));
        assert!(not_found_page(Lang::ja, "joren.css").contains("見つかりません"));
    }
}
