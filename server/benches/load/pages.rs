//! Pages per second of "in the shop now", its size, and the insights page.

use std::process::Command;
use std::time::{Duration, Instant};

use joren::storage::{Store, now_millis};

use crate::figures::*;
use crate::server::*;

/// "In the shop now" (the register, rendered on the server) under 32 connections, with
/// everyone the demo put in the shop and then with a busy café's 30, against a bare axum
/// handler that returns a fixed string, all loaded by `wrk`; and the page's size as sent
/// uncompressed (its HTML and the data the browser hydrates from).
pub(crate) async fn pages(kiosk: &Kiosk, store: &Store, shop: &joren::Shop) -> Vec<Figure> {
    let cookie = kiosk.sign_in().await;
    let bare_addr = free_port();
    let mut bare = Command::new(std::env::current_exe().expect("this benchmark"))
        .env("JOREN_BENCH_BARE_AXUM", bare_addr.to_string())
        .spawn()
        .expect("the bare server starts");
    for _ in 0..500 {
        if std::net::TcpStream::connect(bare_addr).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let bare_rate = wrk(&format!("http://{bare_addr}/"), None);
    let _ = bare.kill();
    let _ = bare.wait();
    let Some(bare_rate) = bare_rate else {
        return vec![Figure {
            name: "\"in the shop now\" page, 32 connections",
            value: None,
            unit: "pages/s",
            target: Target::AtLeast(1000.0),
            detail: "wrk is not installed (apt-get install wrk)".to_owned(),
        }];
    };
    let mut figures = Vec::new();
    let here = in_the_shop_count(store, shop).await;
    let bytes = register_page_bytes(kiosk, &cookie).await;
    let rate = wrk(&kiosk.url("/"), Some(&cookie)).unwrap_or(0.0);
    figures.push(Figure {
        name: "\"in the shop now\" page, everyone in the shop, 32 connections",
        value: Some(rate),
        unit: "pages/s",
        target: Target::AtLeast(1000.0),
        detail: format!(
            "{here} in the shop; {:.2} % of a bare axum handler's {bare_rate:.0} requests/s",
            rate / bare_rate * 100.0
        ),
    });
    figures.push(Figure {
        name: "\"in the shop now\" page, everyone in the shop, HTML and hydration data",
        value: Some(bytes as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(80.0),
        detail: format!("{here} in the shop, uncompressed"),
    });

    // A busy café: all but the 30 newest leave.
    let rules = &shop.stamp_rules;
    let present = store
        .in_the_shop(shop.id, rules, now_millis())
        .await
        .expect("who is here");
    let owner = store
        .staff(shop.id)
        .await
        .expect("the staff")
        .first()
        .expect("the demo shop has staff")
        .id;
    for line in present.iter().skip(BUSY_CAFE) {
        store
            .mark_left(shop.id, line.visit, owner, now_millis())
            .await
            .expect("left");
    }
    let here = in_the_shop_count(store, shop).await;
    let bytes = register_page_bytes(kiosk, &cookie).await;
    let rate = wrk(&kiosk.url("/"), Some(&cookie)).unwrap_or(0.0);
    figures.push(Figure {
        name: "\"in the shop now\" page, a busy café, 32 connections",
        value: Some(rate),
        unit: "pages/s",
        target: Target::AtLeast(3000.0),
        detail: format!(
            "{here} in the shop, {:.0} KB; {:.2} % of a bare axum handler",
            bytes as f64 / 1024.0,
            rate / bare_rate * 100.0
        ),
    });
    figures
}

/// The people in the shop now in the second "in the shop now" figure.
pub(crate) const BUSY_CAFE: usize = 30;

pub(crate) async fn in_the_shop_count(store: &Store, shop: &joren::Shop) -> usize {
    store
        .in_the_shop(shop.id, &shop.stamp_rules, now_millis())
        .await
        .expect("who is here")
        .len()
}

/// The register page as sent to a browser that does not compress: its length in bytes.
pub(crate) async fn register_page_bytes(kiosk: &Kiosk, cookie: &str) -> usize {
    let page = kiosk
        .client
        .get(kiosk.url("/"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("the register")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("in-the-shop") || page.contains("店内"),
        "the register shows who is in the shop"
    );
    page.len()
}

/// The owner's insights page for the last year, drawn whole on the server (every chart, the
/// community graph), one request after another as an owner opens it.
/// Its targets are the issue's: a p99 of 100 ms and 200 KB of HTML.
pub(crate) async fn insights(kiosk: &Kiosk) -> [Figure; 2] {
    let cookie = kiosk.sign_in().await;
    let mut times = histogram();
    let mut size = 0;
    for round in 0..21 {
        let started = Instant::now();
        let page = kiosk
            .client
            .get(kiosk.url("/insights?period=year"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("the insights page")
            .text()
            .await
            .unwrap_or_default();
        let elapsed = started.elapsed();
        assert!(
            page.contains("role=\"img\"") && page.contains("<desc>"),
            "the insights page shows its charts"
        );
        // The first request warms the page cache and is not counted.
        if round > 0 {
            times
                .record(elapsed.as_micros() as u64)
                .expect("a time within the histogram's range");
        }
        size = page.len();
    }
    [
        Figure {
            name: "insights page for a year, p99",
            value: Some(ms(&times, 0.99)),
            unit: "ms",
            target: Target::AtMost(100.0),
            detail: format!("p50 {:.0} ms over 20 requests", ms(&times, 0.5)),
        },
        Figure {
            name: "insights page for a year, HTML",
            value: Some(size as f64 / 1024.0),
            unit: "KB",
            target: Target::AtMost(200.0),
            detail: "every chart and the graph, with the page's hydration data".to_owned(),
        },
    ]
}
