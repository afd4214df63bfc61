//! Check-ins through HTTP against bare inserts, check-ins while PINs are guessed, a check-in
//! seen at a second tablet, and what `synchronous=FULL` costs.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use joren::storage::{Store, now_millis};

use crate::figures::*;
use crate::server::*;
use crate::{CHECK_IN_CLIENTS, CHECK_INS_PER_CLIENT};

/// Where the bare inserts that check-ins are measured against are made.
pub(crate) enum Baseline<'a> {
    /// In a SQLite file of their own in this folder, with the server's settings.
    Sqlite(&'a Path),
    /// In a table of their own in the PostgreSQL database the server uses (this URL).
    Postgres(&'a str),
}

/// Check-ins through the server function from 16 tablets at once, against the same number of
/// bare inserts and commits with the same durability settings.
pub(crate) async fn check_ins(
    kiosk: &Kiosk,
    store: &Store,
    shop: &joren::Shop,
    baseline: &Baseline<'_>,
) -> Vec<Figure> {
    // People who are not in the shop, so that every check-in adds a visit.
    let ids = not_in_the_shop(store, shop).await;
    let total = CHECK_IN_CLIENTS * CHECK_INS_PER_CLIENT;
    assert!(ids.len() >= total, "enough regulars to check in");
    let step = ids.len() / total;

    let (full, normal, settings) = match baseline {
        Baseline::Sqlite(dir) => (
            bare_inserts(dir, total, Durability::Full).await,
            Some(bare_inserts(dir, total, Durability::Normal).await),
            "WAL, synchronous=FULL",
        ),
        Baseline::Postgres(url) => (
            bare_inserts_postgres(url, total).await,
            None,
            "PostgreSQL, synchronous_commit=on",
        ),
    };
    let baseline = &full.0;
    let mut cookies = Vec::new();
    for _ in 0..CHECK_IN_CLIENTS {
        cookies.push(kiosk.sign_in().await);
    }
    let kiosks = [Arc::new(Kiosk::new(kiosk.addr))];
    let (times, seconds) = tablets_check_in(&kiosks, cookies, &ids, step).await;
    let p99 = ms(&times, 0.99);
    let bare_p99 = ms(baseline, 0.99);
    let mut figures = vec![Figure {
        name: "check-in through HTTP, 16 tablets, p99 vs a bare insert and commit",
        value: Some(p99 / bare_p99),
        unit: "×",
        target: Target::AtMost(1.5),
        detail: format!(
            "check-in p50 {:.1} ms, p99 {p99:.1} ms, {:.0}/s; bare insert+commit p50 {:.1} ms, \
                 p99 {bare_p99:.1} ms ({settings}, {CHECK_IN_CLIENTS} at once)",
            ms(&times, 0.5),
            total as f64 / seconds,
            ms(baseline, 0.5),
        ),
    }];
    if let Some(normal) = normal {
        figures.push(durability_cost(total, &full, &normal));
    }
    figures
}

/// `total` inserts, each committed on its own, from 16 tasks over a pool of 8 connections,
/// into a table of their own in the PostgreSQL database at `url` (made and dropped here),
/// with PostgreSQL's default durability (a commit waits for its WAL record on disk). Returns
/// each commit's time and the run's.
pub(crate) async fn bare_inserts_postgres(url: &str, total: usize) -> (Histogram<u64>, f64) {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .connect(url)
        .await
        .expect("the bench database");
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_bare_visits \
         (id BIGSERIAL PRIMARY KEY, regular_id BIGINT NOT NULL, at BIGINT NOT NULL)",
    )
    .execute(&pool)
    .await
    .expect("a table");
    let writes = pool.clone();
    let (times, seconds) = from_16_writers(total, move |regular_id| {
        let pool = writes.clone();
        async move {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query("INSERT INTO bench_bare_visits (regular_id, at) VALUES ($1, $2)")
                .bind(regular_id)
                .bind(now_millis())
                .execute(&mut *tx)
                .await
                .expect("insert");
            tx.commit().await.expect("commit");
        }
    })
    .await;
    sqlx::query("DROP TABLE bench_bare_visits")
        .execute(&pool)
        .await
        .ok();
    pool.close().await;
    (times, seconds)
}

