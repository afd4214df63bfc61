//! The built site's files: precompressed variants for browsers that accept them, caching,
//! and the names pages give them. (These tests serve a folder, `--site-root`; the release
//! binary serves the same files from inside itself, which the end-to-end tests use.)

use crate::helpers::spawn_app_configured;

/// A site root with a stylesheet and its brotli and gzip variants, as a release build
/// leaves them (the variants' contents are markers, to see which one was sent).
fn site_with_precompressed_css() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("joren.css"), "body { color: black }").unwrap();
    std::fs::write(pkg.join("joren.css.br"), "brotli bytes").unwrap();
    std::fs::write(pkg.join("joren.css.gz"), "gzip bytes").unwrap();
    site
}

#[tokio::test]
async fn a_browser_that_accepts_brotli_gets_the_precompressed_file() {
    let site = site_with_precompressed_css();
    let root = site.path().to_owned();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;

    let response = app
        .client
        .get(app.url("/pkg/joren.css"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(headers["vary"], "accept-encoding");
    // Without a content hash in its name, the browser must ask again each time.
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let gzip = app
        .client
        .get(app.url("/pkg/joren.css"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert_eq!(gzip.bytes().await.unwrap().as_ref(), b"gzip bytes");

    let plain = app
        .client
        .get(app.url("/pkg/joren.css"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "body { color: black }");
}

#[tokio::test]
async fn a_missing_site_file_is_not_cached() {
    let site = site_with_precompressed_css();
    let root = site.path().to_owned();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;
    let response = app
        .client
        .get(app.url("/pkg/nothing.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        response
            .headers()
            .get("cache-control")
            .is_none_or(|v| v != joren_server::site::IMMUTABLE)
    );
}

/// A site as a release build with hashed names leaves it.
fn hashed_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, contents) in [
        ("joren.Css1.css", "body {}"),
        ("joren.Js22.js", "export default function () {}"),
        ("joren.Wasm333.wasm", "\0asm"),
        ("joren.Wasm333.wasm.br", "brotli wasm"),
        // The split wasm's loader, which the script imports, and one screen's own wasm.
        ("__wasm_split.Split4.js", "export function load() {}"),
        ("split___settings_page_view_1.Set5.wasm", "\0asm"),
    ] {
        std::fs::write(pkg.join(name), contents).unwrap();
    }
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    site
}

#[tokio::test]
async fn files_named_after_their_content_are_kept_for_a_year_and_pages_name_them() {
    let site = hashed_site();
    let root = site.path().to_owned();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;

    let page = app.client.get(app.url("/")).send().await.unwrap();
    let html = page.text().await.unwrap();
    for name in [
        "/pkg/joren.Css1.css",
        "/pkg/joren.Js22.js",
        "/pkg/joren.Wasm333.wasm",
    ] {
        assert!(html.contains(name), "the page names {name}");
    }
    // The loader is fetched beside the script, not once the script has been read; a screen's
    // own wasm only when the screen is opened.
    assert!(
        html.contains(r#"<link rel="modulepreload" href="/pkg/__wasm_split.Split4.js">"#),
        "the page preloads the split loader: {html}"
    );
    assert!(!html.contains("settings_page_view"));

    let wasm = app
        .client
        .get(app.url("/pkg/joren.Wasm333.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    let headers = wasm.headers().clone();
    assert_eq!(headers["cache-control"], joren_server::site::IMMUTABLE);
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(wasm.text().await.unwrap(), "brotli wasm");

    // Other files are asked for again, and an unchanged one costs a 304 without a body.
    let icon = app
        .client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "no-cache");
    assert!(
        icon.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let etag = icon.headers()["etag"].clone();
    let again = app
        .client
        .get(app.url("/favicon.svg"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    let head = app
        .client
        .head(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-length"], "6");
}

#[tokio::test]
async fn nothing_outside_the_site_folder_is_served() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "the owner's PIN").unwrap();
    let root = outer.path().join("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;
    for path in [
        "/../secret.txt",
        "/pkg/../../secret.txt",
        "/%2e%2e/secret.txt",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(!response.text().await.unwrap().contains("PIN"), "{path}");
    }
}

/// The home-screen app's files: the manifest as what it is; the offline page and the service
/// worker with policies that let them reach the kiosk's own origin; any other file with the
/// policy that allows nothing.
#[tokio::test]
async fn the_offline_page_and_the_service_worker_may_reach_their_own_origin_only() {
    let site = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("manifest.webmanifest", "{}"),
        ("offline.html", "<!DOCTYPE html><title>offline</title>"),
        ("sw.js", "// worker"),
        ("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ] {
        std::fs::write(site.path().join(name), text).unwrap();
    }
    let root = site.path().to_owned();
    let app = spawn_app_configured(|config| config.site_root = Some(root)).await;
    let headers = |path: &'static str| {
        let request = app.client.get(app.url(path)).send();
        async move {
            let response = request.await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.headers().clone()
        }
    };

    let manifest = headers("/manifest.webmanifest").await;
    assert_eq!(manifest["content-type"], "application/manifest+json");

    let offline = headers("/offline.html").await;
    let policy = offline["content-security-policy"].to_str().unwrap();
    for allowed in [
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(allowed), "{policy}");
    }
    assert!(!policy.contains("unsafe"), "{policy}");

    let worker = headers("/sw.js").await;
    assert_eq!(
        worker["content-security-policy"],
        "default-src 'none'; connect-src 'self'"
    );
    assert!(
        worker["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    // Asked for again each time, so that a new version of the worker is found.
    assert_eq!(worker["cache-control"], "no-cache");

    let icon = headers("/favicon.svg").await;
    assert_eq!(
        icon["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}
