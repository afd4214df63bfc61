//! Who may call what. Every server function the application registers is listed here with
//! who may call it; a new function that is not listed fails the first test, so none can be
//! added without deciding. Each protected one is then called while locked, and each
//! owner-only one as a member of staff, with arguments that would otherwise succeed.

use serde_json::Value;

use crate::helpers::{TestApp, call, kiosk, sakura_unlocks, set_up, spawn_app, staff_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// The lock screen and the first start need these before anyone is signed in; none of
    /// them returns a customer's data.
    Anyone,
    Staff,
    Owner,
}

/// A form as a server function receives it.
type Form = &'static [(&'static str, &'static str)];

/// Every server function: its name, who may call it, and a call that is valid for them.
const FUNCTIONS: &[(&str, Who, Form)] = &[
    ("get_kiosk", Who::Anyone, &[]),
    ("first_start", Who::Anyone, &[]),
    ("unlock", Who::Anyone, &[]),
    ("lock", Who::Anyone, &[]),
    ("get_privacy_notice", Who::Anyone, &[("lang", "ja")]),
    (
        "add_staff",
        Who::Owner,
        &[("name", "mallory"), ("pin", "3141"), ("pin_again", "3141")],
    ),
    ("get_settings", Who::Owner, &[]),
    (
        "save_kiosk_settings",
        Who::Owner,
        &[("idle_lock_minutes", "30")],
    ),
    ("save_time_zone", Who::Owner, &[("time_zone", "Asia/Tokyo")]),
    ("clear_lockout", Who::Owner, &[("client", "192.0.2.1")]),
    ("get_audit_log", Who::Owner, &[]),
    (
        "save_stamp_rules",
        Who::Owner,
        &[
            ("stamps_per_card", "5"),
            ("reward", "cake"),
            ("min_gap_minutes", "0"),
            ("presence_minutes", "60"),
        ],
    ),
    ("get_privacy_notices", Who::Owner, &[]),
    (
        "get_insights",
        Who::Owner,
        &[("lang", "ja"), ("period", "week"), ("from", ""), ("to", "")],
    ),
    (
        "save_privacy_notice",
        Who::Owner,
        &[
            ("lang", "ja"),
            ("text", "当店ではニックネームだけをお預かりします。"),
        ],
    ),
    ("reset_privacy_notice", Who::Owner, &[("lang", "en")]),
    (
        "get_personal_data",
        Who::Owner,
        &[("regular_id", "1"), ("lang", "ja")],
    ),
    ("erase_regular", Who::Owner, &[("regular_id", "1")]),
    (
        "carry_over_paper_card",
        Who::Owner,
        &[("regular_id", "1"), ("paper_stamps", "3")],
    ),
    ("get_backups", Who::Owner, &[]),
    (
        "save_backups",
        Who::Owner,
        &[("enabled", "yes"), ("hour", "4"), ("keep", "7")],
    ),
    ("backup_now", Who::Owner, &[]),
    ("get_register", Who::Staff, &[]),
    ("last_register_answer", Who::Staff, &[]),
    ("search_regulars", Who::Staff, &[("query", "yu")]),
    ("check_in", Who::Staff, &[("regular_id", "1")]),
    (
        "add_regular_and_check_in",
        Who::Staff,
        &[("nickname", "mallory"), ("reading", "")],
    ),
    ("undo_check_in", Who::Staff, &[("visit_id", "1")]),
    ("mark_left", Who::Staff, &[("visit_id", "1")]),
    ("redeem_reward", Who::Staff, &[("regular_id", "1")]),
    ("get_regular", Who::Staff, &[("regular_id", "1")]),
    (
        "save_regular",
        Who::Staff,
        &[
            ("nickname", "mallory"),
            ("reading", ""),
            ("tagline", ""),
            ("interests", ""),
            ("offers", ""),
            ("looking_for", ""),
            ("links", ""),
            ("notes", ""),
        ],
    ),
    ("get_introduce", Who::Staff, &[("a", "1")]),
    (
        "introduce",
        Who::Staff,
        &[("a", "1"), ("b", "2"), ("note", "")],
    ),
    ("get_introduction", Who::Staff, &[("introduction_id", "1")]),
    (
        "get_printable",
        Who::Staff,
        &[("regular_id", "1"), ("size", "a6")],
    ),
    (
        "record_outcome",
        Who::Staff,
        &[
            ("introduction_id", "1"),
            ("outcome", "nothing_yet"),
            ("note", ""),
        ],
    ),
    ("follow_up_due", Who::Staff, &[("regular_id", "1")]),
    ("stop_follow_up", Who::Staff, &[("introduction_id", "1")]),
];

