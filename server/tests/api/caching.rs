//! What browsers and proxies may keep: nothing that can show a person's data (pages, server
//! function answers, downloads, the live stream, refusals), and the site's files by their
//! own rules (a year for those named after their content).

use crate::helpers::{call, set_up, spawn_app, spawn_app_configured};
use crate::live::read_until;

fn assert_not_kept(response: &reqwest::Response, what: &str) {
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .map(|value| value.to_str().unwrap()),
        Some("no-store"),
        "{what} ({}) may be kept",
        response.status()
    );
}

#[tokio::test]
async fn nothing_that_can_show_a_person_is_kept() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (status, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "")],
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let id = added["CheckedIn"]["regular"].as_i64().unwrap();

    for path in [
        "/".to_owned(),
        format!("/regulars/{id}"),
        format!("/regulars/{id}/edit"),
        format!("/regulars/{id}/print"),
        format!("/regulars/{id}/data"),
        format!("/regulars/{id}/data.json"),
        "/export.json".to_owned(),
        "/privacy".to_owned(),
        "/no-such-page".to_owned(),
    ] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_not_kept(&response, &path);
    }
    let card = app
        .client
        .post(app.url("/api/get_regular"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[("regular_id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(card.status(), 200);
    assert_not_kept(&card, "the get_regular server function");

    let mut events = app.client.get(app.url("/events")).send().await.unwrap();
    assert_not_kept(&events, "the live stream");
    read_until(&mut events, ": live").await;

    // Refusals too, and what a locked tablet is shown.
    call(&app, "lock", &[]).await;
    let locked = app
        .client
        .post(app.url("/api/get_regular"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[("regular_id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(locked.status(), 401);
    assert_not_kept(&locked, "a refused server function");
    let lock_screen = app.client.get(app.url("/")).send().await.unwrap();
    assert_not_kept(&lock_screen, "the lock screen");
}

#[tokio::test]
async fn the_sites_files_keep_their_own_cache_rules() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, contents) in [
        ("joren.Css1.css", "body {}"),
        ("joren.Js22.js", "export default function () {}"),
        ("joren.Wasm333.wasm", "\0asm"),
    ] {
        std::fs::write(pkg.join(name), contents).unwrap();
    }
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    let root = site.path().to_owned();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;

    for path in [
        "/pkg/joren.Css1.css",
        "/pkg/joren.Js22.js",
        "/pkg/joren.Wasm333.wasm",
    ] {
        let file = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(file.status(), 200, "{path}");
        assert_eq!(
            file.headers()["cache-control"],
            joren_server::site::IMMUTABLE,
            "{path}"
        );
    }
    let icon = app
        .client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.headers()["cache-control"], "no-cache");
}
