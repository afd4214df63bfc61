//! The register at the size of a big shop: 100,000 regulars and 5,000,000 visits.
//!
//! `./scripts/bench` builds the release and runs this. It fills a fresh database with
//! `joren demo`, starts the real `joren` binary on loopback over it, and measures what staff
//! and regulars feel, each figure against its target. Where a target is relative (check-in
//! latency, pages per second), its baseline is measured in the same run on the same machine:
//! shared machines drift, ratios hold. It prints a table, writes the figures as JSON, and
//! exits non-zero when a figure misses its target.
//!
//! Settings (environment): `JOREN_BIN` (the release binary, which carries the site),
//! `JOREN_BENCH_REGULARS`, `JOREN_BENCH_VISITS`, `JOREN_BENCH_PRESENT` (the data's
//! size), `JOREN_BENCH_JSON` (where to write the figures), `JOREN_CHROMIUM` (the browser
//! that `end2end/bench/first-tap.mjs` drives with Node for the first working tap,
//! `/usr/bin/chromium` unless set). `JOREN_BENCH_DURABILITY_ONLY=1`
//! measures only what `synchronous=FULL` costs against NORMAL (bare inserts and commits, no
//! server, no demo data) and prints that one line.
//!
//! For comparing one change before and after in a sitting: `JOREN_BENCH_DATABASE` names a
//! database `joren demo` filled earlier (with the owner PIN below), which the run copies
//! instead of filling one (the fill is then not measured), and `JOREN_BENCH_ONLY` names the
//! groups of figures to measure, separated by commas: `first_load`, `first_tap`, `search`,
//! `suggestions`, `pages`, `insights`, `check_ins`, `guessing`, `live`, `qr`, `two_servers`
//! (start-up and memory are always measured).
//!
//! On PostgreSQL: `JOREN_BENCH_POSTGRES_URL` names a server (e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`); the run makes a database of its own there,
//! fills it with `joren demo`, serves it, and drops it at the end. The bare insert it measures
//! check-ins against is then a PostgreSQL insert and commit on that same database, and a
//! second server is started over it for the two-server figures.

mod browser;
mod check_ins;
mod database;
mod figures;
mod pages;
mod reads;
mod server;
mod two_servers;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use joren::ShopSlug;
use joren::storage::{DatabaseUrl, Store, StoreOptions};

use crate::browser::*;
use crate::check_ins::*;
use crate::database::BenchDatabase;
use crate::figures::*;
use crate::pages::*;
use crate::reads::*;
use crate::server::*;
use crate::two_servers::two_servers;

/// The demo owner's PIN (`joren demo --owner-pin`).
pub(crate) const OWNER_PIN: &str = "123456";
pub(crate) const CHECK_IN_CLIENTS: usize = 16;
pub(crate) const CHECK_INS_PER_CLIENT: usize = 60;
pub(crate) const PAGE_CONNECTIONS: usize = 32;
pub(crate) const WRK_SECONDS: u32 = 10;

fn main() -> ExitCode {
    if let Ok(addr) = std::env::var("JOREN_BENCH_BARE_AXUM") {
        bare_axum(&addr);
        return ExitCode::SUCCESS;
    }
    // `cargo bench` passes `--bench`; this benchmark has no options of its own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    if std::env::var_os("JOREN_BENCH_DURABILITY_ONLY").is_some() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let total = CHECK_IN_CLIENTS * CHECK_INS_PER_CLIENT;
        let figure = runtime.block_on(async {
            let full = bare_inserts(dir.path(), total, Durability::Full).await;
            let normal = bare_inserts(dir.path(), total, Durability::Normal).await;
            durability_cost(total, &full, &normal)
        });
        println!(
            "| {} | {:.2} {} | {} |",
            figure.name,
            figure.value.unwrap_or(0.0),
            figure.unit,
            figure.detail
        );
        return ExitCode::SUCCESS;
    }
    let figures = runtime.block_on(run());
    report(&figures)
}

pub(crate) fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(default)
}

/// Whether `JOREN_BENCH_ONLY` (unset: everything) names this group of figures.
pub(crate) fn wanted(group: &str) -> bool {
    std::env::var("JOREN_BENCH_ONLY").map_or(true, |only| {
        only.split(',').any(|named| named.trim() == group)
    })
}

/// Cargo's target folder: `CARGO_TARGET_DIR`, else the workspace's own `target` (cargo runs
/// a bench from its package's folder, `server/`, so a relative `target` would be another one).
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("the server crate is in the workspace")
                .join("target")
        })
}

