//! Creator links over HTTP: the QR code's address with and without the shop's public
//! address, the short link's redirect and scan count, the public card, the 404 page, no
//! cookie on any public route, and the printable card's downloads.

use joren::short_link::PublicUrl;
use reqwest::header;
use serde_json::Value;

use crate::helpers::{
    TestApp, call, sakura_unlocks, set_up, spawn_app, spawn_app_configured, spawn_client_from,
};

const PORTFOLIO: &str = "作品 https://例え.jp/作品?year=2026";
const PORTFOLIO_HREF: &str = "https://xn--r8jz45g.jp/%E4%BD%9C%E5%93%81?year=2026";

/// Saves the creator's profile through the card's form: a new one without `id`.
async fn save(app: &TestApp, id: Option<&str>, links: &str, may_show_links: bool) -> Value {
    let mut form = vec![
        ("nickname", "写真のゆう"),
        ("reading", ""),
        ("tagline", "商店街の写真を撮っています"),
        ("interests", ""),
        ("offers", ""),
        ("looking_for", ""),
        ("links", links),
        ("notes", "人見知り"),
        ("may_be_introduced", "yes"),
    ];
    if let Some(id) = id {
        form.push(("regular_id", id));
    }
    if may_show_links {
        form.push(("may_show_links", "yes"));
    }
    let (status, saved) = call(app, "save_regular", &form).await;
    assert_eq!(status, 200, "{saved}");
    saved
}

async fn creator(app: &TestApp, links: &str, may_show_links: bool) -> String {
    let saved = save(app, None, links, may_show_links).await;
    saved["Saved"]["regular"].as_i64().unwrap().to_string()
}

async fn edit(app: &TestApp, id: &str, links: &str, may_show_links: bool) -> Value {
    save(app, Some(id), links, may_show_links).await
}

async fn card(app: &TestApp, id: &str) -> Value {
    let (status, card) = call(app, "get_regular", &[("regular_id", id)]).await;
    assert_eq!(status, 200, "{card}");
    card
}

/// A phone: no cookies of the kiosk, another address.
fn phone() -> reqwest::Client {
    spawn_client_from(std::net::IpAddr::from([127, 0, 0, 9]))
}

fn no_cookie(response: &reqwest::Response) {
    assert!(
        response.headers().get(header::SET_COOKIE).is_none(),
        "a public route set a cookie: {:?}",
        response.headers()
    );
}

#[tokio::test]
async fn without_a_public_address_the_qr_code_carries_the_link_itself() {
    let app = spawn_app().await;
    set_up(&app).await;
    let id = creator(&app, &format!("{PORTFOLIO}\n@yu_photo"), true).await;
    let card = card(&app, &id).await;
    let links = card["links"].as_array().unwrap();
    assert_eq!(links[0]["label"], "作品");
    assert_eq!(links[0]["address"], "https://例え.jp/作品?year=2026");
    assert_eq!(links[0]["encoded"], PORTFOLIO_HREF);
    assert_eq!(links[1]["label"], "Instagram");
    assert_eq!(links[1]["encoded"], "https://www.instagram.com/yu_photo/");
    assert!(links[0]["qr_svg"].as_str().unwrap().starts_with("<svg"));
    assert_eq!(links[0]["scans"], Value::Null);
    assert_eq!(card["public_card"], Value::Null);
}