#[test]
fn every_server_function_is_listed_with_who_may_call_it() {
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = FUNCTIONS
        .iter()
        .map(|(name, _, _)| (*name).to_owned())
        .collect();
    listed.sort();
    assert_eq!(registered, listed);
}

async fn refused(app: &TestApp, whom: Who) -> Vec<(&'static str, u16, Value)> {
    let mut answers = Vec::new();
    for (name, who, form) in FUNCTIONS {
        if *who == whom {
            let (status, body) = call(app, name, form).await;
            answers.push((*name, status, body));
        }
    }
    answers
}

#[tokio::test]
async fn nothing_but_the_lock_screen_answers_before_the_first_start() {
    let app = spawn_app().await;
    for who in [Who::Staff, Who::Owner] {
        for (name, status, body) in refused(&app, who).await {
            assert_eq!(status, 401, "{name}: {body}");
            assert!(body.to_string().contains("locked"), "{name}: {body}");
        }
    }
}

#[tokio::test]
async fn a_locked_kiosk_answers_no_protected_function() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    for who in [Who::Staff, Who::Owner] {
        for (name, status, body) in refused(&app, who).await {
            assert_eq!(status, 401, "{name}: {body}");
        }
    }
    // Nothing was changed by the refused calls.
    assert_eq!(kiosk(&app).await["staff"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn staff_are_refused_every_owner_function() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    for (name, status, body) in refused(&app, Who::Owner).await {
        assert_eq!(status, 403, "{name}: {body}");
        assert!(body.to_string().contains("owner"), "{name}: {body}");
    }
    assert_eq!(kiosk(&app).await["staff"].as_array().unwrap().len(), 2);
    assert_eq!(kiosk(&app).await["idle_lock_minutes"], 2);
}

#[tokio::test]
async fn the_owners_screens_show_nothing_to_a_member_of_staff() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    for screen in ["/settings", "/settings/data", "/settings/audit"] {
        let html = app.page_in(screen, "en").await;
        assert!(html.contains("For the owner only"), "{screen}: {html}");
        // The sections, and the audit log's first entry (the first start).
        for owners in ["Privacy notice", "Backups", "Stamp card", "First start"] {
            assert!(!html.contains(owners), "{screen} shows {owners}");
        }
    }
}

/// "For the owner only" is said to a member of staff alone: a locked kiosk, or a screen
/// whose data could not be read, says so instead.
#[tokio::test]
async fn the_owners_screens_say_why_they_show_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    // The audit log's table gone, as a damaged database would have it.
    app.run_sql("ALTER TABLE audit_log RENAME TO audit_log_away")
        .await;
    let html = app.page_in("/settings/audit", "en").await;
    assert!(html.contains("It could not be loaded"), "{html}");
    assert!(!html.contains("For the owner only"), "{html}");
    app.run_sql("ALTER TABLE audit_log_away RENAME TO audit_log")
        .await;

    call(&app, "lock", &[]).await;
    for screen in [
        "/settings",
        "/settings/data",
        "/settings/audit",
        "/insights",
    ] {
        let html = app.page_in(screen, "en").await;
        assert!(html.contains("The kiosk is locked"), "{screen}: {html}");
        assert!(!html.contains("For the owner only"), "{screen}: {html}");
    }
}