async fn run() -> Vec<Figure> {
    let joren = std::env::var_os("JOREN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("release/joren"));
    let regulars: u32 = setting("JOREN_BENCH_REGULARS", 100_000);
    let visits: u64 = setting("JOREN_BENCH_VISITS", 5_000_000);
    let present: u32 = setting("JOREN_BENCH_PRESENT", 300);
    assert!(joren.is_file(), "no joren binary at {}", joren.display());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("bench.db");
    let target = match std::env::var("JOREN_BENCH_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => BenchDatabase::new_postgres(&server).await,
        _ => BenchDatabase::Sqlite(database.clone()),
    };
    let database_url = target.url();
    eprintln!("on {}", target.engine());

    let demo_seconds = match std::env::var_os("JOREN_BENCH_DATABASE") {
        Some(filled) => {
            assert!(
                matches!(target, BenchDatabase::Sqlite(_)),
                "JOREN_BENCH_DATABASE is a SQLite file: with JOREN_BENCH_POSTGRES_URL the run fills its own"
            );
            eprintln!("copying {}…", Path::new(&filled).display());
            std::fs::copy(&filled, &database).expect("the filled database copies");
            // On disk before anything is measured: else the copy's gigabyte is written back
            // while the check-ins wait for their own syncs.
            std::fs::File::open(&database)
                .and_then(|copy| copy.sync_all())
                .expect("the copy is written out");
            None
        }
        None => {
            eprintln!("filling {regulars} regulars, {visits} visits, {present} in the shop now…");
            let started = Instant::now();
            let status = Command::new(&joren)
                .args(["--database-url", &database_url, "--log", "warn", "demo"])
                .args(["--regulars", &regulars.to_string()])
                .args(["--visits", &visits.to_string()])
                .args(["--present", &present.to_string()])
                .args(["--owner-pin", OWNER_PIN])
                .status()
                .expect("joren demo runs");
            assert!(status.success(), "joren demo failed");
            Some(started.elapsed().as_secs_f64())
        }
    };
    let database_bytes = target.bytes().await;

    let mut figures = Vec::new();
    let (mut server, addr, start_up) = start_server(&joren, &database_url);
    figures.push(Figure {
        name: "start-up to first served request",
        value: Some(start_up.as_secs_f64() * 1000.0),
        unit: "ms",
        target: Target::AtMost(1000.0),
        detail: format!(
            "on the {:.0} MB {} database ({})",
            database_bytes as f64 / 1e6,
            target.engine(),
            demo_seconds.map_or("copied, not filled".to_owned(), |seconds| format!(
                "{seconds:.0} s to fill"
            ))
        ),
    });
    let kiosk = Kiosk::new(addr);
    let mut peaks = PhasePeaks::new(server.id());
    peaks.end("start-up");
    if wanted("first_load") {
        figures.push(first_load(&kiosk).await);
        figures.push(largest_screen());
        peaks.end("first load");
    }

    let store = Store::open(
        &DatabaseUrl::parse(&database_url).expect("the bench database's URL"),
        &StoreOptions::default(),
    )
    .await
    .expect("the bench database opens");
    let shop = store
        .shop(&ShopSlug::default_shop())
        .await
        .expect("the shop")
        .expect("the demo shop");
    let here = in_the_shop_count(&store, &shop).await;
    if wanted("first_tap") {
        // The shop as it is, which a copied database (`JOREN_BENCH_DATABASE`) decides, not
        // the demo settings.
        let regulars: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regulars")
            .fetch_one(store.pool_for_tests())
            .await
            .expect("the regulars counted");
        figures.extend(first_tap(&kiosk, regulars, here).await);
        peaks.end("first tap");
    }

    // Server time of the two queries staff wait for, through the store as the server calls it.
    if wanted("search") {
        figures.push(search(&store, shop.id).await);
        peaks.end("search");
    }
    if wanted("suggestions") {
        figures.push(suggestions(&store, &shop, present).await);
        peaks.end("suggestions");
    }
    if wanted("pages") {
        figures.extend(pages(&kiosk, &store, &shop).await);
        peaks.end("pages");
    }
    if wanted("insights") {
        figures.extend(insights(&kiosk).await);
        peaks.end("insights");
    }
    if wanted("check_ins") {
        let baseline = match &target {
            BenchDatabase::Sqlite(_) => Baseline::Sqlite(dir.path()),
            BenchDatabase::Postgres { .. } => Baseline::Postgres(&database_url),
        };
        figures.extend(check_ins(&kiosk, &store, &shop, &baseline).await);
        peaks.end("check ins");
    }
    if wanted("guessing") {
        figures.push(check_ins_while_guessing(&kiosk, &store, &shop).await);
        peaks.end("guessing");
    }
    if wanted("live") {
        figures.push(live_updates(&kiosk, &store, &shop).await);
        peaks.end("live");
    }
    if wanted("qr") {
        figures.push(qr_render());
    }
    // A second server over the same database: PostgreSQL only (SQLite is one server's file).
    if matches!(target, BenchDatabase::Postgres { .. }) && wanted("two_servers") {
        figures.extend(two_servers(&joren, &database_url, &kiosk, &store, &shop).await);
    }
    peaks.end("the rest");
    store.close().await;

    let pid = server.id();
    let peak = peaks.highest();
    let mib = |field| proc_status_kib(pid, field).map_or(0.0, |kib| kib as f64 / 1024.0);
    let (anon, file) = (mib("RssAnon"), mib("RssFile"));
    stop(&mut server);
    target.drop_it().await;
    figures.push(Figure {
        name: "server memory, peak RSS",
        value: peak.map(|kib| kib as f64 / 1024.0),
        unit: "MB",
        target: Target::AtMost(100.0),
        detail: format!(
            "VmHWM of the joren process, the highest of its phases (MB: {}); at its end \
             {anon:.0} MB heap and stacks, {file:.0} MB mapped from files (the binary, the \
             database)",
            peaks.describe()
        ),
    });
    figures
}
