//! The first start, unlocking and locking, through the server functions as the page calls them.

use serde_json::Value;

use crate::helpers::{call, kiosk, set_up, spawn_app};

#[tokio::test]
async fn the_first_start_creates_the_owner_and_signs_them_in() {
    let app = spawn_app().await;
    assert_eq!(kiosk(&app).await["needs_first_start"], true);

    let response = app
        .client
        .post(app.url("/api/first_start"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[
            ("shop_name", "珈琲 ゆるり"),
            ("owner_name", "みどり"),
            ("pin", "142857"),
            ("pin_again", "142857"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("joren_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert_eq!(response.text().await.unwrap(), "\"Saved\"");

    let kiosk = kiosk(&app).await;
    assert_eq!(kiosk["needs_first_start"], false);
    assert_eq!(kiosk["shop_name"], "珈琲 ゆるり");
    assert_eq!(kiosk["signed_in"]["name"], "みどり");
    assert_eq!(kiosk["signed_in"]["role"], "owner");
}

#[tokio::test]
async fn bad_first_start_input_is_named_field_by_field_and_changes_nothing() {
    let app = spawn_app().await;
    let (status, outcome) = call(
        &app,
        "first_start",
        &[
            ("shop_name", "  "),
            ("owner_name", &"あ".repeat(41)),
            ("pin", "1234"),
            ("pin_again", "1234"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let problems = &outcome["Invalid"];
    assert_eq!(problems[0]["field"], "ShopName");
    assert_eq!(problems[0]["problem"], "Empty");
    assert_eq!(problems[1]["field"], "StaffName");
    assert_eq!(problems[1]["problem"]["TooLong"]["max"], 40);
    assert_eq!(problems[2]["field"], "Pin");
    assert_eq!(problems[2]["problem"]["PinTooShort"]["min"], 6);

    let (_, outcome) = call(
        &app,
        "first_start",
        &[
            ("shop_name", "Kissa"),
            ("owner_name", "Midori"),
            ("pin", "142857"),
            ("pin_again", "142858"),
        ],
    )
    .await;
    assert_eq!(outcome["Invalid"][0]["field"], "PinAgain");
    assert_eq!(outcome["Invalid"][0]["problem"], "PinsDiffer");

    // A zero-width space or a right-to-left override in a name, which would make it look
    // like another or turn it around on screen.
    let (_, outcome) = call(
        &app,
        "first_start",
        &[
            ("shop_name", "Kissa\u{200B}"),
            ("owner_name", "\u{202E}Midori"),
            ("pin", "142857"),
            ("pin_again", "142857"),
        ],
    )
    .await;
    assert_eq!(
        outcome["Invalid"],
        serde_json::json!([
            {"field": "ShopName", "problem": "InvisibleCharacters"},
            {"field": "StaffName", "problem": "InvisibleCharacters"},
        ]),
        "{outcome}"
    );

    let kiosk = kiosk(&app).await;
    assert_eq!(kiosk["needs_first_start"], true);
    assert_eq!(kiosk["shop_name"], "Joren");
    assert_eq!(kiosk["signed_in"], Value::Null);
}

#[tokio::test]
async fn a_second_first_start_changes_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    let other = crate::helpers::spawn_client();
    let response = other
        .post(app.url("/api/first_start"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[
            ("shop_name", "Taken over"),
            ("owner_name", "mallory"),
            ("pin", "271828"),
            ("pin_again", "271828"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "\"AlreadySetUp\"");
    assert_eq!(kiosk(&app).await["shop_name"], "珈琲 ゆるり");
}

#[tokio::test]
async fn unlocking_takes_the_right_pin_and_lock_signs_out() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    let kiosk_now = kiosk(&app).await;
    assert_eq!(kiosk_now["signed_in"], Value::Null);
    let owner_id = kiosk_now["staff"][0]["id"].as_i64().unwrap().to_string();

    let (_, wrong) = call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "000001")],
    )
    .await;
    assert_eq!(wrong, Value::from("WrongPin"));
    let (_, nobody) = call(&app, "unlock", &[("staff_id", "9999"), ("pin", "142857")]).await;
    assert_eq!(
        nobody,
        Value::from("WrongPin"),
        "the same answer for a person who does not exist"
    );
    let (_, junk) = call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "<script>")],
    )
    .await;
    assert_eq!(junk, Value::from("WrongPin"));
    assert_eq!(kiosk(&app).await["signed_in"], Value::Null);

    let (_, right) = call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "142857")],
    )
    .await;
    assert_eq!(right, Value::from("Unlocked"));
    assert_eq!(kiosk(&app).await["signed_in"]["name"], "みどり");

    call(&app, "lock", &[]).await;
    assert_eq!(kiosk(&app).await["signed_in"], Value::Null);
}