#[tokio::test]
async fn a_short_link_redirects_counts_the_scan_and_sets_no_cookie() {
    let app = spawn_app_configured(|config| {
        config.public_url = Some(PublicUrl::parse("https://cafe.example").unwrap());
    })
    .await;
    set_up(&app).await;
    let id = creator(&app, &format!("{PORTFOLIO}\n@yu_photo"), true).await;
    let card = card(&app, &id).await;
    let encoded = card["links"][0]["encoded"].as_str().unwrap().to_owned();
    let code = encoded
        .strip_prefix("https://cafe.example/q/")
        .unwrap_or_else(|| panic!("a short link: {encoded}"))
        .to_owned();
    assert_eq!(code.len(), 8);
    assert_eq!(card["links"][0]["scans"], 0);

    let phone = phone();
    for _ in 0..2 {
        let response = phone
            .get(app.url(&format!("/q/{code}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302);
        assert_eq!(response.headers()[header::LOCATION], PORTFOLIO_HREF);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        no_cookie(&response);
    }
    // A link checker's HEAD request is answered, and not counted as a scan.
    let checked = phone
        .head(app.url(&format!("/q/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(checked.status(), 302);
    let again = self::card(&app, &id).await;
    assert_eq!(again["links"][0]["scans"], 2);
    assert_eq!(again["links"][1]["scans"], 0);
    assert_eq!(again["links"][0]["encoded"], encoded, "the code is kept");

    // The public card: what they agreed to show, nothing else.
    let public = again["public_card"].as_str().unwrap();
    let card_code = public.strip_prefix("https://cafe.example/c/").unwrap();
    let response = phone
        .get(app.url(&format!("/c/{card_code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    no_cookie(&response);
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    let html = response.text().await.unwrap();
    assert!(html.contains("写真のゆう") && html.contains("商店街の写真を撮っています"));
    assert!(html.contains(PORTFOLIO_HREF) && html.contains("珈琲 ゆるり"));
    assert!(!html.contains("人見知り"), "no staff notes: {html}");
    assert!(!html.contains("<script"), "{html}");

    // Unknown and malformed codes: a plain 404 page, no cookie.
    for path in ["/q/zzzzzzzz", "/c/zzzzzzzz", "/q/abc", "/q/..%2F..%2Fetc"] {
        let response = phone.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        no_cookie(&response);
        assert!(response.text().await.unwrap().contains("not found"));
    }

    // Withdrawn consent: the code leads nowhere at once, and is not counted.
    let saved = edit(&app, &id, &format!("{PORTFOLIO}\n@yu_photo"), false).await;
    assert!(saved["Saved"].is_object(), "{saved}");
    let response = phone
        .get(app.url(&format!("/q/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let response = phone
        .get(app.url(&format!("/c/{card_code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let withdrawn = self::card(&app, &id).await;
    assert_eq!(withdrawn["links"][0]["qr_svg"], Value::Null);
    assert_eq!(withdrawn["public_card"], Value::Null);
}

#[tokio::test]
async fn bad_links_are_refused_by_name_and_change_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    let id = creator(&app, "@yu_photo", true).await;
    let long = format!("https://example.com/{}", "a".repeat(1_981));
    for bad in [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "/relative/path",
        "https://exa mple.com",
        long.as_str(),
    ] {
        let answer = edit(&app, &id, bad, true).await;
        assert_eq!(answer["Invalid"][0]["field"], "Links", "{bad}: {answer}");
    }
    let card = card(&app, &id).await;
    assert_eq!(card["draft"]["links"], "@yu_photo");
}

#[tokio::test]
async fn scans_from_an_introductions_page_count_toward_it() {
    let app = spawn_app_configured(|config| {
        config.public_url = Some(PublicUrl::parse("https://cafe.example").unwrap());
    })
    .await;
    set_up(&app).await;
    let yu = creator(&app, PORTFOLIO, true).await;
    let hana = creator(&app, "", false).await;
    let (_, introduced) = call(&app, "introduce", &[("a", &yu), ("b", &hana), ("note", "")]).await;
    let introduction = introduced["Introduced"]["introduction"].to_string();
    let form = [("introduction_id", introduction.as_str())];
    let page = || call(&app, "get_introduction", &form);
    let (_, shown) = page().await;
    assert_eq!(shown["scans"], 0, "{shown}");
    let encoded = shown["links"][0][1][0]["encoded"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = encoded.strip_prefix("https://cafe.example/q/").unwrap();
    assert_ne!(
        card(&app, &yu).await["links"][0]["encoded"],
        encoded,
        "the introduction's page has a code of its own"
    );
    let response = phone()
        .get(app.url(&format!("/q/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(page().await.1["scans"], 1);
    assert_eq!(card(&app, &yu).await["links"][0]["scans"], 1);
}

#[tokio::test]
async fn the_printable_card_downloads_as_svg_and_png_for_staff_only() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let id = creator(&app, &format!("{PORTFOLIO}\n@yu_photo"), true).await;
    let (_, page) = call(
        &app,
        "get_printable",
        &[("regular_id", &id), ("size", "meishi")],
    )
    .await;
    assert_eq!(page["size"], "BusinessCard", "{page}");
    let cards = page["cards"].as_array().unwrap();
    assert_eq!(
        cards.len(),
        2,
        "one per link, no public card without the address"
    );
    assert_eq!(cards[1]["label"], "Instagram");

    let svg = app
        .client
        .get(app.url(&format!("/regulars/{id}/card.svg?card=2&size=a6")))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.status(), 200);
    assert_eq!(svg.headers()[header::CONTENT_TYPE], "image/svg+xml");
    let disposition = svg.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let text = svg.text().await.unwrap();
    assert!(
        text.contains("width=\"105mm\"") && text.contains("写真のゆう"),
        "{text}"
    );

    let png = app
        .client
        .get(app.url(&format!("/regulars/{id}/card.png?card=1&size=meishi")))
        .send()
        .await
        .unwrap();
    assert_eq!(png.status(), 200);
    assert_eq!(png.headers()[header::CONTENT_TYPE], "image/png");
    let bytes = png.bytes().await.unwrap();
    assert_eq!(&bytes[..4], b"\x89PNG");

    for (path, status) in [
        (format!("/regulars/{id}/card.png?card=9&size=a6"), 404),
        (format!("/regulars/{id}/card.png?card=1&size=a4"), 422),
        ("/regulars/999/card.svg?card=1&size=a6".to_owned(), 404),
    ] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
    }
    // A phone, not signed in: nothing.
    let response = phone()
        .get(app.url(&format!("/regulars/{id}/card.png?card=1&size=a6")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
