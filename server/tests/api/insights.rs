//! The owner's insights over HTTP: the charts as SVG for the owner only, a refused period
//! named in words, and each chart's numbers as a CSV download for Excel.

use reqwest::header;
use serde_json::Value;

use crate::helpers::{TestApp, call, regular_here, sakura_unlocks, set_up, spawn_app};

const BOM: &str = "\u{FEFF}";

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

/// A new regular, checked in at once through the register.
async fn a_visit(app: &TestApp) {
    let (status, body) = call(
        app,
        "add_regular_and_check_in",
        &[("nickname", "写真のゆう"), ("reading", "しゃしんのゆう")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn the_owner_sees_todays_visit_in_charts_drawn_on_the_server() {
    let app = spawn_app().await;
    set_up(&app).await;
    a_visit(&app).await;
    let (status, answer) = call(
        &app,
        "get_insights",
        &[("lang", "en"), ("period", "week"), ("from", ""), ("to", "")],
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let shown = &answer["Shown"];
    assert_eq!(shown["kind"], "week");
    let totals: Vec<(String, String)> = serde_json::from_value(shown["totals"].clone()).unwrap();
    assert!(
        totals.contains(&("Visits".into(), "1".into())),
        "{totals:?}"
    );
    assert!(
        totals.contains(&("New regulars".into(), "1".into())),
        "{totals:?}"
    );
    let charts = shown["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 6);
    for chart in charts {
        let svg = chart["svg"].as_str().unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(&format!(
            "<title>{}</title>",
            chart["title"].as_str().unwrap()
        )));
    }
    // Nobody was introduced yet: the graph says so in words instead of an empty picture.
    assert!(shown["community"].is_null(), "{shown}");
    assert_eq!(
        shown["community_note"],
        "No introductions in this period yet."
    );
}

#[tokio::test]
async fn a_period_that_makes_no_sense_is_refused_in_words() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (status, answer) = call(
        &app,
        "get_insights",
        &[
            ("lang", "ja"),
            ("period", "custom"),
            ("from", "2026-11-02"),
            ("to", "2026-11-01"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["Refused"],
        Value::from("最初の日が最後の日より後になっています。")
    );
    let response = get(
        &app,
        "/insights/visits-per-day.csv?period=custom&from=x&to=y",
    )
    .await;
    // A period that cannot be read is input the server cannot take (422), not its fault.
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn each_charts_numbers_download_as_csv_for_excel_for_the_owner_only() {
    let app = spawn_app().await;
    set_up(&app).await;
    a_visit(&app).await;
    let response = get(&app, "/insights/visits-per-day.csv?period=week").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let text = response.text().await.unwrap();
    assert!(text.starts_with(BOM), "{text}");
    let lines: Vec<&str> = text.trim_start_matches(BOM).lines().collect();
    assert_eq!(lines[0], "day,visits");
    assert_eq!(lines.len(), 8, "a header and seven days: {text}");
    assert!(
        lines[7].ends_with(",1"),
        "today's visit is on the last day: {text}"
    );

    assert_eq!(get(&app, "/insights/everything.csv").await.status(), 404);
    sakura_unlocks(&app).await;
    assert_eq!(
        get(&app, "/insights/visits-per-day.csv").await.status(),
        403
    );
    call(&app, "lock", &[]).await;
    assert_eq!(
        get(&app, "/insights/visits-per-day.csv").await.status(),
        401
    );
}

#[tokio::test]
async fn the_owner_sets_the_shops_time_zone_and_an_unknown_one_changes_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, settings) = call(&app, "get_settings", &[]).await;
    assert_eq!(settings["time_zone"], "Asia/Tokyo", "the default");
    let (status, saved) = call(&app, "save_time_zone", &[("time_zone", " Asia/Kolkata ")]).await;
    assert_eq!((status, saved), (200, Value::from("Saved")));
    for unknown in ["Mars/Olympus", "", "../etc/passwd"] {
        let (status, refused) = call(&app, "save_time_zone", &[("time_zone", unknown)]).await;
        assert_eq!(status, 200);
        assert_eq!(
            refused["Invalid"][0]["field"], "TimeZone",
            "{unknown}: {refused}"
        );
        assert_eq!(refused["Invalid"][0]["problem"], "UnknownTimeZone");
    }
    let (_, settings) = call(&app, "get_settings", &[]).await;
    assert_eq!(settings["time_zone"], "Asia/Kolkata");
    let (_, log) = call(&app, "get_audit_log", &[]).await;
    assert_eq!(
        log["lines"][0]["detail"],
        serde_json::json!({"kind": "time_zone", "before": "Asia/Tokyo", "after": "Asia/Kolkata"}),
        "{log}"
    );
    sakura_unlocks(&app).await;
    let (status, _) = call(&app, "save_time_zone", &[("time_zone", "UTC")]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_page_carries_each_chart_once_in_its_html_and_not_again_for_hydration() {
    let app = spawn_app().await;
    set_up(&app).await;
    let yu = regular_here(
        &app,
        &[
            ("nickname", "写真のゆう"),
            ("may_be_introduced", "yes"),
            ("may_show_links", "yes"),
        ],
    )
    .await;
    let hana = regular_here(
        &app,
        &[
            ("nickname", "はな"),
            ("may_be_introduced", "yes"),
            ("may_show_links", "yes"),
        ],
    )
    .await;
    let (status, introduced) =
        call(&app, "introduce", &[("a", &yu), ("b", &hana), ("note", "")]).await;
    assert_eq!(status, 200, "{introduced}");

    for (lang, visits, community) in [
        ("en", "2 visits in all", "2 people, 1 introduction."),
        ("ja", "合計2回。", "2人、ご紹介1件。"),
    ] {
        let response = app
            .client
            .get(app.url("/insights?period=week"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        // Six charts and the community graph, each drawn into the HTML with its description…
        assert_eq!(html.matches("<desc>").count(), 7, "{html}");
        assert!(html.contains(&format!("<desc>{visits}")), "{html}");
        assert!(html.contains(&format!("<desc>{community}")), "{html}");
        // … and only there: the data sent for hydration leaves the drawings out.
        for drawn in [visits, community] {
            assert_eq!(html.matches(drawn).count(), 1, "{lang}, {drawn}: {html}");
        }
        assert_eq!(
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
            7,
            "{lang}: {html}"
        );
    }
}

/// "Regulars we have not seen lately" on the insights page: someone who came three times and
/// not in six weeks is listed with their last visit and interests, in the page's HTML (it
/// reads without script), with the note that Joren does not reach out; more weeks leave them
/// out, and weeks that are not a choice are refused in words.
#[tokio::test]
async fn the_owner_sees_regulars_not_seen_lately_and_why_joren_does_not_message_them() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (status, body) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "<b>はなこ</b>"), ("reading", "はなこ")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Three visits, the last seven weeks ago, and interests on the card.
    app.run_sql(
        "UPDATE regulars SET visits = 3, interests = '[\"写真\",\"コーヒー\"]',
                last_visit_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 7 * 7 * 86400000",
    )
    .await;
    let not_seen = |weeks: &'static str| {
        let app = &app;
        async move {
            let (status, answer) = call(
                app,
                "get_insights",
                &[
                    ("lang", "en"),
                    ("period", "week"),
                    ("from", ""),
                    ("to", ""),
                    ("weeks", weeks),
                ],
            )
            .await;
            assert_eq!(status, 200, "{answer}");
            answer
        }
    };
    let answer = not_seen("").await;
    let listed = &answer["Shown"]["not_seen"];
    assert_eq!(listed["weeks"], 6);
    assert_eq!(listed["lines"][0]["name"], "<b>はなこ</b>");
    assert_eq!(listed["lines"][0]["visits"], 3);
    assert_eq!(
        listed["lines"][0]["interests"],
        serde_json::json!(["写真", "コーヒー"])
    );
    assert_eq!(listed["more"], false);
    let answer = not_seen("8").await;
    assert_eq!(answer["Shown"]["not_seen"]["lines"], serde_json::json!([]));
    let answer = not_seen("5").await;
    assert_eq!(
        answer["Refused"],
        Value::from("Choose how many weeks from the list.")
    );

    let page = app.page_in("/insights?period=week", "ja").await;
    assert!(page.contains("しばらくお見えでない常連さん"), "{page}");
    assert!(
        page.contains("&lt;b&gt;はなこ&lt;/b&gt;"),
        "the name as text"
    );
    assert!(!page.contains("<b>はなこ</b>"), "never as markup");
    assert!(page.contains("写真、コーヒー"));
    assert!(page.contains("連絡先も持っていません"));
    let page = app.page_in("/insights?period=week&weeks=8", "en").await;
    assert!(page.contains("Nobody at the moment."), "{page}");
    assert!(page.contains("not in the last 8 weeks"));
}

/// Pages rendered side by side all arrive whole: the page's title is written into the head
/// after the page is rendered, and once read a reactive value that was no longer there,
/// panicked and dropped the response (a few in a thousand, under load).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insights_pages_rendered_side_by_side_all_arrive_whole() {
    let app = spawn_app().await;
    set_up(&app).await;
    a_visit(&app).await;
    let app = std::sync::Arc::new(app);
    let mut loads = Vec::new();
    for _ in 0..4 {
        let app = app.clone();
        loads.push(tokio::spawn(async move {
            let mut whole = 0;
            for _ in 0..150 {
                let response = app
                    .client
                    .get(app.url("/insights?period=year"))
                    .send()
                    .await;
                if let Ok(response) = response
                    && response.status() == 200
                    && response
                        .text()
                        .await
                        .is_ok_and(|page| page.contains("</html>"))
                {
                    whole += 1;
                }
            }
            whole
        }));
    }
    for load in loads {
        assert_eq!(load.await.unwrap(), 150, "every page arrives whole");
    }
}
