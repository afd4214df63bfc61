//! Introductions through their server functions: suggestions, "Introduce", the once-only
//! rule, consent, bad input, and the follow-up.

use serde_json::Value;

use crate::helpers::{call, regular_here, sakura_unlocks, set_up, spawn_app};

#[tokio::test]
async fn staff_introduce_a_suggested_pair_once_and_follow_it_up() {
    let app = spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let yu = regular_here(
        &app,
        &[
            ("nickname", "ゆー。"),
            ("offers", "photography"),
            ("may_be_introduced", "yes"),
        ],
    )
    .await;
    let hana = regular_here(
        &app,
        &[
            ("nickname", "Bakery Hana"),
            ("looking_for", "photos for my shop"),
            ("may_be_introduced", "yes"),
        ],
    )
    .await;
    let shy = regular_here(&app, &[("nickname", "Shy"), ("looking_for", "photography")]).await;

    let (status, screen) = call(&app, "get_introduce", &[("a", &yu)]).await;
    assert_eq!(status, 200, "{screen}");
    let suggestions = screen["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 1, "Shy has not agreed: {screen}");
    assert_eq!(suggestions[0]["pick"]["nickname"], "Bakery Hana");
    assert_eq!(
        suggestions[0]["reasons"]["a_offers"][0]["wanted"],
        "photos for my shop"
    );
    assert_eq!(screen["present"].as_array().unwrap().len(), 3);

    // Bad input changes nothing.
    let long_note = "x".repeat(501);
    let (_, invalid) = call(
        &app,
        "introduce",
        &[("a", &yu), ("b", &hana), ("note", &long_note)],
    )
    .await;
    assert_eq!(invalid["Invalid"][0]["field"], "Notes", "{invalid}");
    let (_, refused) = call(&app, "introduce", &[("a", &yu), ("b", &shy), ("note", "")]).await;
    assert_eq!(
        refused["Refused"]["NoConsent"]["nickname"], "Shy",
        "{refused}"
    );
    let (_, screen) = call(&app, "get_introduce", &[("a", &yu), ("b", &hana)]).await;
    assert_eq!(screen["met_before"], Value::Null);

    let (_, introduced) = call(
        &app,
        "introduce",
        &[("a", &yu), ("b", &hana), ("note", "both love film")],
    )
    .await;
    let id = introduced["Introduced"]["introduction"]
        .as_i64()
        .unwrap_or_else(|| panic!("{introduced}"))
        .to_string();
    let (_, again) = call(&app, "introduce", &[("a", &hana), ("b", &yu), ("note", "")]).await;
    assert_eq!(again["AlreadyMet"]["by"], "さくら", "{again}");
    let (_, screen) = call(&app, "get_introduce", &[("a", &yu)]).await;
    assert!(
        screen["suggestions"].as_array().unwrap().is_empty(),
        "a pair that met is not suggested again: {screen}"
    );

    let (_, no_outcome) = call(
        &app,
        "record_outcome",
        &[("introduction_id", &id), ("note", "")],
    )
    .await;
    assert!(
        no_outcome["Refused"]["UnknownOutcome"].is_string(),
        "{no_outcome}"
    );
    let (_, recorded) = call(
        &app,
        "record_outcome",
        &[
            ("introduction_id", &id),
            ("outcome", "worked_together"),
            ("note", "shot the new menu"),
        ],
    )
    .await;
    assert_eq!(recorded["Done"], "Recorded", "{recorded}");

    let (_, card) = call(&app, "get_regular", &[("regular_id", &hana)]).await;
    let met = &card["met"][0];
    assert_eq!(met["first"][1], "ゆー。", "{card}");
    assert_eq!(met["by"], "さくら");
    assert_eq!(met["note"], "both love film");
    assert_eq!(met["outcomes"][0]["outcome"], "worked_together");
    assert_eq!(met["outcomes"][0]["note"], "shot the new menu");
}

/// Nicknames often carry their own honorific (「翔太さん」, 「さくらちゃん」): the Japanese
/// screens add さん only to a name that has none, never a second one.
#[tokio::test]
async fn a_nickname_with_its_own_honorific_gets_no_second_one() {
    let app = crate::helpers::spawn_app().await;
    set_up(&app).await;
    sakura_unlocks(&app).await;
    let shota = regular_here(
        &app,
        &[
            ("nickname", "翔太さん"),
            ("offers", "photography"),
            ("may_be_introduced", "yes"),
        ],
    )
    .await;
    let mio = regular_here(
        &app,
        &[
            ("nickname", "みおちゃん"),
            ("looking_for", "photography"),
            ("may_be_introduced", "yes"),
        ],
    )
    .await;
    let ken = regular_here(&app, &[("nickname", "ケン"), ("may_be_introduced", "yes")]).await;

    let pages = [
        app.page_in("/", "ja").await,
        app.page_in(&format!("/introduce?a={shota}"), "ja").await,
        app.page_in(&format!("/introduce?a={shota}&b={mio}"), "ja")
            .await,
        app.page_in(&format!("/introduce?a={ken}&b={mio}"), "ja")
            .await,
    ];
    for page in &pages {
        assert!(!page.contains("さんさん"), "{page}");
        assert!(!page.contains("ちゃんさん"), "{page}");
    }
    assert!(pages[0].contains("翔太さんが帰った"), "{}", pages[0]);
    assert!(
        pages[0].contains("ケンさんが帰った"),
        "a plain name gets さん"
    );
    assert!(pages[1].contains("翔太さんへのおすすめ"), "{}", pages[1]);
    assert!(pages[1].contains("みおちゃんを選ぶ"), "{}", pages[1]);
    assert!(
        pages[2].contains("翔太さんの「photography」を、みおちゃんが探しています"),
        "{}",
        pages[2]
    );

    let (_, introduced) = call(&app, "introduce", &[("a", &ken), ("b", &mio), ("note", "")]).await;
    let id = introduced["Introduced"]["introduction"].as_i64().unwrap();
    let page = app.page_in(&format!("/introductions/{id}"), "ja").await;
    assert!(page.contains("みおちゃんとケンさん"), "{page}");
    assert!(page.contains("さくらさんの紹介"), "{page}");
    let page = app.page_in(&format!("/introductions/{id}"), "en").await;
    assert!(
        page.contains("みおちゃん and ケン"),
        "English adds nothing: {page}"
    );
}

/// An introduction whose record names nobody as its introducer (the member's row gone from
/// an older or restored database) says when they met and nothing of by whom: never
/// 「さんの紹介」 with an empty name.
#[tokio::test]
async fn an_introduction_without_its_introducer_reads_without_one() {
    let app = crate::helpers::spawn_app().await;
    set_up(&app).await;
    let ken = regular_here(&app, &[("nickname", "ケン"), ("may_be_introduced", "yes")]).await;
    let mio = regular_here(&app, &[("nickname", "みお"), ("may_be_introduced", "yes")]).await;
    let (_, introduced) = call(&app, "introduce", &[("a", &ken), ("b", &mio), ("note", "")]).await;
    let id = introduced["Introduced"]["introduction"].as_i64().unwrap();
    app.run_sql("UPDATE introductions SET introduced_by = NULL")
        .await;

    let pages = [
        app.page_in(&format!("/introductions/{id}"), "ja").await,
        app.page_in(&format!("/regulars/{ken}"), "ja").await,
        app.page_in(&format!("/introduce?a={ken}&b={mio}"), "ja")
            .await,
    ];
    for page in &pages {
        assert!(!page.contains("の紹介"), "{page}");
    }
    assert!(pages[0].contains("に出会いました"), "{}", pages[0]);
    assert!(pages[2].contains("ここで出会っています"), "{}", pages[2]);
    let page = app.page_in(&format!("/introductions/{id}"), "en").await;
    assert!(!page.contains("introduced by"), "{page}");
    assert!(page.contains("Met on "), "{page}");
}
