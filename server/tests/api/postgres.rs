//! Several app servers in front of one PostgreSQL database, as a café chain or a hosted
//! service runs Joren: the real `joren` binary twice, and a database that goes away under
//! load. Skipped, and said so, when `JOREN_TEST_POSTGRES_URL` names no server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use joren::ShopSlug;
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::testing::{PostgresDatabase, postgres_server};
use joren::storage::{DatabaseUrl, PostgresUrl, Store, StoreOptions};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use crate::live::read_until;
use crate::processes::{Server, Tablet};

const OWNER: &str = "みどり";
const OWNER_PIN: &str = "142857";
/// Regulars checked in at both servers at once, one after another.
const PEOPLE: usize = 40;

/// A fresh database, or `None` when PostgreSQL is not to be tested.
async fn database() -> Option<PostgresDatabase> {
    let server = postgres_server("server tests")?;
    Some(PostgresDatabase::create(&server).await)
}

/// The shop set up through `tablet`'s server, its owner signed in there.
async fn set_up_shop(tablet: &Tablet) {
    tablet.first_start("珈琲 ゆるり", OWNER, OWNER_PIN).await;
    tablet.unlock(OWNER, OWNER_PIN).await;
}

/// Adds regulars without a visit, straight into the database, and returns their ids.
async fn add_regulars(url: &PostgresUrl, count: usize) -> Vec<i64> {
    let store = Store::open(
        &DatabaseUrl::Postgres(url.clone()),
        &StoreOptions::default(),
    )
    .await
    .unwrap();
    let shop = store
        .shop(&ShopSlug::default_shop())
        .await
        .unwrap()
        .unwrap();
    let owner = store.staff(shop.id).await.unwrap()[0].id;
    let mut ids = Vec::new();
    for n in 0..count {
        let profile = Profile::parse(&RegularDraft {
            nickname: format!("常連 {n:02}"),
            ..RegularDraft::default()
        })
        .unwrap();
        let id = store
            .add_regular(shop.id, &profile, &Consents::default(), owner)
            .await
            .unwrap();
        ids.push(id.0);
    }
    store.close().await;
    ids
}

/// Two `joren` processes over one fresh database, the shop set up through the first and its
/// owner signed in at both.
struct TwoServers {
    database: PostgresDatabase,
    url: String,
    _first: Server,
    _second: Server,
    at_first: Tablet,
    at_second: Tablet,
}

