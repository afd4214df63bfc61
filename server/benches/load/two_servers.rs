//! Two `joren` servers behind one PostgreSQL database, as a grown installation runs them:
//! the tablets split between the two, each server's pages loaded at once.

use std::path::Path;
use std::sync::Arc;

use joren::storage::Store;

use crate::check_ins::*;
use crate::figures::*;
use crate::server::*;
use crate::{CHECK_IN_CLIENTS, CHECK_INS_PER_CLIENT, PAGE_CONNECTIONS};

/// Starts a second server over `database_url` beside `first`, and measures check-ins from 16
/// tablets split between the two, and the register page on both at once (`wrk` on each).
pub(crate) async fn two_servers(
    joren: &Path,
    database_url: &str,
    first: &Kiosk,
    store: &Store,
    shop: &joren::Shop,
) -> Vec<Figure> {
    let (mut second_server, second_addr, _) = start_server(joren, database_url);
    let second = Kiosk::new(second_addr);
    let kiosks = [Arc::new(Kiosk::new(first.addr)), Arc::new(second)];

    let ids = not_in_the_shop(store, shop).await;
    let total = CHECK_IN_CLIENTS * CHECK_INS_PER_CLIENT;
    assert!(ids.len() >= total, "enough regulars to check in");
    let step = ids.len() / total;
    let mut cookies = Vec::new();
    for client in 0..CHECK_IN_CLIENTS {
        cookies.push(kiosks[client % 2].sign_in().await);
    }
    let (times, seconds) = tablets_check_in(&kiosks, cookies, &ids, step).await;
    let mut figures = vec![Figure {
        name: "check-in through HTTP, 16 tablets over two servers on one database, p99",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::Informational,
        detail: format!(
            "p50 {:.1} ms, {:.0}/s; eight tablets at each server",
            ms(&times, 0.5),
            total as f64 / seconds
        ),
    }];

    let cookies = [kiosks[0].sign_in().await, kiosks[1].sign_in().await];
    let urls = [kiosks[0].url("/"), kiosks[1].url("/")];
    let rates: Vec<Option<f64>> = std::thread::scope(|scope| {
        let loads: Vec<_> = (0..2)
            .map(|n| {
                let (url, cookie) = (&urls[n], &cookies[n]);
                scope.spawn(move || wrk(url, Some(cookie)))
            })
            .collect();
        loads
            .into_iter()
            .map(|load| load.join().expect("wrk ran"))
            .collect()
    });
    let (a, b) = (rates[0].unwrap_or(0.0), rates[1].unwrap_or(0.0));
    figures.push(Figure {
        name: "\"in the shop now\" page on two servers at once, pages/s together",
        value: Some(a + b),
        unit: "pages/s",
        target: Target::Informational,
        detail: format!("{a:.0} + {b:.0}, each server under {PAGE_CONNECTIONS} connections"),
    });
    stop(&mut second_server);
    figures
}