#[tokio::test]
async fn the_owner_sets_the_idle_lock_and_sees_it_in_the_audit_log() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, bad) = call(&app, "save_kiosk_settings", &[("idle_lock_minutes", "0")]).await;
    assert_eq!(bad["Invalid"][0]["field"], "IdleLock");
    assert_eq!(bad["Invalid"][0]["problem"]["OutOfRange"]["max"], 30);
    let (_, bad) = call(&app, "save_kiosk_settings", &[("idle_lock_minutes", "ten")]).await;
    assert_eq!(bad["Invalid"][0]["field"], "IdleLock");
    assert_eq!(
        kiosk(&app).await["idle_lock_minutes"],
        2,
        "bad input changes nothing"
    );

    let (_, saved) = call(&app, "save_kiosk_settings", &[("idle_lock_minutes", "5")]).await;
    assert_eq!(saved, Value::from("Saved"));
    assert_eq!(kiosk(&app).await["idle_lock_minutes"], 5);

    let (status, log) = call(&app, "get_audit_log", &[]).await;
    assert_eq!(status, 200, "{log}");
    let actions: Vec<_> = log["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["settings_changed", "first_start"]);
    assert_eq!(log["lines"][0]["by"], "みどり");
    assert_eq!(
        log["lines"][0]["detail"],
        serde_json::json!({"kind": "idle_lock", "before": 2, "after": 5})
    );
    assert_eq!(log["older"], Value::Null);

    // The audit log's screen is written by the server, entries and all: it reads without
    // the page's script.
    let html = app.page_in("/settings/audit", "en").await;
    assert!(html.contains("idle lock: 2 → 5 min"), "{html}");
    assert!(html.contains("みどり"), "{html}");
}

#[tokio::test]
async fn anyone_reads_the_privacy_notice_and_only_the_owner_changes_it() {
    let app = spawn_app().await;
    set_up(&app).await;
    let heading = |notice: &Value, n: usize| notice["blocks"][n]["Heading"].clone();
    let (_, saved) = call(
        &app,
        "save_privacy_notice",
        &[("lang", "ja"), ("text", "■ 利用目的\r\n・スタンプのため")],
    )
    .await;
    assert_eq!(saved, Value::from("Saved"));
    let (_, bad) = call(
        &app,
        "save_privacy_notice",
        &[("lang", "ja"), ("text", " \n ")],
    )
    .await;
    assert_eq!(bad["Invalid"][0]["field"], "PrivacyNoticeJa");
    assert_eq!(bad["Invalid"][0]["problem"], "Empty");

    call(&app, "lock", &[]).await;
    let (status, ja) = call(&app, "get_privacy_notice", &[("lang", "ja")]).await;
    assert_eq!(status, 200, "{ja}");
    assert_eq!(ja["shop_name"], "珈琲 ゆるり");
    assert_eq!(
        heading(&ja, 0),
        "利用目的",
        "the owner's text, unchanged by the empty one"
    );
    assert_eq!(ja["blocks"][1]["List"][0], "スタンプのため");
    let (_, en) = call(&app, "get_privacy_notice", &[("lang", "en")]).await;
    assert!(
        en["blocks"][0]["Paragraph"]
            .as_str()
            .unwrap()
            .starts_with("At 珈琲 ゆるり"),
        "the default text names the shop: {en}"
    );
    let (status, _) = call(&app, "get_privacy_notice", &[("lang", "fr")]).await;
    assert_eq!(status, 422, "only ja and en");
}

