//! The register's forms posted by the browser itself, before the wasm has arrived or without
//! JavaScript: each answers with a redirect to the page that shows what it did.

use serde_json::Value;

use crate::helpers::{TestApp, call, regular_saved, sakura_unlocks, set_up, spawn_app, staff_id};

/// Posts a form as a browser does without the wasm: it asks for a page, not for data.
/// Returns the status and where the browser is sent.
async fn post_form(app: &TestApp, function: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url(&format!("/api/{function}")))
        .header("origin", format!("http://{}", app.addr))
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .form(form)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .and_then(|location| location.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (response.status().as_u16(), location)
}

/// A page as a tablet set to Japanese gets it.
async fn page_ja(app: &TestApp, path: &str) -> String {
    app.page_in(path, "ja").await
}

/// Where the register shows a plain form's answer.
const ANSWERED: &str = "/?answered";

#[tokio::test]
async fn unlocking_with_a_plain_form_comes_back_to_the_keypad_or_opens_the_register() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    call(&app, "lock", &[]).await;
    let sakura = staff_id(&app, "さくら").await;

    let (status, location) =
        post_form(&app, "unlock", &[("staff_id", &sakura), ("pin", "0000")]).await;
    assert_eq!(
        (status, location.as_str()),
        (302, format!("/?staff={sakura}&unlock=wrong").as_str())
    );
    let page = page_ja(&app, &location).await;
    assert!(page.contains("PINが違います。"), "{page}");
    assert!(
        page.contains("さくらさんのPIN"),
        "the keypad is open for さくら"
    );
    assert_eq!(kiosk_signed_in(&app).await, Value::Null);

    let (status, location) =
        post_form(&app, "unlock", &[("staff_id", &sakura), ("pin", "2718")]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
    assert_eq!(kiosk_signed_in(&app).await["name"], "さくら");

    let (status, location) = post_form(&app, "lock", &[]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
    assert_eq!(kiosk_signed_in(&app).await, Value::Null);
}

async fn kiosk_signed_in(app: &TestApp) -> Value {
    crate::helpers::kiosk(app).await["signed_in"].clone()
}

#[tokio::test]
async fn a_search_a_new_regular_a_check_in_and_its_undo_work_as_plain_forms() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;

    // "+ new regular" with a bad nickname: the form comes back with it, nobody is added.
    let (status, location) = post_form(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "<b>\u{7}</b>"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!((status, location.as_str()), (302, ANSWERED));
    let page = page_ja(&app, ANSWERED).await;
    assert!(
        page.contains("登録してチェックイン"),
        "the form is open again"
    );
    assert!(
        page.contains("&lt;b&gt;"),
        "what was typed is shown as text"
    );
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    let (_, register) = call(&app, "get_register", &[]).await;
    assert_eq!(register["in_the_shop"], 0);

    let (status, location) = post_form(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!((status, location.as_str()), (302, ANSWERED));
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("ゆー。さん、いらっしゃいませ"), "{page}");

    // The search typed before the wasm arrived: the page comes with its results.
    let page = page_ja(&app, "/?q=%E3%82%86%E3%81%86").await;
    assert!(page.contains("見つかった常連さん"), "{page}");
    assert!(
        page.contains("value=\"ゆう\""),
        "the search keeps what was typed"
    );
    let (_, found) = call(&app, "search_regulars", &[("query", "ゆう")]).await;
    let regular = found["found"][0]["id"].as_i64().unwrap().to_string();

    // A second tap on the result: already here, nothing added.
    let (status, location) = post_form(&app, "check_in", &[("regular_id", &regular)]).await;
    assert_eq!((status, location.as_str()), (302, ANSWERED));
    let page = page_ja(&app, ANSWERED).await;
    assert!(
        page.contains("ゆー。さんはもうチェックイン済みです"),
        "{page}"
    );

    let (_, register) = call(&app, "get_register", &[]).await;
    let visit = register["present"][0]["visit"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, location) = post_form(&app, "undo_check_in", &[("visit_id", &visit)]).await;
    assert_eq!((status, location.as_str()), (302, ANSWERED));
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("チェックインを取り消しました。"), "{page}");

    // Checked in again: undoing the earlier visit is not the answer on show.
    let (_, location) = post_form(&app, "check_in", &[("regular_id", &regular)]).await;
    assert_eq!(location, ANSWERED);
    let (status, location) = post_form(&app, "undo_check_in", &[("visit_id", &visit)]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("ゆー。さん、いらっしゃいませ"), "{page}");
    assert!(!page.contains("チェックインを取り消しました。"));
}

