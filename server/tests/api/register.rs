//! The register through its server functions: search, check-in, "+ new regular", undo, left.

use serde_json::Value;

use crate::helpers::{call, sakura_unlocks, set_up, spawn_app};

#[tokio::test]
async fn a_new_regular_is_checked_in_at_once_and_found_by_kana_katakana_and_romaji() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;

    let (status, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let done = &added["CheckedIn"];
    assert_eq!(done["nickname"], "ゆー。");
    assert_eq!(done["check_in"]["CheckedIn"]["stamped"], true);
    assert_eq!(done["check_in"]["CheckedIn"]["card"]["stamps"], 1);
    let regular = done["regular"].as_i64().unwrap().to_string();

    for typed in ["ゆう", "ユウ", "yu", "ﾕｳ"] {
        let (_, answer) = call(&app, "search_regulars", &[("query", typed)]).await;
        assert_eq!(answer["query"], typed);
        assert_eq!(
            answer["found"][0]["nickname"], "ゆー。",
            "{typed}: {answer}"
        );
        assert!(
            answer["found"][0].get("notes").is_none(),
            "lists carry nothing personal beyond nickname, tagline and stamps"
        );
    }

    // A double tap: the same visit, no second stamp.
    let (_, again) = call(&app, "check_in", &[("regular_id", &regular)]).await;
    assert_eq!(
        again["check_in"]["AlreadyHere"]["card"]["stamps"], 1,
        "{again}"
    );

    let (_, register) = call(&app, "get_register", &[]).await;
    let present = register["present"].as_array().unwrap();
    assert_eq!(present.len(), 1);
    assert_eq!(present[0]["nickname"], "ゆー。");
    assert_eq!(present[0]["since"].as_str().unwrap().len(), 5, "{register}");
    let visit = present[0]["visit"].as_i64().unwrap().to_string();

    let (_, left) = call(&app, "mark_left", &[("visit_id", &visit)]).await;
    assert_eq!(left, Value::from(true));
    let (_, register) = call(&app, "get_register", &[]).await;
    assert!(register["present"].as_array().unwrap().is_empty());

    let (_, undo) = call(&app, "undo_check_in", &[("visit_id", &visit)]).await;
    assert_eq!(undo["Undone"]["card"]["stamps"], 0, "{undo}");
    let (_, card) = call(&app, "get_regular", &[("regular_id", &regular)]).await;
    assert_eq!(card["visits"][0]["undone_by"], "さくら", "{card}");
    assert_eq!(
        card["visits"].as_array().unwrap().len(),
        1,
        "the visit is kept"
    );
}

#[tokio::test]
async fn the_register_lists_the_newest_fifty_and_everyone_when_asked() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    for n in 0..52 {
        let nickname = format!("客{n}");
        let (status, added) = call(
            &app,
            "add_regular_and_check_in",
            &[("nickname", nickname.as_str()), ("reading", "")],
        )
        .await;
        assert_eq!(status, 200, "{added}");
    }
    let (_, register) = call(&app, "get_register", &[]).await;
    let present = register["present"].as_array().unwrap();
    assert_eq!(present.len(), 50, "{register}");
    assert_eq!(register["in_the_shop"], 52);
    assert_eq!(present[0]["nickname"], "客51", "the newest first");
    assert!(
        present[0].get("checked_in_at").is_none() && present[0].get("last_visit_at").is_none(),
        "the list carries what it shows: {}",
        present[0]
    );
    let (_, register) = call(&app, "get_register", &[("everyone", "true")]).await;
    assert_eq!(register["present"].as_array().unwrap().len(), 52);
    assert_eq!(register["present"][51]["nickname"], "客0");

    let page = app.page_html("/?present=all").await;
    assert!(page.contains("客0"), "the page lists everyone when asked");
    let page = app.page_html("/").await;
    assert!(
        page.contains("客2<") && !page.contains("客1<"),
        "the newest fifty"
    );
    assert!(
        page.contains("href=\"?present=all\""),
        "and the way to everyone"
    );
}