/// Unlock attempts sent at once while the register checks people in.
pub(crate) const GUESSERS: usize = 40;
/// Check-ins one tablet makes, one after another, with and without the guessing.
pub(crate) const REGISTER_CHECK_INS: usize = 60;

/// A check-in at the register while 40 unlock attempts run against the same server, each
/// PIN hashed with argon2 (tens of milliseconds of a core by design): its p99 against the
/// same check-ins without them. The guesses are for nobody, from ever new addresses, so the
/// lockouts do not stop them and every one is hashed.
pub(crate) async fn check_ins_while_guessing(
    kiosk: &Kiosk,
    store: &Store,
    shop: &joren::Shop,
) -> Figure {
    let ids = not_in_the_shop(store, shop).await;
    assert!(
        ids.len() >= 2 * REGISTER_CHECK_INS,
        "enough regulars to check in"
    );
    let (quiet_ids, busy_ids) = ids[..2 * REGISTER_CHECK_INS].split_at(REGISTER_CHECK_INS);
    let cookie = kiosk.sign_in().await;
    let quiet = check_ins_one_by_one(kiosk, &cookie, quiet_ids).await;

    let stop = tokio_util::sync::CancellationToken::new();
    let hashed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let guessers: Vec<_> = (0..GUESSERS)
        .map(|n| {
            let (stop, hashed, url) = (stop.clone(), hashed.clone(), kiosk.url("/api/unlock"));
            let origin = format!("http://{}", kiosk.addr);
            tokio::spawn(async move {
                // Nine guesses an address (the tenth would make it wait), then the next one.
                let mut address = n;
                while !stop.is_cancelled() {
                    let octets = [
                        127,
                        1 + (address / 250 % 250) as u8,
                        (address % 250) as u8,
                        2,
                    ];
                    let client = reqwest::Client::builder()
                        .local_address(std::net::IpAddr::from(octets))
                        .build()
                        .expect("an HTTP client");
                    for _ in 0..9 {
                        if stop.is_cancelled() {
                            break;
                        }
                        let answer = client
                            .post(&url)
                            .header("origin", &origin)
                            .form(&[("staff_id", "999999"), ("pin", "1111")])
                            .send()
                            .await
                            .expect("unlock answers")
                            .text()
                            .await
                            .unwrap_or_default();
                        assert_eq!(answer, "\"WrongPin\"", "a guess is checked, not refused");
                        hashed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    address += GUESSERS;
                }
            })
        })
        .collect();
    // Let the guessing reach its pace first.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let before = hashed.load(std::sync::atomic::Ordering::Relaxed);
    let busy = check_ins_one_by_one(kiosk, &cookie, busy_ids).await;
    let seconds = started.elapsed().as_secs_f64();
    let during = hashed.load(std::sync::atomic::Ordering::Relaxed) - before;
    stop.cancel();
    for guesser in guessers {
        guesser.await.expect("a guesser");
    }
    let (quiet_p99, busy_p99) = (ms(&quiet, 0.99), ms(&busy, 0.99));
    Figure {
        name: "check-in while 40 unlocks run, p99 vs without them",
        value: Some(busy_p99 / quiet_p99),
        unit: "×",
        target: Target::AtMost(2.0),
        detail: format!(
            "check-in p50 {:.1} ms, p99 {busy_p99:.1} ms with {GUESSERS} unlock attempts at \
             once ({during} PINs hashed, {:.0}/s); without them p50 {:.1} ms, p99 \
             {quiet_p99:.1} ms",
            ms(&busy, 0.5),
            during as f64 / seconds,
            ms(&quiet, 0.5),
        ),
    }
}

/// Checks `ids` in one after another at one tablet; how long each took.
/// The [`CHECK_IN_CLIENTS`] tablets (`cookies`, one each) check people in at once, tablet
/// `n` at `kiosks[n % kiosks.len()]`, each [`CHECK_INS_PER_CLIENT`] of `ids` (every
/// `step`-th, none twice) one after another: every check-in's time, and the seconds for all.
pub(crate) async fn tablets_check_in(
    kiosks: &[Arc<Kiosk>],
    cookies: Vec<String>,
    ids: &[i64],
    step: usize,
) -> (Histogram<u64>, f64) {
    let started = Instant::now();
    let mut tablets = Vec::new();
    for (client, cookie) in cookies.into_iter().enumerate() {
        let kiosk = kiosks[client % kiosks.len()].clone();
        let mine: Vec<i64> = (0..CHECK_INS_PER_CLIENT)
            .map(|n| ids[(n * CHECK_IN_CLIENTS + client) * step])
            .collect();
        tablets.push(tokio::spawn(async move {
            check_ins_one_by_one(&kiosk, &cookie, &mine).await
        }));
    }
    let mut times = histogram();
    for tablet in tablets {
        times.add(tablet.await.expect("a tablet")).ok();
    }
    (times, started.elapsed().as_secs_f64())
}

pub(crate) async fn check_ins_one_by_one(
    kiosk: &Kiosk,
    cookie: &str,
    ids: &[i64],
) -> Histogram<u64> {
    let mut times = histogram();
    for id in ids {
        let started = Instant::now();
        let (status, answer) = kiosk
            .call(cookie, "check_in", &[("regular_id", &id.to_string())])
            .await;
        times.record(started.elapsed().as_micros() as u64).ok();
        assert_eq!(status, 200, "{answer}");
        assert!(answer.contains("CheckedIn"), "{answer}");
    }
    times
}

/// The ids of the regulars who are not in the shop now, oldest first.
pub(crate) async fn not_in_the_shop(store: &Store, shop: &joren::Shop) -> Vec<i64> {
    let here: std::collections::HashSet<i64> = store
        .in_the_shop(shop.id, &shop.stamp_rules, now_millis())
        .await
        .expect("who is here")
        .into_iter()
        .map(|present| present.regular.id.0)
        .collect();
    let pool = store.pool_for_tests();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM regulars ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("regulars");
    ids.into_iter().filter(|id| !here.contains(id)).collect()
}

pub(crate) const LIVE_CHECK_INS: usize = 50;

/// How soon a second tablet shows a check-in made at the first: from the first tablet's
/// check-in request to the second holding the new "in the shop now" (the live event, then
/// the list read again, as the page does).
pub(crate) async fn live_updates(kiosk: &Kiosk, store: &Store, shop: &joren::Shop) -> Figure {
    // The newest regulars, who were not among the check-ins measured before.
    let ids: Vec<i64> = not_in_the_shop(store, shop)
        .await
        .into_iter()
        .rev()
        .take(LIVE_CHECK_INS)
        .collect();
    assert_eq!(ids.len(), LIVE_CHECK_INS, "enough regulars to check in");
    let (first, second) = (kiosk.sign_in().await, kiosk.sign_in().await);
    let mut events = kiosk
        .client
        .get(kiosk.url("/events"))
        .header("cookie", &second)
        .send()
        .await
        .expect("the event stream");
    assert_eq!(events.status(), 200);
    let mut sent = String::new();
    let mut times = histogram();
    let mut event_times = histogram();
    for id in ids {
        let started = Instant::now();
        let (status, answer) = kiosk
            .call(&first, "check_in", &[("regular_id", &id.to_string())])
            .await;
        assert_eq!(status, 200, "{answer}");
        while !sent.contains("event: in-the-shop") {
            let chunk = tokio::time::timeout(Duration::from_secs(10), events.chunk())
                .await
                .expect("an event within 10 s")
                .expect("the stream reads")
                .expect("the stream stays open");
            sent.push_str(&String::from_utf8_lossy(&chunk));
        }
        event_times
            .record(started.elapsed().as_micros() as u64)
            .ok();
        sent.clear();
        let (status, register) = kiosk.call(&second, "get_register", &[]).await;
        assert_eq!(status, 200, "{register}");
        assert!(
            register.contains(&format!("\"regular\":{id},")),
            "the second tablet's list holds the check-in"
        );
        times.record(started.elapsed().as_micros() as u64).ok();
    }
    Figure {
        name: "a check-in seen at a second tablet, p99",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(1000.0),
        detail: format!(
            "p50 {:.0} ms over {LIVE_CHECK_INS} check-ins: the event arrives (p50 {:.1} ms, p99 \
             {:.1} ms after the check-in was sent), then the list of everyone in the shop is \
             read again",
            ms(&times, 0.5),
            ms(&event_times, 0.5),
            ms(&event_times, 0.99),
        ),
    }
}

/// What `synchronous=FULL` costs against NORMAL: the same bare inserts and commits with each.
/// Commits are queued one at a time, so a run's length over its commits is what one costs.
pub(crate) fn durability_cost(
    total: usize,
    (full, full_seconds): &(Histogram<u64>, f64),
    (normal, normal_seconds): &(Histogram<u64>, f64),
) -> Figure {
    let full_commit = full_seconds * 1000.0 / total as f64;
    let normal_commit = normal_seconds * 1000.0 / total as f64;
    Figure {
        name: "what synchronous=FULL costs: a bare insert+commit, FULL vs NORMAL",
        value: Some(full_commit / normal_commit),
        unit: "×",
        target: Target::Informational,
        detail: format!(
            "FULL {full_commit:.2} ms a commit ({:.0}/s, p99 {:.1} ms), NORMAL \
             {normal_commit:.2} ms a commit ({:.0}/s, p99 {:.1} ms); WAL, {total} commits from \
             {CHECK_IN_CLIENTS} writers queued one at a time",
            total as f64 / full_seconds,
            ms(full, 0.99),
            total as f64 / normal_seconds,
            ms(normal, 0.99),
        ),
    }
}

/// The two durability settings the bare insert is measured with, in WAL mode.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Durability {
    /// The server's: every commit is on the disk (fsync of the WAL) before it is confirmed.
    Full,
    /// The WAL is synced at checkpoints only: a power cut may lose the last commits.
    Normal,
}