#[tokio::test]
async fn what_a_plain_form_did_is_not_shown_once_the_regular_is_erased() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, location) = post_form(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!(location, ANSWERED);
    let (_, answer) = call(&app, "last_register_answer", &[]).await;
    let regular = answer["CheckedIn"]["done"]["regular"].to_string();
    assert_eq!(answer["CheckedIn"]["done"]["nickname"], "ゆー。");

    let (status, erased) = call(&app, "erase_regular", &[("regular_id", &regular)]).await;
    assert_eq!(status, 200, "{erased}");
    let (_, answer) = call(&app, "last_register_answer", &[]).await;
    assert_eq!(answer, Value::Null);
}

#[tokio::test]
async fn a_plain_form_that_fails_says_so_and_a_locked_kiosk_shows_the_lock_screen() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;

    let (status, location) = post_form(&app, "check_in", &[("regular_id", "999999")]).await;
    assert_eq!((status, location.as_str()), (302, ANSWERED));
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("チェックインできませんでした。"), "{page}");

    call(&app, "lock", &[]).await;
    let (status, location) = post_form(&app, "check_in", &[("regular_id", "1")]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
    let (status, location) = post_form(&app, "mark_left", &[("visit_id", "1")]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
}

#[tokio::test]
async fn left_as_a_plain_form_comes_back_to_the_list_it_was_tapped_in() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let mut visits = Vec::new();
    for nickname in ["ゆー。", "はな", "けん"] {
        let (_, added) = call(
            &app,
            "add_regular_and_check_in",
            &[("nickname", nickname), ("reading", "")],
        )
        .await;
        let visit = added["CheckedIn"]["check_in"]["CheckedIn"]["visit"]
            .as_i64()
            .unwrap_or_else(|| panic!("{added}"));
        visits.push(visit.to_string());
    }

    for (visit, present, back_to) in [
        // Tapped in the list of everyone (`/?present=all`): back to everyone.
        (&visits[0], Some("all"), "/?present=all"),
        // In the newest fifty: back to the register.
        (&visits[1], None, "/"),
        // Anything else is not a place to be sent.
        (&visits[2], Some("//elsewhere.example"), "/"),
    ] {
        let mut form = vec![("visit_id", visit.as_str())];
        form.extend(present.map(|present| ("present", present)));
        let (status, location) = post_form(&app, "mark_left", &form).await;
        assert_eq!((status, location.as_str()), (302, back_to), "{present:?}");
    }
    // The wasm's own call with the field still gets its answer.
    let (status, left) = call(
        &app,
        "mark_left",
        &[("visit_id", &visits[0]), ("present", "all")],
    )
    .await;
    assert_eq!((status, left), (200, Value::from(false)));
}

/// A screen's form outside the register, posted by the browser itself while the kiosk is
/// locked (or by staff, to the owner's settings): the browser is sent back to the page it
/// came from, which then shows what is so (the lock screen), not a bare error.
#[tokio::test]
async fn a_refused_plain_form_elsewhere_goes_back_to_its_page() {
    let app = spawn_app().await;
    set_up(&app).await;
    let settings = app.url("/settings");
    let post = |function: &'static str, form: &'static [(&'static str, &'static str)]| {
        app.client
            .post(app.url(&format!("/api/{function}")))
            .header("origin", format!("http://{}", app.addr))
            .header("referer", settings.clone())
            .header("accept", "text/html,*/*;q=0.8")
            .form(form)
            .send()
    };
    let stamps = &[
        ("stamps_per_card", "8"),
        ("reward", "a cookie"),
        ("min_gap_minutes", "0"),
        ("presence_minutes", "60"),
    ];

    // Leptos adds the error to the page's address for the form to show it there.
    let back_to_settings = |response: &reqwest::Response| {
        let location = response.headers()["location"].to_str().unwrap();
        (response.status().as_u16(), location.starts_with(&settings))
    };

    sakura_unlocks(&app).await;
    let staff = post("save_stamp_rules", stamps).await.unwrap();
    assert_eq!(back_to_settings(&staff), (302, true), "{staff:?}");
    // Asked for data, the same refusal keeps its status.
    let (status, answer) = call(&app, "save_stamp_rules", stamps).await;
    assert_eq!((status, answer), (403, Value::from("owner_only")));

    call(&app, "lock", &[]).await;
    let locked = post("save_stamp_rules", stamps).await.unwrap();
    assert_eq!(back_to_settings(&locked), (302, true), "{locked:?}");
}

