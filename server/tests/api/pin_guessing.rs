//! Guessing PINs at the lock screen: a burst of parallel guesses gets no more checks than the
//! limits allow (five a member, ten an address), and the operator can let everyone try again
//! (`joren unlock-waits`).

use joren::storage::DatabaseUrl;
use joren_server::client_address::{ClientAddresses, ProxyHeader, TrustedProxies};
use serde_json::Value;

use crate::helpers::{
    TestApp, call, joren_in, set_up, spawn_app_configured, spawn_client_from, staff_id,
};

/// A kiosk over a database file the test knows, for the command line to open too.
async fn app_over(dir: &tempfile::TempDir) -> TestApp {
    let database = dir.path().join("joren.db");
    spawn_app_configured(|config| config.database_url = DatabaseUrl::sqlite_file(database)).await
}

/// `JOREN_DATABASE_URL` for the command line, over the same file.
fn database_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("joren.db").display())
}

/// Sends `pins` to unlock `staff` all at once from `address`; the answers.
async fn burst(app: &TestApp, address: [u8; 4], staff: &str, pins: &[&str]) -> Vec<Value> {
    burst_saying(app, address, staff, pins, |_| None).await
}

/// [`burst`], each guess with the `X-Forwarded-For` that `forwarded_for` gives its number.
async fn burst_saying(
    app: &TestApp,
    address: [u8; 4],
    staff: &str,
    pins: &[&str],
    forwarded_for: impl Fn(usize) -> Option<String>,
) -> Vec<Value> {
    let tablet = spawn_client_from(address.into());
    let guesses = pins.iter().enumerate().map(|(n, pin)| {
        let mut request = tablet
            .post(app.url("/api/unlock"))
            .header("origin", format!("http://{}", app.addr))
            .form(&[("staff_id", staff), ("pin", pin)]);
        if let Some(client) = forwarded_for(n) {
            request = request.header("x-forwarded-for", client);
        }
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    });
    futures_util::future::join_all(guesses).await
}

/// A kiosk behind a reverse proxy at 127.0.0.2, which it trusts.
async fn app_behind_a_proxy() -> TestApp {
    spawn_app_configured(|config| {
        config.client_addresses = ClientAddresses {
            trusted_proxies: TrustedProxies::parse("127.0.0.2").unwrap(),
            header: ProxyHeader::XForwardedFor,
        };
    })
    .await
}

fn wrong_pins(answers: &[Value]) -> usize {
    answers
        .iter()
        .filter(|answer| *answer == "WrongPin")
        .count()
}

