use crate::helpers::spawn_app;

#[tokio::test]
async fn a_new_shop_opens_on_the_first_start_rendered_on_the_server() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-language", "ja-JP,ja;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"ja\""),
        "Japanese for a Japanese browser"
    );
    assert!(html.contains("お店の準備をしましょう"), "{html}");
    assert!(html.contains("name=\"pin_again\""));
    // The page loads the hydration script and the stylesheet of the built site.
    assert!(html.contains("/pkg/joren.js"));
    assert!(html.contains("/pkg/joren.css"));
}

#[tokio::test]
async fn the_language_kept_in_the_cookie_wins() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(app.url("/"))
        .header("accept-language", "ja-JP")
        .header("cookie", "joren_lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(
        html.contains("Let&#x27;s set up your shop") || html.contains("Let's set up your shop"),
        "{html}"
    );
    assert!(!html.contains("お店の準備"));
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page_in_the_kiosks_look() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/no/such/page"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn responses_are_compressed_for_browsers_that_ask() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();
    // Pages go out as gzip: brotli, slower to make as a page is sent, is kept for the site's
    // precompressed files (see site_files.rs).
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
}

#[tokio::test]
async fn pages_say_how_their_views_were_built_and_it_is_with_erased_components() {
    // The wasm hydrates only a page whose views were built as its own were; the
    // workspace's `.cargo/config.toml` builds both with `--cfg erase_components`. Were it set
    // for the wasm alone (as once), this server would render typed views and every page's
    // hydration would fail on a marker.
    assert_eq!(
        joren_app::VIEWS,
        "erased",
        "build with `--cfg erase_components` for every target (.cargo/config.toml [build])"
    );
    let html = spawn_app().await.page_html("/").await;
    assert!(
        html.contains(r#"<meta name="joren-views" content="erased">"#),
        "{html}"
    );
}

/// Leptos holds back every resource whose loading first starts while any thread of the
/// process is walking the app for its route list, and such a resource never loads: the page
/// waits forever. A server must walk the app once, not once per start, or a second server
/// started in the same process (as the tests do) stalls the first one's pages.
#[tokio::test]
async fn starting_a_second_server_never_stalls_the_first_ones_pages() {
    let first = spawn_app().await;
    crate::helpers::set_up(&first).await;
    for _ in 0..10 {
        let starts = async {
            for _ in 0..3 {
                spawn_app().await;
            }
        };
        let pages = async {
            for _ in 0..10 {
                let page =
                    tokio::time::timeout(std::time::Duration::from_secs(30), first.page_html("/"))
                        .await;
                assert!(page.is_ok(), "a page never came while servers started");
            }
        };
        tokio::join!(starts, pages);
    }
}

#[tokio::test]
async fn the_register_is_built_once_per_page_and_sends_each_answer_once() {
    let app = spawn_app().await;
    crate::helpers::set_up(&app).await;
    // Whether the kiosk's data is there when the server first looks into the page decides
    // whether a second build happens, so the page is loaded often enough to meet both cases.
    for load in 0..40 {
        let html = app.page_html("/").await;
        // The kiosk, what the page came with, and the list: each read once, sent once.
        let answers = html.matches("__RESOLVED_RESOURCES[").count();
        assert_eq!(answers, 3, "load {load}: {answers} answers in the page");
    }
}
