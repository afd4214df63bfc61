//! Built-in https: a certificate and key given by path, served with rustls.

use std::path::Path;

use joren_server::startup::Application;
use joren_server::tls::TlsFiles;

use crate::helpers::{TestApp, spawn_app_configured};

/// A self-signed certificate for `localhost` and its key, written as PEM files into `dir`.
fn certificate(dir: &Path, name: &str) -> (TlsFiles, String) {
    let issued = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_pem = issued.cert.pem();
    let files = TlsFiles {
        cert: dir.join(format!("{name}.crt")),
        key: dir.join(format!("{name}.key")),
    };
    std::fs::write(&files.cert, &cert_pem).unwrap();
    std::fs::write(&files.key, issued.signing_key.serialize_pem()).unwrap();
    (files, cert_pem)
}

/// A kiosk served over https with a certificate of its own, and a client that trusts it and
/// reaches it as `localhost`.
async fn https_app(dir: &Path) -> (TestApp, reqwest::Client) {
    let (files, cert_pem) = certificate(dir, "shop");
    let app = spawn_app_configured(|config| config.tls = Some(files)).await;
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
        .resolve("localhost", app.addr)
        .build()
        .unwrap();
    (app, client)
}

#[tokio::test]
async fn the_kiosk_answers_over_https_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (app, client) = https_app(dir.path()).await;
    let url = format!("https://localhost:{}/", app.addr.port());
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let health = client
        .get(format!("https://localhost:{}/healthz", app.addr.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    // Plain http on the https port gets no page.
    let plain = reqwest::get(format!("http://localhost:{}/healthz", app.addr.port())).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
}

#[tokio::test]
async fn over_http2_a_write_from_the_kiosks_own_origin_is_accepted_and_another_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (app, client) = https_app(dir.path()).await;
    // As older iPads' Safari sends it: an Origin, no Sec-Fetch-Site, and over HTTP/2 no Host.
    let own = format!("https://localhost:{}", app.addr.port());
    let lock = |origin: &str| {
        client
            .post(format!("{own}/api/lock"))
            .header("origin", origin)
            .send()
    };

    let accepted = lock(&own).await.unwrap();
    assert_eq!(accepted.version(), reqwest::Version::HTTP_2);
    assert_eq!(accepted.status(), 200, "the kiosk's own page may lock");
    let refused = lock("https://evil.example").await.unwrap();
    assert_eq!(refused.version(), reqwest::Version::HTTP_2);
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_wrong_or_missing_file_stops_the_start_with_a_clear_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = certificate(dir.path(), "good");
    let (other, _) = certificate(dir.path(), "other");
    let database = dir.path().join("joren.db");
    let cases = [
        (
            TlsFiles {
                cert: dir.path().join("missing.crt"),
                key: good.key.clone(),
            },
            "cannot read the https certificate",
        ),
        (
            TlsFiles {
                cert: good.cert.clone(),
                key: good.cert.clone(),
            },
            "cannot read the https key",
        ),
        (
            TlsFiles {
                cert: good.cert.clone(),
                key: other.key.clone(),
            },
            "does not fit the certificate",
        ),
    ];
    for (files, expected) in cases {
        let mut config = joren_server::config::Config::for_tests(&database);
        config.tls = Some(files);
        let error = match Application::build(&config).await {
            Ok(_) => panic!("{expected}: the start must fail"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(expected), "{error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
    assert!(
        !database.exists(),
        "nothing was opened before the certificate was read"
    );
}