/// Who waits after wrong PINs and how many each had, as the owner's settings list them
/// (names and addresses).
async fn waiting(app: &TestApp) -> Vec<(String, u64)> {
    let (_, settings) = call(app, "get_settings", &[]).await;
    settings["lockouts"]
        .as_array()
        .unwrap_or_else(|| panic!("{settings}"))
        .iter()
        .map(|lockout| {
            let who = &lockout["who"];
            let name = who["Staff"]["name"]
                .as_str()
                .or(who["Client"]["address"].as_str())
                .unwrap();
            (name.to_owned(), lockout["failures"].as_u64().unwrap())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_guesses_at_one_member_get_five_checks() {
    let app = spawn_app_configured(|_| {}).await;
    set_up(&app).await;
    let (_, added) = call(
        &app,
        "add_staff",
        &[("name", "さくら"), ("pin", "2718"), ("pin_again", "2718")],
    )
    .await;
    assert_eq!(added, "Saved");
    let sakura = staff_id(&app, "さくら").await;

    // From another tablet, while the owner stays signed in at this one.
    let answers = burst(&app, [127, 0, 0, 3], &sakura, &["1111"; 50]).await;
    assert_eq!(wrong_pins(&answers), 4, "{answers:?}");
    assert_eq!(
        waiting(&app).await,
        [("さくら".to_owned(), 5)],
        "five PINs were checked, no more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_guesses_from_one_address_get_ten_checks() {
    let app = spawn_app_configured(|_| {}).await;
    set_up(&app).await;
    let answers = burst(&app, [127, 0, 0, 4], "9999", &["1111"; 50]).await;
    assert_eq!(wrong_pins(&answers), 9, "{answers:?}");
    assert_eq!(
        waiting(&app).await,
        [("127.0.0.4".to_owned(), 10)],
        "ten PINs were checked, no more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn behind_a_trusted_proxy_one_tablet_s_guesses_leave_the_others_free() {
    let app = app_behind_a_proxy().await;
    set_up(&app).await;
    let owner = staff_id(&app, "みどり").await;

    // One tablet behind the proxy guesses; the proxy says which.
    let answers = burst_saying(&app, [127, 0, 0, 2], "9999", &["1111"; 30], |_| {
        Some("192.0.2.10".to_owned())
    })
    .await;
    assert_eq!(wrong_pins(&answers), 9, "{answers:?}");
    assert_eq!(waiting(&app).await, [("192.0.2.10".to_owned(), 10)]);

    // Another tablet behind the same proxy still unlocks at once.
    let answers = burst_saying(&app, [127, 0, 0, 2], &owner, &["142857"], |_| {
        Some("192.0.2.20".to_owned())
    })
    .await;
    assert_eq!(answers, ["Unlocked"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_forged_forwarded_for_from_an_address_not_trusted_changes_nothing() {
    let app = app_behind_a_proxy().await;
    set_up(&app).await;
    // Straight to the kiosk, not through the proxy, each guess claiming another address.
    let answers = burst_saying(&app, [127, 0, 0, 6], "9999", &["1111"; 30], |n| {
        Some(format!("192.0.2.{n}"))
    })
    .await;
    assert_eq!(wrong_pins(&answers), 9, "{answers:?}");
    assert_eq!(
        waiting(&app).await,
        [("127.0.0.6".to_owned(), 10)],
        "the guesses counted against the address they came from"
    );
}

#[tokio::test]
async fn the_operator_lets_an_owner_who_waits_try_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_over(&dir).await;
    set_up(&app).await;
    let owner = staff_id(&app, "みどり").await;
    call(&app, "lock", &[]).await;
    for _ in 0..5 {
        call(&app, "unlock", &[("staff_id", &owner), ("pin", "111111")]).await;
    }
    // The owner now waits, with the right PIN too, and no one else can clear it.
    let (_, waits) = call(&app, "unlock", &[("staff_id", &owner), ("pin", "142857")]).await;
    assert!(waits.get("Wait").is_some(), "{waits}");

    let cleared = joren_in(dir.path())
        .env("JOREN_DATABASE_URL", database_url(&dir))
        .env("JOREN_LOG", "warn")
        .arg("unlock-waits")
        .output()
        .unwrap();
    assert!(cleared.status.success(), "{cleared:?}");
    assert_eq!(
        String::from_utf8(cleared.stdout).unwrap(),
        "Everyone of the shop 'main' may try their PIN again now:\n  \
         みどり: 5 wrong PIN(s) in a row cleared\n  \
         the address 127.0.0.1: 5 wrong PIN(s) cleared\n"
    );
    let (_, unlocked) = call(&app, "unlock", &[("staff_id", &owner), ("pin", "142857")]).await;
    assert_eq!(unlocked, "Unlocked");
    let (_, log) = call(&app, "get_audit_log", &[]).await;
    let cleared_entries = log["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|line| line["action"] == "lockout_cleared")
        .count();
    assert_eq!(
        cleared_entries, 2,
        "one for the owner, one for the address: {log}"
    );
}

#[tokio::test]
async fn unlock_waits_says_when_nobody_waits_and_refuses_an_unknown_shop() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_over(&dir).await;
    set_up(&app).await;
    let run = |args: &[&str]| {
        joren_in(dir.path())
            .env("JOREN_DATABASE_URL", database_url(&dir))
            .env("JOREN_LOG", "warn")
            .arg("unlock-waits")
            .args(args)
            .output()
            .unwrap()
    };
    let nothing = run(&[]);
    assert!(nothing.status.success());
    assert_eq!(
        String::from_utf8(nothing.stdout).unwrap(),
        "Nobody of the shop 'main' was waiting after wrong PINs.\n"
    );
    let unknown = run(&["--shop", "pan-ya"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(unknown.stderr).unwrap(),
        "joren unlock-waits: no shop 'pan-ya' here (joren shop list)\n"
    );
    let bad = run(&["--shop", "Pan Ya"]);
    assert_eq!(bad.status.code(), Some(2));
}