#[tokio::test]
async fn the_lock_screen_lists_staff_names_and_nothing_else() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    let html = app
        .client
        .get(app.url("/"))
        .header("accept-language", "ja")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("珈琲 ゆるり"));
    assert!(html.contains("みどり"));
    assert!(html.contains("ロック中"));
}

#[tokio::test]
async fn after_five_wrong_pins_even_the_right_one_waits() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    let owner_id = kiosk(&app).await["staff"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();

    for _ in 0..4 {
        let (_, outcome) = call(
            &app,
            "unlock",
            &[("staff_id", &owner_id), ("pin", "999999")],
        )
        .await;
        assert_eq!(outcome, Value::from("WrongPin"));
    }
    let (_, fifth) = call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "999999")],
    )
    .await;
    assert_eq!(fifth["Wait"]["seconds"], 30, "{fifth}");

    let (_, right) = call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "142857")],
    )
    .await;
    assert!(right["Wait"]["seconds"].as_u64().unwrap() > 0, "{right}");
    assert_eq!(kiosk(&app).await["signed_in"], Value::Null);
}

#[tokio::test]
async fn only_the_signed_in_owner_adds_staff_and_the_new_member_can_unlock() {
    let app = spawn_app().await;
    let form = [("name", "さくら"), ("pin", "2718"), ("pin_again", "2718")];

    // Before any owner, and while locked: refused, nothing added.
    let (status, _) = call(&app, "add_staff", &form).await;
    assert_eq!(status, 401);
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    let (status, _) = call(&app, "add_staff", &form).await;
    assert_eq!(status, 401);
    assert_eq!(kiosk(&app).await["staff"].as_array().unwrap().len(), 1);

    let owner_id = kiosk(&app).await["staff"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    call(
        &app,
        "unlock",
        &[("staff_id", &owner_id), ("pin", "142857")],
    )
    .await;
    let (_, outcome) = call(
        &app,
        "add_staff",
        &[("name", "さくら"), ("pin", "27"), ("pin_again", "27")],
    )
    .await;
    assert_eq!(outcome["Invalid"][0]["problem"]["PinTooShort"]["min"], 4);
    let (_, outcome) = call(&app, "add_staff", &form).await;
    assert_eq!(outcome, Value::from("Saved"));
    let (_, again) = call(&app, "add_staff", &form).await;
    assert_eq!(again["Invalid"][0]["problem"], "NameTaken");

    // The new member unlocks with their PIN, and as staff may not add anyone.
    call(&app, "lock", &[]).await;
    let staff = kiosk(&app).await["staff"].clone();
    let sakura = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["name"] == "さくら")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (_, unlocked) = call(&app, "unlock", &[("staff_id", &sakura), ("pin", "2718")]).await;
    assert_eq!(unlocked, Value::from("Unlocked"));
    assert_eq!(kiosk(&app).await["signed_in"]["role"], "staff");
    let (status, _) = call(
        &app,
        "add_staff",
        &[("name", "mallory"), ("pin", "3141"), ("pin_again", "3141")],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(kiosk(&app).await["staff"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn what_people_type_is_shown_as_text_never_as_markup() {
    let app = spawn_app().await;
    let attack = "</title><img src=x onerror=alert(1)>";
    let (_, outcome) = call(
        &app,
        "first_start",
        &[
            ("shop_name", attack),
            ("owner_name", attack),
            ("pin", "142857"),
            ("pin_again", "142857"),
        ],
    )
    .await;
    assert_eq!(outcome, Value::from("Saved"));
    call(&app, "lock", &[]).await;
    let html = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Neither in the page nor in its <title>, whichever chunk the title is written into.
    assert!(!html.contains(attack), "the name is never markup");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}