#[tokio::test]
async fn a_bad_nickname_or_reading_is_named_on_the_form_and_changes_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    let long = "あ".repeat(200);
    for (nickname, reading, field) in [
        ("", "", "Nickname"),
        ("   ", "", "Nickname"),
        (long.as_str(), "", "Nickname"),
        ("bell\u{7}", "", "Nickname"),
        ("ゆー。", "yu", "Reading"),
        ("ゆー。", "優", "Reading"),
    ] {
        let (status, outcome) = call(
            &app,
            "add_regular_and_check_in",
            &[("nickname", nickname), ("reading", reading)],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            outcome["Invalid"][0]["field"], field,
            "{nickname:?} {reading:?}: {outcome}"
        );
    }
    let (_, answer) = call(&app, "search_regulars", &[("query", "a")]).await;
    assert!(answer["found"].as_array().unwrap().is_empty());
    let (_, register) = call(&app, "get_register", &[]).await;
    assert!(register["present"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_nickname_with_invisible_characters_is_refused_in_words_and_nothing_is_saved() {
    let app = spawn_app().await;
    set_up(&app).await;
    // A right-to-left override shows "ゆう" backwards; a zero-width space makes a second
    // "ゆう" that looks like the first.
    for nickname in [
        "\u{202E}ゆう",
        "ゆ\u{200B}う",
        "ゆう\u{2066}",
        "ゆ\u{200D}う",
    ] {
        let (status, outcome) = call(
            &app,
            "add_regular_and_check_in",
            &[("nickname", nickname), ("reading", "ゆう")],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            outcome["Invalid"],
            serde_json::json!([{"field": "Nickname", "problem": "InvisibleCharacters"}]),
            "{nickname:?}: {outcome}"
        );
    }
    let (_, answer) = call(&app, "search_regulars", &[("query", "ゆう")]).await;
    assert!(answer["found"].as_array().unwrap().is_empty(), "{answer}");
    let (_, register) = call(&app, "get_register", &[]).await;
    assert!(register["present"].as_array().unwrap().is_empty());

    // The joiner inside an emoji is part of the picture, not a hidden character.
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆう👩\u{200D}💻"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!(
        added["CheckedIn"]["nickname"], "ゆう👩\u{200D}💻",
        "{added}"
    );
}

#[tokio::test]
async fn a_regular_is_edited_with_tags_links_and_consents() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "ゆう")],
    )
    .await;
    let regular = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();
    let form = |links: &'static str| {
        vec![
            ("regular_id", regular.clone()),
            ("nickname", "ゆー。".to_owned()),
            ("reading", "ゆう".to_owned()),
            (
                "tagline",
                "walked across Japan, now a photographer".to_owned(),
            ),
            ("interests", "写真、旅".to_owned()),
            ("offers", "photography".to_owned()),
            ("looking_for", "".to_owned()),
            ("links", links.to_owned()),
            ("notes", "likes the window seat".to_owned()),
            ("may_be_introduced", "yes".to_owned()),
        ]
    };
    let bad = form("javascript:alert(1)");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, outcome) = call(&app, "save_regular", &bad).await;
    assert_eq!(outcome["Invalid"][0]["field"], "Links", "{outcome}");
    assert_eq!(
        outcome["Invalid"][0]["problem"]["LinkScheme"]["scheme"],
        "javascript"
    );

    let good = form("@yu_photo");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, outcome) = call(&app, "save_regular", &good).await;
    assert_eq!(outcome["Saved"]["regular"].to_string(), regular);
    let (_, card) = call(&app, "get_regular", &[("regular_id", &regular)]).await;
    assert_eq!(
        card["regular"]["interests"],
        serde_json::json!(["写真", "旅"])
    );
    assert_eq!(card["draft"]["links"], "@yu_photo");
    assert_eq!(card["links"][0]["address"], "@yu_photo", "{card}");
    assert!(card["may_be_introduced_since"].is_string());
    assert_eq!(card["may_show_links_since"], Value::Null);
}

