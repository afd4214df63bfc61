//! What staff wait for on a read: the type-ahead search, the suggestions, a QR code.

use std::time::Instant;

use joren::reading::Query;
use joren::storage::{Store, now_millis};

use crate::figures::*;

/// What staff type at the register: kana, katakana, romaji, parts of names, and a new
/// person's name that matches nobody yet.
pub(crate) const SEARCHES: &[&str] = &[
    "さ",
    "たなか",
    "ゆう",
    "けん",
    "エマ",
    "ミア",
    "sato",
    "yu",
    "ken",
    "hina",
    "mi",
    "ka",
    "子",
    "美",
    "田中",
    "Emma",
    "oliv",
    "ささき",
    "watanabe",
    "kobayashi",
    "ほしの",
];

pub(crate) async fn search(store: &Store, shop: joren::ShopId) -> Figure {
    let mut times = histogram();
    for round in 0..30 {
        for text in SEARCHES {
            let query = Query::parse(text).expect("a search");
            let started = Instant::now();
            let found = store
                .search_regulars(shop, &query)
                .await
                .expect("a search answers");
            if round > 0 {
                times.record(started.elapsed().as_micros() as u64).ok();
            }
            assert!(
                !found.is_empty() || *text == "ほしの",
                "{text} finds someone"
            );
        }
    }
    Figure {
        name: "type-ahead search over the regulars, p99 server time",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(5.0),
        detail: format!(
            "p50 {:.2} ms; {} searches in kana, katakana, romaji and parts of names",
            ms(&times, 0.5),
            times.len()
        ),
    }
}

pub(crate) async fn suggestions(store: &Store, shop: &joren::Shop, present: u32) -> Figure {
    let now = now_millis();
    let here = store
        .in_the_shop(shop.id, &shop.stamp_rules, now)
        .await
        .expect("who is here");
    let mut times = histogram();
    for round in 0..4 {
        for person in here.iter().take(100) {
            let started = Instant::now();
            store
                .suggestions(shop.id, person.regular.id, &shop.stamp_rules, now, 5)
                .await
                .expect("suggestions");
            if round > 0 {
                times.record(started.elapsed().as_micros() as u64).ok();
            }
        }
    }
    Figure {
        name: "suggestions for one person, p99 server time",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(5.0),
        detail: format!(
            "p50 {:.2} ms; {} of {present} in the shop, {} calls",
            ms(&times, 0.5),
            here.len(),
            times.len()
        ),
    }
}

pub(crate) fn qr_render() -> Figure {
    let mut times = histogram();
    for n in 0..3_000 {
        let url = format!("https://cafe.example/q/{:08}", n % 97);
        let started = Instant::now();
        let svg = joren_app::qr::qr_svg(&url).expect("a QR code");
        times
            .record(started.elapsed().as_nanos().max(1) as u64)
            .ok();
        std::hint::black_box(svg);
    }
    Figure {
        name: "QR code as SVG, p99",
        value: Some(times.value_at_quantile(0.99) as f64 / 1e6),
        unit: "ms",
        target: Target::AtMost(1.0),
        detail: format!(
            "p50 {:.3} ms, a short link",
            times.value_at_quantile(0.5) as f64 / 1e6
        ),
    }
}
