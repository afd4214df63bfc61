//! The built site's files: precompressed variants for browsers that accept them, and caching.

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
    let app = spawn_app_configured(|config| config.site_root = root).await;

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
    // Without a content hash in its name (no hash file beside this test), the browser must
    // ask again each time.
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
    let app = spawn_app_configured(|config| config.site_root = root).await;
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
            .is_none_or(|v| v != joren_server::static_files::IMMUTABLE)
    );
}