#[tokio::test]
async fn a_paper_card_comes_with_a_new_regular_or_later_from_the_owner_once() {
    let app = spawn_app().await;
    set_up(&app).await;

    // With "+ new regular": full-width digits are fine; a full card's worth, markup or a
    // negative number is named on the form with the nickname's problem, and adds nobody.
    for paper in ["10", "-1", "<b>3</b>", "3\u{7}", "1e3"] {
        let (status, outcome) = call(
            &app,
            "add_regular_and_check_in",
            &[("nickname", ""), ("reading", ""), ("paper_stamps", paper)],
        )
        .await;
        assert_eq!(status, 200);
        let fields: Vec<_> = outcome["Invalid"]
            .as_array()
            .unwrap_or_else(|| panic!("{paper:?}: {outcome}"))
            .iter()
            .map(|problem| problem["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["Nickname", "PaperStamps"], "{paper:?}: {outcome}");
        assert_eq!(
            outcome["Invalid"][1]["problem"]["OutOfRange"],
            serde_json::json!({ "min": 0, "max": 9 })
        );
    }
    let (_, answer) = call(&app, "search_regulars", &[("query", "a")]).await;
    assert!(answer["found"].as_array().unwrap().is_empty());
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[
            ("nickname", "かみや"),
            ("reading", ""),
            ("paper_stamps", "６"),
        ],
    )
    .await;
    assert_eq!(
        added["CheckedIn"]["check_in"]["CheckedIn"]["card"]["stamps"],
        7
    );
    let kamiya = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();
    let (_, card) = call(&app, "get_regular", &[("regular_id", &kamiya)]).await;
    assert_eq!(card["regular"]["visits"], 1, "a paper card is not a visit");
    assert_eq!(card["ledger"][0]["kind"], "carried_over");
    assert_eq!(card["ledger"][0]["stamps"], 6);
    assert_eq!(card["may_carry_over"], false, "once only");

    // Later, by the owner, for someone added without one.
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "あとで"), ("reading", "")],
    )
    .await;
    let later = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();
    let (_, card) = call(&app, "get_regular", &[("regular_id", &later)]).await;
    assert_eq!(card["may_carry_over"], true);
    for paper in ["", "0", "9.5", "12"] {
        let (status, outcome) = call(
            &app,
            "carry_over_paper_card",
            &[("regular_id", &later), ("paper_stamps", paper)],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            outcome["Invalid"][0]["problem"]["OutOfRange"],
            serde_json::json!({ "min": 1, "max": 9 }),
            "{paper:?}: {outcome}"
        );
    }
    let (status, outcome) = call(
        &app,
        "carry_over_paper_card",
        &[("regular_id", &later), ("paper_stamps", "3")],
    )
    .await;
    assert_eq!((status, outcome), (200, Value::from("CarriedOver")));
    let (_, again) = call(
        &app,
        "carry_over_paper_card",
        &[("regular_id", &later), ("paper_stamps", "3")],
    )
    .await;
    assert_eq!(again, Value::from("AlreadyCarried"));
    let (_, card) = call(&app, "get_regular", &[("regular_id", &later)]).await;
    assert_eq!(card["regular"]["card"]["stamps"], 4);
    assert_eq!(card["may_carry_over"], false);
    let (status, _) = call(
        &app,
        "carry_over_paper_card",
        &[("regular_id", "999999"), ("paper_stamps", "3")],
    )
    .await;
    assert_eq!(status, 404);

    // Staff may add one with a newcomer, but not carry one over afterwards.
    sakura_unlocks(&app).await;
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "さとう"), ("reading", "")],
    )
    .await;
    let sato = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();
    let (_, card) = call(&app, "get_regular", &[("regular_id", &sato)]).await;
    assert_eq!(card["may_carry_over"], false);
    let (status, _) = call(
        &app,
        "carry_over_paper_card",
        &[("regular_id", &sato), ("paper_stamps", "3")],
    )
    .await;
    assert_eq!(status, 403);
    let (_, card) = call(&app, "get_regular", &[("regular_id", &sato)]).await;
    assert_eq!(card["regular"]["card"]["stamps"], 1);
}

#[tokio::test]
async fn a_newcomer_who_came_with_a_regular_thanks_them_when_the_owner_says_so() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, saved) = call(
        &app,
        "save_stamp_rules",
        &[
            ("stamps_per_card", "10"),
            ("reward", "コーヒー1杯"),
            ("min_gap_minutes", "240"),
            ("presence_minutes", "180"),
            ("thank_you_stamp", "yes"),
        ],
    )
    .await;
    assert_eq!(saved, Value::from("Saved"));
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆき"), ("reading", "ゆき")],
    )
    .await;
    let yuki = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();

    // Whom they came with is an id from the list: anything else, or someone not of this
    // shop, is named on the form and adds nobody.
    for came_with in ["abc", "<b>1</b>", "999999", "1\u{7}", "-1"] {
        let (status, outcome) = call(
            &app,
            "add_regular_and_check_in",
            &[
                ("nickname", "はなこ"),
                ("reading", ""),
                ("came_with", came_with),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            outcome["Invalid"][0]["field"], "CameWith",
            "{came_with:?}: {outcome}"
        );
        assert_eq!(outcome["Invalid"][0]["problem"], "NoSuchRegular");
    }
    let (_, found) = call(&app, "search_regulars", &[("query", "はなこ")]).await;
    assert!(found["found"].as_array().unwrap().is_empty(), "{found}");

    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[
            ("nickname", "はなこ"),
            ("reading", ""),
            ("came_with", &yuki),
        ],
    )
    .await;
    let thanked = &added["CheckedIn"]["thanked"];
    assert_eq!(thanked["nickname"], "ゆき", "{added}");
    assert_eq!(
        thanked["card"]["stamps"], 2,
        "her visit's stamp and the thank-you"
    );
    let hanako = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();

    let (_, card) = call(&app, "get_regular", &[("regular_id", &yuki)]).await;
    assert_eq!(card["brought"][0]["nickname"], "はなこ", "{card}");
    assert_eq!(card["came_with"], Value::Null);
    assert_eq!(card["ledger"][0]["kind"], "thank_you");
    assert_eq!(card["regular"]["visits"], 1, "a thank-you is not a visit");
    let (_, card) = call(&app, "get_regular", &[("regular_id", &hanako)]).await;
    assert_eq!(card["came_with"]["nickname"], "ゆき", "{card}");

    // The owner's audit log and the page say it in words.
    let page = app.page_in(&format!("/regulars/{yuki}"), "ja").await;
    assert!(page.contains("連れてきた新しいお客さん"), "{page}");
    assert!(
        page.contains("新しいお客さんを連れてきたお礼に1つ"),
        "{page}"
    );
}
