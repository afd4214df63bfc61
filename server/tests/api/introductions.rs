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
