//! A check-in the screen confirmed survives `kill -9`: the real `joren` binary is killed with
//! SIGKILL while tablets are checking new regulars in, then started again over the same file.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Row;

use crate::processes::{Server, Tablet};

/// Check-ins in all, each a new regular with a nickname of its own.
const CHECK_INS: usize = 1_000;
/// Tablets at the register at once.
const TABLETS: usize = 8;
/// The server is killed once this many check-ins have been confirmed.
const KILL_AFTER: usize = 300;
const OWNER: &str = "みどり";
const OWNER_PIN: &str = "142857";
const STAFF: &str = "さくら";
const STAFF_PIN: &str = "2718";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_confirmed_check_in_survives_a_sigkill_and_none_is_doubled() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("joren.db");

    let mut server = Server::start(&format!("sqlite://{}", database.display())).await;
    let owner = Tablet::new(server.addr, 0);
    owner.first_start("珈琲 ゆるり", OWNER, OWNER_PIN).await;
    let (_, added) = owner
        .call(
            "add_staff",
            &[
                ("name", STAFF),
                ("pin", STAFF_PIN),
                ("pin_again", STAFF_PIN),
            ],
        )
        .await
        .unwrap();
    assert_eq!(added, Value::from("Saved"));

    // Eight tablets, each from an address of its own, half signed in as the owner and half
    // as さくら.
    let work = Arc::new(Work::default());
    let tablets = sign_in_tablets(server.addr).await;
    let running: Vec<_> = tablets
        .into_iter()
        .map(|tablet| tokio::spawn(check_in_until_it_fails(tablet, work.clone())))
        .collect();

    // Kill it once a few hundred are confirmed, while the others are still being answered.
    let deadline = Instant::now() + Duration::from_secs(60);
    while work.confirmed.lock().unwrap().len() < KILL_AFTER {
        assert!(
            Instant::now() < deadline,
            "{} check-ins confirmed in a minute; answers other than a confirmation: {:?}",
            work.confirmed.lock().unwrap().len(),
            work.refused.lock().unwrap(),
        );
        assert!(
            running.iter().any(|tablet| !tablet.is_finished()),
            "every tablet stopped before the kill: {:?}",
            work.refused.lock().unwrap(),
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // A few milliseconds more, different in every run, so the kill lands at another point
    // of a check-in each time (its statements, its commit, its answer).
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_micros()
        % 8_000;
    tokio::time::sleep(Duration::from_micros(u64::from(jitter))).await;
    let in_flight_at_kill = work.in_flight.load(Ordering::SeqCst);
    work.killed.store(true, Ordering::SeqCst);
    server.kill();
    let killed_at = started.elapsed();
    for tablet in running {
        tablet.await.unwrap();
    }
    let confirmed_before_kill = work.confirmed.lock().unwrap().len();
    let unanswered_before_kill = work.unanswered.lock().unwrap().clone();
    assert!(
        work.refused.lock().unwrap().is_empty(),
        "every answer was a confirmation: {:?}",
        work.refused.lock().unwrap()
    );
    assert!(confirmed_before_kill >= KILL_AFTER);
    assert!(
        confirmed_before_kill < CHECK_INS,
        "the kill came before all {CHECK_INS} check-ins were done"
    );
    assert!(
        in_flight_at_kill > 0 && !unanswered_before_kill.is_empty(),
        "check-ins were under way when the server was killed ({in_flight_at_kill} in flight)"
    );

    // The same file, a new process: it recovers, answers, and the confirmed visits are there.
    let mut server = Server::start(&format!("sqlite://{}", database.display())).await;
    let restarted_at = started.elapsed();
    let confirmed: Vec<Confirmed> = work.confirmed.lock().unwrap().clone();
    let tablet = Tablet::new(server.addr, 1);
    tablet.unlock(OWNER, OWNER_PIN).await;
    // The last ones confirmed before the kill are those most at risk: checking them in again
    // finds the visit the screen showed (they are still in the shop), and adds nothing.
    for done in confirmed.iter().rev().take(2 * TABLETS) {
        let (status, again) = tablet
            .call("check_in", &[("regular_id", &done.regular.to_string())])
            .await
            .unwrap();
        assert_eq!(status, 200, "{again}");
        assert_eq!(
            again["check_in"]["AlreadyHere"]["visit"].as_i64(),
            Some(done.visit),
            "check-in {} of regular {}: {again}",
            done.number,
            done.regular
        );
    }

    // The restarted server takes the rest of the 1,000 from the tablets.
    work.killed.store(false, Ordering::SeqCst);
    let tablets = sign_in_tablets(server.addr).await;
    let running: Vec<_> = tablets
        .into_iter()
        .map(|tablet| tokio::spawn(check_in_until_it_fails(tablet, work.clone())))
        .collect();
    for tablet in running {
        tablet.await.unwrap();
    }
    assert!(
        work.refused.lock().unwrap().is_empty(),
        "after the restart every answer was a confirmation: {:?}",
        work.refused.lock().unwrap()
    );
    assert_eq!(
        work.unanswered.lock().unwrap().len(),
        unanswered_before_kill.len(),
        "after the restart every check-in was answered"
    );
    server.stop();

    // The file itself, read after a clean stop.
    let confirmed: Vec<Confirmed> = work.confirmed.lock().unwrap().clone();
    let sent = work.next.load(Ordering::SeqCst).min(CHECK_INS);
    assert_eq!(sent, CHECK_INS, "all {CHECK_INS} check-ins were sent");
    assert_eq!(
        confirmed.len() + unanswered_before_kill.len(),
        CHECK_INS,
        "every check-in was confirmed but those cut off by the kill"
    );
    let found = check_the_file(&database, &confirmed, &unanswered_before_kill).await;
    eprintln!(
        "durability: {confirmed_before_kill} check-ins confirmed before SIGKILL at {:.1} s \
         ({in_flight_at_kill} in flight, {} unanswered of which {} had been committed); \
         restarted and serving at {:.1} s; {} confirmed in all; {} regulars and visits in \
         the file; {:.1} s",
        killed_at.as_secs_f64(),
        unanswered_before_kill.len(),
        found - confirmed.len(),
        restarted_at.as_secs_f64(),
        confirmed.len(),
        found,
        started.elapsed().as_secs_f64(),
    );
}

/// What the register showed for one check-in: the new regular and their visit.
#[derive(Debug, Clone)]
struct Confirmed {
    number: usize,
    regular: i64,
    visit: i64,
}

#[derive(Default)]
struct Work {
    /// The next check-in to send, 0..CHECK_INS.
    next: AtomicUsize,
    confirmed: Mutex<Vec<Confirmed>>,
    /// Sent, and no answer came: the server died first. They may or may not have committed.
    unanswered: Mutex<Vec<usize>>,
    /// Any answer other than a confirmation, with its status: a failure.
    refused: Mutex<Vec<(usize, u16, String)>>,
    in_flight: AtomicUsize,
    killed: AtomicBool,
}

fn nickname(number: usize) -> String {
    format!("常連 {number:04}")
}

/// One tablet checks new regulars in, one after another, until the work is done or the
/// server stops answering.
async fn check_in_until_it_fails(tablet: Tablet, work: Arc<Work>) {
    loop {
        let number = work.next.fetch_add(1, Ordering::SeqCst);
        if number >= CHECK_INS {
            return;
        }
        let name = nickname(number);
        work.in_flight.fetch_add(1, Ordering::SeqCst);
        let answer = tablet
            .call(
                "add_regular_and_check_in",
                &[("nickname", &name), ("reading", "")],
            )
            .await;
        work.in_flight.fetch_sub(1, Ordering::SeqCst);
        match answer {
            Ok((200, answer)) => {
                let done = &answer["CheckedIn"];
                let regular = done["regular"].as_i64();
                let visit = done["check_in"]["CheckedIn"]["visit"].as_i64();
                match (regular, visit) {
                    (Some(regular), Some(visit)) if done["nickname"] == name.as_str() => {
                        work.confirmed.lock().unwrap().push(Confirmed {
                            number,
                            regular,
                            visit,
                        });
                    }
                    _ => {
                        work.refused
                            .lock()
                            .unwrap()
                            .push((number, 200, answer.to_string()));
                        return;
                    }
                }
            }
            Ok((status, answer)) => {
                work.refused
                    .lock()
                    .unwrap()
                    .push((number, status, answer.to_string()));
                return;
            }
            Err(error) => {
                assert!(
                    work.killed.load(Ordering::SeqCst),
                    "check-in {number} failed while the server was up: {error}"
                );
                work.unanswered.lock().unwrap().push(number);
                return;
            }
        }
    }
}

/// Reads the database file as the restarted server left it, and returns how many regulars
/// (each with one visit) it holds.
async fn check_the_file(database: &Path, confirmed: &[Confirmed], unanswered: &[usize]) -> usize {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(database))
        .await
        .unwrap();

    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, ["ok"]);
    let broken_references = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        broken_references.is_empty(),
        "{} rows point at nothing",
        broken_references.len()
    );

    // Every regular in the file, with their one visit.
    let rows = sqlx::query(
        "SELECT r.id, r.nickname, r.visits, r.stamps, v.id AS visit,
                (SELECT COUNT(*) FROM visits w WHERE w.regular_id = r.id) AS visit_rows,
                (SELECT COUNT(*) FROM audit_log a
                  WHERE a.regular_id = r.id AND a.action = 'regular_created') AS created,
                (SELECT COUNT(*) FROM audit_log a
                  WHERE a.regular_id = r.id AND a.action = 'checked_in') AS checked_in
         FROM regulars r LEFT JOIN visits v ON v.regular_id = r.id
         ORDER BY r.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut by_nickname: HashMap<String, (i64, Option<i64>)> = HashMap::new();
    for row in &rows {
        let id: i64 = row.get("id");
        let name: String = row.get("nickname");
        let counts: [i64; 5] = [
            row.get("visits"),
            row.get("stamps"),
            row.get("visit_rows"),
            row.get("created"),
            row.get("checked_in"),
        ];
        assert_eq!(
            counts,
            [1, 1, 1, 1, 1],
            "regular {id} ({name}): visits, stamps, visit rows and audit entries (created, \
             checked in) are one each: no half-written and no doubled check-in"
        );
        let previous = by_nickname.insert(name.clone(), (id, row.get("visit")));
        assert!(previous.is_none(), "{name} is in the file twice");
    }
    let visits: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM visits")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(visits as usize, rows.len(), "as many visits as regulars");

    for done in confirmed {
        assert_eq!(
            by_nickname.get(&nickname(done.number)),
            Some(&(done.regular, Some(done.visit))),
            "confirmed check-in {} (regular {}, visit {}) is in the file",
            done.number,
            done.regular,
            done.visit
        );
    }
    // Anything else in the file is a check-in the kill cut off after its commit.
    let cut_off: HashSet<String> = unanswered.iter().map(|&n| nickname(n)).collect();
    let confirmed_names: HashSet<String> = confirmed.iter().map(|d| nickname(d.number)).collect();
    for name in by_nickname.keys() {
        assert!(
            confirmed_names.contains(name) || cut_off.contains(name),
            "{name} is in the file but was never sent"
        );
    }
    pool.close().await;
    rows.len()
}

async fn sign_in_tablets(addr: SocketAddr) -> Vec<Tablet> {
    let mut tablets = Vec::new();
    for number in 0..TABLETS {
        let tablet = Tablet::new(addr, 20 + number as u8);
        if number % 2 == 0 {
            tablet.unlock(OWNER, OWNER_PIN).await;
        } else {
            tablet.unlock(STAFF, STAFF_PIN).await;
        }
        tablets.push(tablet);
    }
    tablets
}
