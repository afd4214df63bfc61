//! The live updates: `/events` tells an unlocked tablet that the register changed, refuses a
//! locked one, and does not hold up a stop.

use std::time::Duration;

use crate::helpers::{TestApp, call, sakura_unlocks, set_up, spawn_app};

/// Reads the stream until it has sent `needle`; a stream that stays silent for 10 s fails.
pub(crate) async fn read_until(stream: &mut reqwest::Response, needle: &str) -> String {
    let mut sent = String::new();
    while !sent.contains(needle) {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} within 10 s; the stream sent {sent:?}"))
            .expect("the stream reads")
            .unwrap_or_else(|| panic!("the stream ended before {needle:?}; it sent {sent:?}"));
        sent.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    sent
}

async fn open_events(app: &TestApp) -> reqwest::Response {
    app.client.get(app.url("/events")).send().await.unwrap()
}

#[tokio::test]
async fn a_locked_tablet_gets_no_events() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    let refused = open_events(&app).await;
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn an_unlocked_tablet_hears_of_left_and_of_a_check_in_but_not_who_it_was() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "")],
    )
    .await;
    let done = &added["CheckedIn"];
    let regular = done["regular"]
        .as_i64()
        .unwrap_or_else(|| panic!("{added}"));
    let visit = done["check_in"]["CheckedIn"]["visit"]
        .as_i64()
        .unwrap_or_else(|| panic!("{added}"));

    let mut events = open_events(&app).await;
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let opened = read_until(&mut events, ": live").await;
    assert!(
        opened.contains("retry: 1000"),
        "the browser reconnects after a second: {opened:?}"
    );

    let (_, left) = call(&app, "mark_left", &[("visit_id", &visit.to_string())]).await;
    assert_eq!(left, serde_json::Value::from(true));
    let sent = read_until(&mut events, "event: in-the-shop\ndata: changed\n\n").await;
    assert!(!sent.contains("ゆー。"), "events name nobody: {sent:?}");

    let (_, again) = call(&app, "check_in", &[("regular_id", &regular.to_string())]).await;
    assert!(again["check_in"].is_object(), "{again}");
    let sent = read_until(&mut events, "event: in-the-shop").await;
    assert!(!sent.contains("ゆー。"), "events name nobody: {sent:?}");
}

#[tokio::test]
async fn a_stop_ends_the_open_streams_instead_of_waiting_for_them() {
    let mut app = spawn_app().await;
    set_up(&app).await;
    let mut events = open_events(&app).await;
    read_until(&mut events, ": live").await;

    app.request_stop();
    let served = tokio::time::timeout(Duration::from_secs(10), &mut app.server)
        .await
        .expect("the server stops with a tablet listening")
        .unwrap();
    assert!(served.is_ok(), "{served:?}");
    let rest = tokio::time::timeout(Duration::from_secs(10), events.chunk())
        .await
        .expect("the stream ends");
    assert!(matches!(rest, Ok(None) | Err(_)), "{rest:?}");
}