/// `total` inserts, each committed on its own, from 16 tasks over a pool of 8 connections
/// in WAL mode with `durability` (the server's is FULL), in a database file of their own.
/// The writers queue for their turn in the process as the store's do, so this is the floor
/// the disk allows, not SQLite's busy-wait sleeps. Returns each commit's time and the run's.
pub(crate) async fn bare_inserts(
    dir: &Path,
    total: usize,
    durability: Durability,
) -> (Histogram<u64>, f64) {
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };
    let (file, synchronous) = match durability {
        Durability::Full => ("baseline.db", SqliteSynchronous::Full),
        Durability::Normal => ("baseline-normal.db", SqliteSynchronous::Normal),
    };
    let options = SqliteConnectOptions::new()
        .filename(dir.join(file))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("the baseline database");
    sqlx::query("CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, regular_id INTEGER NOT NULL, at INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .expect("a table");
    let turn = Arc::new(tokio::sync::Mutex::new(()));
    let writes = pool.clone();
    let (times, seconds) = from_16_writers(total, move |regular_id| {
        let (pool, turn) = (writes.clone(), turn.clone());
        async move {
            let _turn = turn.lock().await;
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
            sqlx::query("INSERT INTO visits (regular_id, at) VALUES ($1, $2)")
                .bind(regular_id)
                .bind(now_millis())
                .execute(&mut *tx)
                .await
                .expect("insert");
            tx.commit().await.expect("commit");
        }
    })
    .await;
    pool.close().await;
    (times, seconds)
}

/// `total` writes from 16 tasks at once, each task making its share one after another:
/// `write` is given a regular's id to write and completes once its write is committed.
/// Returns each write's time and the run's.
async fn from_16_writers<W, F>(total: usize, write: W) -> (Histogram<u64>, f64)
where
    W: Fn(i64) -> F + Clone + Send + 'static,
    F: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CHECK_IN_CLIENTS {
        let write = write.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = histogram();
            for n in 0..total / CHECK_IN_CLIENTS {
                let started = Instant::now();
                write((client * 1000 + n) as i64).await;
                times.record(started.elapsed().as_micros() as u64).ok();
            }
            times
        }));
    }
    let mut times = histogram();
    for task in tasks {
        times.add(task.await.expect("a task")).ok();
    }
    (times, started.elapsed().as_secs_f64())
}