#[tokio::test]
async fn ten_wrong_pins_from_one_address_stop_it_and_the_owner_sees_and_clears_it() {
    let app = spawn_app().await;
    set_up(&app).await;
    let owner = staff_id(&app, "みどり").await;

    // Another device on the network: loopback has a whole /8 of addresses to come from.
    let intruder = crate::helpers::spawn_client_from("127.0.0.2".parse().unwrap());
    let guess = |staff: String| {
        intruder
            .post(app.url("/api/unlock"))
            .header("origin", format!("http://{}", app.addr))
            .form(&[("staff_id", staff), ("pin", "1111".to_owned())])
            .send()
    };
    // Guessing across people who do not exist: no member is locked, the address is.
    for n in 0..9 {
        let outcome: Value = guess((9000 + n).to_string())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(outcome, Value::from("WrongPin"), "attempt {n}");
    }
    let tenth: Value = guess("9999".into()).await.unwrap().json().await.unwrap();
    assert_eq!(tenth["Wait"]["seconds"], 60, "{tenth}");
    let right: Value = intruder
        .post(app.url("/api/unlock"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[("staff_id", owner.as_str()), ("pin", "142857")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        right["Wait"]["seconds"].as_u64().unwrap() > 0,
        "even the right PIN waits at that address: {right}"
    );

    // The owner's tablet is not held back; the owner sees the waiting address and clears it.
    call(&app, "lock", &[]).await;
    let (_, unlocked) = call(&app, "unlock", &[("staff_id", &owner), ("pin", "142857")]).await;
    assert_eq!(unlocked, Value::from("Unlocked"));
    let (_, settings) = call(&app, "get_settings", &[]).await;
    let lockouts = settings["lockouts"].as_array().unwrap();
    assert_eq!(lockouts.len(), 1, "{settings}");
    assert_eq!(lockouts[0]["who"]["Client"]["address"], "127.0.0.2");
    assert_eq!(lockouts[0]["failures"], 10);
    let (_, cleared) = call(&app, "clear_lockout", &[("client", "127.0.0.2")]).await;
    assert_eq!(cleared, Value::from(true));
    let again: Value = guess("9999".into()).await.unwrap().json().await.unwrap();
    assert_eq!(again, Value::from("WrongPin"), "the address may try again");

    let (_, log) = call(&app, "get_audit_log", &[]).await;
    let actions: Vec<_> = log["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        ["lockout_cleared", "unlocked", "locked_out", "first_start"]
    );
    assert_eq!(log["lines"][2]["by"], Value::Null);
    assert_eq!(
        log["lines"][2]["detail"],
        serde_json::json!({"kind": "wrong_pins_from", "failures": 10, "client": "127.0.0.2"})
    );
}

#[tokio::test]
async fn the_owner_sees_a_member_waiting_after_wrong_pins_and_lets_them_try_again() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    call(&app, "lock", &[]).await;
    let sakura = staff_id(&app, "さくら").await;
    for _ in 0..5 {
        call(&app, "unlock", &[("staff_id", &sakura), ("pin", "9999")]).await;
    }
    let owner = staff_id(&app, "みどり").await;
    let (_, unlocked) = call(&app, "unlock", &[("staff_id", &owner), ("pin", "142857")]).await;
    assert_eq!(unlocked, Value::from("Unlocked"));
    let (_, settings) = call(&app, "get_settings", &[]).await;
    let lockouts = settings["lockouts"].as_array().unwrap();
    assert_eq!(lockouts.len(), 1, "{settings}");
    assert_eq!(lockouts[0]["who"]["Staff"]["name"], "さくら");
    assert_eq!(lockouts[0]["failures"], 5);
    // When the wait ends, in the shop's time, in the request's language (English here: the
    // test client asks for no language).
    assert!(
        lockouts[0]["until"].as_str().unwrap().contains(" 20"),
        "{settings}"
    );

    let (_, cleared) = call(&app, "clear_lockout", &[("staff_id", &sakura)]).await;
    assert_eq!(cleared, Value::from(true));
    call(&app, "lock", &[]).await;
    let (_, unlocked) = call(&app, "unlock", &[("staff_id", &sakura), ("pin", "2718")]).await;
    assert_eq!(unlocked, Value::from("Unlocked"));
}

#[tokio::test]
async fn the_audit_logs_screen_pages_back_through_plain_links() {
    let app = spawn_app().await;
    set_up(&app).await;
    // The first start and 50 changes: one more entry than a page holds.
    for n in 0..50 {
        let minutes = if n % 2 == 0 { "3" } else { "4" };
        let (_, saved) = call(
            &app,
            "save_kiosk_settings",
            &[("idle_lock_minutes", minutes)],
        )
        .await;
        assert_eq!(saved, Value::from("Saved"));
    }
    let newest = app.page_in("/settings/audit", "en").await;
    assert!(!newest.contains("First start"), "{newest}");
    assert!(!newest.contains("Back to the newest"));
    let older = newest
        .split("href=\"/settings/audit?before=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a link to older entries: {newest}"));
    let oldest = app
        .page_in(&format!("/settings/audit?before={older}"), "en")
        .await;
    assert!(oldest.contains("First start"), "{oldest}");
    assert!(oldest.contains("Back to the newest"));
    assert!(!oldest.contains("Older entries"));
}
