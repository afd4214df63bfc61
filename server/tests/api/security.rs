use crate::helpers::spawn_app;

#[tokio::test]
async fn pages_carry_a_nonce_policy_that_matches_their_scripts() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();

    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce");
    assert!(
        nonce.len() >= 16,
        "a nonce long enough not to guess: {nonce}"
    );
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the scripts carry it"
    );
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");

    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[tokio::test]
async fn every_page_gets_a_new_nonce() {
    let app = spawn_app().await;
    let policy = |response: reqwest::Response| {
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let first = policy(app.client.get(app.url("/")).send().await.unwrap());
    let second = policy(app.client.get(app.url("/")).send().await.unwrap());
    assert_ne!(first, second);
}

#[tokio::test]
async fn other_responses_get_a_policy_that_allows_nothing() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn a_cross_origin_write_is_refused_before_it_reaches_any_route() {
    let app = spawn_app().await;
    let host = app.addr.to_string();

    let forged = app
        .client
        .post(app.url("/api/anything"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body("x=1")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let forged_without_fetch_metadata = app
        .client
        .post(app.url("/api/anything"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged_without_fetch_metadata.status(), 403);

    let own = app
        .client
        .post(app.url("/api/anything"))
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_ne!(own.status(), 403, "the kiosk's own page is let through");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/anything"))
        .body(vec![b'a'; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}