impl TwoServers {
    /// `None` when PostgreSQL is not to be tested.
    async fn start() -> Option<Self> {
        let database = database().await?;
        let url = database.url.secret().to_owned();
        let first = Server::start(&url).await;
        let second = Server::start(&url).await;
        let at_first = Tablet::new(first.addr, 1);
        let at_second = Tablet::new(second.addr, 2);
        set_up_shop(&at_first).await;
        // The second server knows the owner the first one set up: one database.
        at_second.unlock(OWNER, OWNER_PIN).await;
        Some(Self {
            database,
            url,
            _first: first,
            _second: second,
            at_first,
            at_second,
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_regular_checked_in_at_two_servers_at_once_gets_exactly_one_stamp() {
    // The servers run until the end of the test, when `servers` is dropped.
    let Some(servers) = TwoServers::start().await else {
        return;
    };
    let TwoServers {
        database,
        url,
        at_first,
        at_second,
        ..
    } = &servers;

    let mut both_answered = 0;
    for regular in add_regulars(&database.url, PEOPLE).await {
        let regular = regular.to_string();
        let form = [("regular_id", regular.as_str())];
        let (a, b) = tokio::join!(
            at_first.call("check_in", &form),
            at_second.call("check_in", &form)
        );
        let ((status_a, a), (status_b, b)) = (a.unwrap(), b.unwrap());
        assert_eq!((status_a, status_b), (200, 200), "{a} {b}");
        let checked_in = [&a, &b]
            .iter()
            .filter(|answer| answer["check_in"]["CheckedIn"].is_object())
            .count();
        let already_here = [&a, &b]
            .iter()
            .filter(|answer| answer["check_in"]["AlreadyHere"].is_object())
            .count();
        assert_eq!(
            (checked_in, already_here),
            (1, 1),
            "one server checks them in, the other finds them here: {a} {b}"
        );
        both_answered += 1;
    }

    // The database itself: one visit and one stamp for each of them.
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let counts: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.stamps, r.visits, (SELECT count(*) FROM visits v WHERE v.regular_id = r.id)
           FROM regulars r ORDER BY r.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert_eq!(counts.len(), PEOPLE);
    assert!(
        counts.iter().all(|&counts| counts == (1, 1, 1)),
        "every regular has one stamp, one visit counted, one visit row: {counts:?}"
    );
    eprintln!("two servers: {both_answered} regulars checked in at both at once, one stamp each");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_at_one_server_reaches_a_tablet_listening_at_the_other() {
    let Some(servers) = TwoServers::start().await else {
        return;
    };
    let TwoServers {
        at_first,
        at_second,
        ..
    } = &servers;
    let mut events = at_second
        .client
        .get(at_second.url("/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    read_until(&mut events, ": live").await;

    // Checked in through the first server, heard at the second one's tablet.
    let (status, added) = at_first
        .call(
            "add_regular_and_check_in",
            &[("nickname", "ゆう"), ("reading", "ゆう")],
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{added}");
    let sent = read_until(&mut events, "event: in-the-shop\ndata: changed\n\n").await;
    assert!(!sent.contains("ゆう"), "events name nobody: {sent:?}");
    let (_, register) = at_second.call("get_register", &[]).await.unwrap();
    assert_eq!(register["present"][0]["nickname"], "ゆう");
}

/// A TCP relay between the servers and PostgreSQL that can be cut, as a restart of the
/// database cuts every connection and refuses new ones until it is back.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (accepting, relaying) = (up.clone(), links.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !accepting.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                relaying.lock().await.push(tokio::spawn(async move {
                    if let Ok(mut database) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut database).await;
                    }
                }));
            }
        });
        Self { port, up, links }
    }

    /// Every connection dropped at once, and new ones refused.
    async fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().await.drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_ride_out_a_database_that_goes_away_under_load_and_serve_again_by_themselves() {
    let Some(database) = database().await else {
        return;
    };
    let direct = database.url.clone();
    let host_port = {
        let parsed = url::Url::parse(direct.secret()).unwrap();
        format!(
            "{}:{}",
            parsed.host_str().unwrap(),
            parsed.port().unwrap_or(5432)
        )
    };
    let relay = Relay::start(host_port.clone()).await;
    let through_relay = {
        let mut parsed = url::Url::parse(direct.secret()).unwrap();
        parsed.set_host(Some("127.0.0.1")).unwrap();
        parsed.set_port(Some(relay.port)).unwrap();
        parsed.to_string()
    };
    let settings = [("JOREN_DATABASE_ACQUIRE_TIMEOUT", "2")];
    let first = Server::start_with(&through_relay, &settings).await;
    let second = Server::start_with(&through_relay, &settings).await;
    let at_first = Tablet::new(first.addr, 1);
    set_up_shop(&at_first).await;
    let at_second = Tablet::new(second.addr, 2);
    at_second.unlock(OWNER, OWNER_PIN).await;

    // Load: both tablets add and check in new regulars without pause, and count what
    // they were told.
    let stop = Arc::new(AtomicBool::new(false));
    let confirmed = Arc::new(AtomicUsize::new(0));
    let unavailable = Arc::new(AtomicUsize::new(0));
    let other = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut load = Vec::new();
    for (number, tablet) in [at_first, at_second].into_iter().enumerate() {
        let (stop, confirmed, unavailable, other) = (
            stop.clone(),
            confirmed.clone(),
            unavailable.clone(),
            other.clone(),
        );
        load.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let name = format!("常連 {number}-{n:04}");
                match tablet
                    .call(
                        "add_regular_and_check_in",
                        &[("nickname", &name), ("reading", "")],
                    )
                    .await
                {
                    Ok((200, _)) => {
                        confirmed.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok((503, answer)) => {
                        assert_eq!(
                            answer, "unavailable",
                            "a 503 says the database does not answer: {answer}"
                        );
                        unavailable.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Ok((status, answer)) => other.lock().await.push(format!("{status} {answer}")),
                    Err(error) => other.lock().await.push(error.to_string()),
                }
            }
            tablet
        }));
    }
    let wait_for = |count: Arc<AtomicUsize>, at_least: usize, what: &'static str| async move {
        let deadline = Instant::now() + Duration::from_secs(30);
        while count.load(Ordering::SeqCst) < at_least {
            assert!(Instant::now() < deadline, "waited 30 s for {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    wait_for(confirmed.clone(), 20, "check-ins before the cut").await;

    relay.cut().await;
    let cut_at = Instant::now();
    wait_for(unavailable.clone(), 2, "answers that the database is away").await;
    // A page asked for meanwhile says so, in words, with 503.
    let page = reqwest::Client::new()
        .get(format!("http://{}/", first.addr))
        .header("accept", "text/html")
        .header("accept-language", "ja")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    let html = page.text().await.unwrap();
    assert!(html.contains("データベースにつながりません"), "{html}");
    assert!(html.contains("http-equiv=\"refresh\""), "{html}");
    let health = reqwest::get(format!("http://{}/healthz", second.addr))
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
    tokio::time::sleep(Duration::from_secs(2).saturating_sub(cut_at.elapsed())).await;

    relay.restore();
    let restored_at = Instant::now();
    let before = confirmed.load(Ordering::SeqCst);
    wait_for(
        confirmed.clone(),
        before + 20,
        "check-ins after the database came back",
    )
    .await;
    let recovered_in = restored_at.elapsed();
    stop.store(true, Ordering::SeqCst);
    for tablet in load {
        tablet.await.unwrap();
    }
    for server in [&first, &second] {
        let health = reqwest::get(format!("http://{}/healthz", server.addr))
            .await
            .unwrap();
        assert_eq!(
            health.status(),
            200,
            "both servers answer again, unrestarted"
        );
    }
    let other = other.lock().await;
    assert!(
        other.is_empty(),
        "every answer was a check-in or a plain 503: {other:?}"
    );
    eprintln!(
        "database cut for {:.1} s under load: {} check-ins answered 503, {} confirmed in all; \
         serving again {:.2} s after it came back",
        restored_at.duration_since(cut_at).as_secs_f64(),
        unavailable.load(Ordering::SeqCst),
        confirmed.load(Ordering::SeqCst),
        recovered_in.as_secs_f64()
    );
}
