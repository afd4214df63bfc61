//! The live updates: `/events` tells an unlocked tablet that the register changed, refuses a
//! locked one, ends when the tablet is locked, and does not hold up a stop.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use joren::storage::DatabaseUrl;
use joren::storage::testing::{PostgresDatabase, postgres_server};
use joren::storage::{Store, StoreOptions};
use joren_server::sessions::Sessions;
use tower_sessions::SessionStore;
use tower_sessions::session::Id;

use crate::helpers::{
    TestApp, browser_like_from, call, sakura_unlocks, set_up, spawn_app, spawn_app_configured,
};

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

/// Reads the stream until it ends; fails when it is still open after `within`. Returns what
/// it sent meanwhile.
async fn ends_within(stream: &mut reqwest::Response, within: Duration) -> String {
    let mut sent = String::new();
    let ended = tokio::time::timeout(within, async {
        loop {
            match stream.chunk().await {
                Ok(Some(chunk)) => sent.push_str(std::str::from_utf8(&chunk).unwrap()),
                Ok(None) | Err(_) => return,
            }
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the stream is still open after {within:?}; it sent {sent:?}"
    );
    sent
}

/// A tablet whose pings (and session checks) come every 300 ms, and where its database is.
async fn spawn_with_quick_pings() -> (TestApp, DatabaseUrl) {
    let mut database = None;
    let app = spawn_app_configured(|config| {
        config.live_ping_every = Duration::from_millis(300);
        database = Some(config.database_url.clone());
    })
    .await;
    (app, database.expect("the test server has a database"))
}

/// The sessions of the test server's SQLite database, opened beside the server's, as another
/// server would; and the ids of the sessions in it.
async fn sessions_in(database: &DatabaseUrl) -> (Sessions, Vec<Id>) {
    assert!(
        matches!(database, DatabaseUrl::Sqlite(_)),
        "the test server is on SQLite"
    );
    let store = Store::open(database, &StoreOptions::default())
        .await
        .unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_all(store.pool_for_tests())
        .await
        .unwrap();
    let ids = ids.iter().map(|id| Id::from_str(id).unwrap()).collect();
    (Sessions::without_sweep(store), ids)
}

#[tokio::test]
async fn locking_the_tablet_ends_its_open_stream_at_once() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let mut events = open_events(&app).await;
    read_until(&mut events, ": live").await;

    let (status, _) = call(&app, "lock", &[]).await;
    assert_eq!(status, 200);
    // Well before the next ping (15 s): the lock itself ends the stream.
    ends_within(&mut events, Duration::from_secs(3)).await;
    assert_eq!(open_events(&app).await.status(), 401);
}

#[tokio::test]
async fn signing_out_in_another_tab_ends_the_stream_of_the_first() {
    let mut app = spawn_app().await;
    // Two tabs of one browser: their own connections, one cookie jar.
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let tab = || {
        browser_like_from(std::net::IpAddr::from([127, 0, 0, 1]))
            .cookie_provider(Arc::clone(&jar))
            .build()
            .unwrap()
    };
    app.client = tab();
    set_up(&app).await;
    let mut events = open_events(&app).await;
    read_until(&mut events, ": live").await;

    app.client = tab();
    let (status, _) = call(&app, "lock", &[]).await;
    assert_eq!(status, 200);
    ends_within(&mut events, Duration::from_secs(3)).await;
}

#[tokio::test]
async fn a_tablet_left_idle_past_its_lock_loses_its_stream_at_the_next_ping() {
    let (app, database) = spawn_with_quick_pings().await;
    set_up(&app).await;
    let mut events = open_events(&app).await;
    read_until(&mut events, ": live").await;
    // Pings come, and the stream stays open while the tablet is in use.
    read_until(&mut events, "event: ping").await;
    read_until(&mut events, "event: ping").await;

    // Nobody touched the tablet for longer than the longest idle lock (30 minutes).
    let (store, ids) = sessions_in(&database).await;
    assert_eq!(ids.len(), 1, "one tablet, one session");
    let mut record = store.load(&ids[0]).await.unwrap().expect("the session");
    let signed_in = record.data.get_mut("signed_in").expect("signed in");
    let last_seen = signed_in["last_seen"].as_i64().unwrap();
    signed_in["last_seen"] = (last_seen - 31 * 60 * 1000).into();
    store.save(&record).await.unwrap();

    ends_within(&mut events, Duration::from_secs(3)).await;
    assert_eq!(open_events(&app).await.status(), 401);
}

#[tokio::test]
async fn a_session_removed_elsewhere_loses_its_stream_at_the_next_ping() {
    let (app, database) = spawn_with_quick_pings().await;
    set_up(&app).await;
    let mut events = open_events(&app).await;
    read_until(&mut events, "event: ping").await;

    // Removed by another server, or by hand in the database: this server is not told.
    let (store, ids) = sessions_in(&database).await;
    for id in &ids {
        store.delete(id).await.unwrap();
    }

    ends_within(&mut events, Duration::from_secs(3)).await;
}

#[tokio::test]
async fn on_postgresql_a_lock_at_another_server_ends_the_stream_at_the_next_ping() {
    let Some(server) = postgres_server("server tests") else {
        return;
    };
    let database = PostgresDatabase::create(&server).await;
    let over_postgres = |config: &mut joren_server::config::Config| {
        config.database_url = DatabaseUrl::Postgres(database.url.clone());
        config.live_ping_every = Duration::from_millis(300);
    };
    let first = spawn_app_configured(over_postgres).await;
    let mut second = spawn_app_configured(over_postgres).await;
    set_up(&first).await;
    let mut events = open_events(&first).await;
    read_until(&mut events, "event: ping").await;

    // The same tablet (the same cookie) locks through the second server.
    second.client = first.client.clone();
    let (status, _) = call(&second, "lock", &[]).await;
    assert_eq!(status, 200);
    ends_within(&mut events, Duration::from_secs(3)).await;
}