/// A regular who agreed to be introduced, not checked in; returns their id.
async fn regular_not_here(app: &TestApp, nickname: &str) -> String {
    regular_saved(app, &[("nickname", nickname), ("may_be_introduced", "yes")]).await
}

/// Introduces `a` and `b`, `days` ago; returns the introduction's id.
async fn introduced_days_ago(app: &TestApp, a: &str, b: &str, days: i64) -> String {
    let (_, introduced) = call(app, "introduce", &[("a", a), ("b", b), ("note", "")]).await;
    let id = introduced["Introduced"]["introduction"]
        .as_i64()
        .unwrap_or_else(|| panic!("{introduced}"));
    app.run_sql(&format!(
        "UPDATE introductions SET introduced_at = introduced_at - {days} * 86400000 WHERE id = {id}"
    ))
    .await;
    id.to_string()
}

#[tokio::test]
async fn after_a_check_in_the_register_asks_what_an_earlier_introduction_led_to() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let yu = regular_not_here(&app, "ゆー。").await;
    let hana = regular_not_here(&app, "Bakery Hana").await;
    let ken = regular_not_here(&app, "ケンくん").await;
    let today = regular_not_here(&app, "Today").await;
    let with_hana = introduced_days_ago(&app, &yu, &hana, 12).await;
    let with_ken = introduced_days_ago(&app, &yu, &ken, 5).await;
    introduced_days_ago(&app, &yu, &today, 0).await;

    // The check-in as a plain form: its result asks about the oldest, once.
    let (_, location) = post_form(&app, "check_in", &[("regular_id", &yu)]).await;
    assert_eq!(location, ANSWERED);
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("ゆー。さん、いらっしゃいませ"), "{page}");
    assert!(
        page.contains("にご紹介したBakery Hanaさんとは、その後いかがですか？"),
        "{page}"
    );
    assert!(!page.contains("ケンくん"), "one at a time: {page}");
    assert!(page.contains(">一緒に仕事をした<"), "{page}");

    // One tap: recorded by the member of staff, as the introduction's page does.
    let (status, _) = post_form(
        &app,
        "record_outcome",
        &[
            ("introduction_id", &with_hana),
            ("outcome", "worked_together"),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(status, 302);
    let (_, introduction) =
        call(&app, "get_introduction", &[("introduction_id", &with_hana)]).await;
    let outcome = &introduction["introduction"]["outcomes"][0];
    assert_eq!(outcome["outcome"], "worked_together", "{introduction}");
    assert_eq!(outcome["by"], "さくら");

    // Then the next one, named with its own honorific; "ask next time" leaves it for later.
    let page = page_ja(&app, ANSWERED).await;
    assert!(page.contains("にご紹介したケンくんとは"), "{page}");
    let page = page_ja(&app, &format!("/?answered=&later={with_ken}")).await;
    assert!(page.contains("ゆー。さん、いらっしゃいませ"), "{page}");
    assert!(!page.contains("その後いかがですか"), "{page}");
    let (_, due) = call(&app, "follow_up_due", &[("regular_id", &yu)]).await;
    assert_eq!(due["introduction"].to_string(), with_ken, "{due}");

    // "Don't ask again": never asked again, from either side.
    let (status, _) = call(&app, "stop_follow_up", &[("introduction_id", &with_ken)]).await;
    assert_eq!(status, 200);
    for who in [&yu, &ken] {
        let (_, due) = call(&app, "follow_up_due", &[("regular_id", who)]).await;
        assert_eq!(due, Value::Null);
    }
    let page = page_ja(&app, ANSWERED).await;
    assert!(!page.contains("その後いかがですか"), "{page}");

    // An introduction that does not exist: a clear answer, nothing changed.
    let (status, _) = call(&app, "stop_follow_up", &[("introduction_id", "999")]).await;
    assert_eq!(status, 404);
}
