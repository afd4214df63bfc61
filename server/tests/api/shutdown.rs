use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tokio::sync::oneshot;

use crate::helpers::spawn_app_with;

/// A stop request lets a request that is already being handled finish, then the server
/// returns cleanly.
#[tokio::test]
async fn a_stop_finishes_the_requests_in_flight() {
    let (started_tx, started_rx) = oneshot::channel::<()>();
    let started_tx = std::sync::Arc::new(std::sync::Mutex::new(Some(started_tx)));
    let slow = Router::new().route(
        "/test/slow",
        get(move || {
            let started = started_tx.lock().unwrap().take();
            async move {
                if let Some(started) = started {
                    let _ = started.send(());
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
                "finished"
            }
        }),
    );
    let mut app = spawn_app_with(slow).await;

    let request = tokio::spawn({
        let client = app.client.clone();
        let url = app.url("/test/slow");
        async move { client.get(url).send().await?.text().await }
    });
    started_rx
        .await
        .expect("the slow request reached the handler");
    app.request_stop();

    let body = request
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(body, "finished");
    let served = tokio::time::timeout(Duration::from_secs(10), &mut app.server)
        .await
        .expect("the server stops once the request is answered")
        .unwrap();
    assert!(served.is_ok(), "{served:?}");

    // And it takes no new connections.
    let refused = app.client.get(app.url("/healthz")).send().await;
    assert!(refused.is_err());
}
