//! Several shops in one installation, through the real `joren` binary: shops added with
//! `joren shop`, chosen by host name or by path (`/s/<slug>`), and kept apart: each test tries
//! to reach one shop's staff, regulars and files from another. Each runs on a SQLite file, and
//! on PostgreSQL when `JOREN_TEST_POSTGRES_URL` names a server.

use std::process::Output;

use joren::storage::testing::{PostgresDatabase, postgres_server};
use serde_json::Value;

use crate::helpers::joren_in;
use crate::processes::{Server, Tablet};

/// The database of one test: a SQLite file, or a PostgreSQL database of its own.
struct Database {
    url: String,
    _place: Place,
}

enum Place {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(#[allow(dead_code)] PostgresDatabase),
}

#[derive(Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Database {
    /// `None` for PostgreSQL when no server is named (the run says so).
    async fn new(engine: Engine) -> Option<Self> {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("joren.db").display());
                Some(Self {
                    url,
                    _place: Place::Sqlite(dir),
                })
            }
            Engine::Postgres => {
                let server = postgres_server("server tests")?;
                let database = PostgresDatabase::create(&server).await;
                Some(Self {
                    url: database.url.secret().to_owned(),
                    _place: Place::Postgres(database),
                })
            }
        }
    }

    /// `joren shop ARGS…` over this database, as the operator runs it.
    fn joren_shop(&self, args: &[&str]) -> Output {
        joren_in(&std::env::temp_dir())
            .env("JOREN_DATABASE_URL", &self.url)
            .env("JOREN_LOG", "warn")
            .arg("shop")
            .args(args)
            .output()
            .unwrap()
    }

    /// `joren shop ARGS…`, which must succeed; what it printed.
    fn shop_command(&self, args: &[&str]) -> String {
        let output = self.joren_shop(args);
        assert!(
            output.status.success(),
            "joren shop {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

async fn call(tablet: &Tablet, function: &str, form: &[(&str, &str)]) -> (u16, Value) {
    tablet.call(function, form).await.unwrap()
}

async fn kiosk(tablet: &Tablet) -> Value {
    let (status, kiosk) = call(tablet, "get_kiosk", &[]).await;
    assert_eq!(status, 200, "{kiosk}");
    kiosk
}

fn staff_names(kiosk: &Value) -> Vec<String> {
    kiosk["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| member["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn shops_by_host_name_keep_their_staff_and_regulars_apart_on_sqlite() {
    shops_by_host_name_keep_their_staff_and_regulars_apart(Engine::Sqlite).await;
}

#[tokio::test]
async fn shops_by_host_name_keep_their_staff_and_regulars_apart_on_postgres() {
    shops_by_host_name_keep_their_staff_and_regulars_apart(Engine::Postgres).await;
}

async fn shops_by_host_name_keep_their_staff_and_regulars_apart(engine: Engine) {
    let Some(db) = Database::new(engine).await else {
        return;
    };
    let server = Server::start(&db.url).await;
    let added = db.shop_command(&["add", "pan-ya", "--host", "Pan-Ya.test"]);
    assert!(added.contains("Added the shop 'pan-ya'"), "{added}");
    assert!(added.contains("pan-ya.test"), "{added}");

    // The main shop answers at its address; the bakery at its host name, at once (no
    // restart), waiting for its own owner.
    let cafe = Tablet::new(server.addr, 1);
    let bakery = Tablet::at_host(server.addr, 2, "pan-ya.test");
    cafe.first_start("珈琲 ゆるり", "みどり", "142857").await;
    cafe.unlock("みどり", "142857").await;
    let waiting = kiosk(&bakery).await;
    assert_eq!(waiting["needs_first_start"], true, "{waiting}");
    assert_eq!(staff_names(&waiting), Vec::<String>::new());
    bakery.first_start("パン屋 こむぎ", "けん", "271828").await;
    bakery.unlock("けん", "271828").await;
    assert_eq!(kiosk(&cafe).await["shop_name"], "珈琲 ゆるり");
    assert_eq!(kiosk(&bakery).await["shop_name"], "パン屋 こむぎ");
    assert_eq!(staff_names(&kiosk(&cafe).await), ["みどり"]);
    assert_eq!(staff_names(&kiosk(&bakery).await), ["けん"]);

    // One PIN does not open the other shop: みどり is no one at the bakery.
    let (_, cafe_kiosk) = call(&cafe, "get_kiosk", &[]).await;
    let midori = cafe_kiosk["staff"][0]["id"].as_i64().unwrap().to_string();
    let (status, refused) = call(
        &bakery,
        "unlock",
        &[("staff_id", &midori), ("pin", "142857")],
    )
    .await;
    assert_ne!(refused, Value::from("Unlocked"), "{status} {refused}");

    // A regular of the café, checked in there.
    let (status, added) = call(
        &cafe,
        "add_regular_and_check_in",
        &[("nickname", "ゆう"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let yu = added["CheckedIn"]["regular"].as_i64().unwrap().to_string();

    // The bakery cannot find, open, check in or download them, nor see them in the shop.
    let (_, found) = call(&bakery, "search_regulars", &[("query", "ゆう")]).await;
    assert_eq!(found["found"], Value::Array(vec![]), "{found}");
    let (status, card) = call(&bakery, "get_regular", &[("regular_id", &yu)]).await;
    assert_eq!((status, card), (200, Value::Null));
    let (status, check_in) = call(&bakery, "check_in", &[("regular_id", &yu)]).await;
    assert_eq!(status, 404, "{check_in}");
    let (_, register) = call(&bakery, "get_register", &[]).await;
    assert_eq!(register["present"], Value::Array(vec![]), "{register}");
    for file in [
        format!("/regulars/{yu}/data.json"),
        format!("/regulars/{yu}/card.svg?card=card&size=a6"),
    ] {
        let answer = bakery.client.get(bakery.url(&file)).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{file}");
    }
    let export = bakery
        .client
        .get(bakery.url("/export.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    let export = export.text().await.unwrap();
    assert!(export.contains("パン屋 こむぎ") && export.contains("pan-ya.test"));
    assert!(
        !export.contains("ゆう") && !export.contains("みどり") && !export.contains("珈琲"),
        "the bakery's export holds nothing of the café"
    );

    // A backup copies every shop of the database: the bakery's owner neither sets nor
    // makes one, and is told why; the main shop's owner does.
    let (_, backups) = call(&bakery, "get_backups", &[]).await;
    assert_eq!(
        backups, "ByTheInstallation",
        "and nothing of the installation's backups, their folder least of all"
    );
    let daily = [("enabled", "on"), ("hour", "4"), ("keep", "14")];
    let (status, refused) = call(&bakery, "save_backups", &daily).await;
    assert_eq!(status, 403, "{refused}");
    let (status, refused) = call(&bakery, "backup_now", &[]).await;
    assert_eq!(status, 403, "{refused}");
    let (_, backups) = call(&cafe, "get_backups", &[]).await;
    assert_ne!(backups, "ByTheInstallation");
    let (_, saved) = call(&cafe, "save_backups", &daily).await;
    assert_eq!(saved, Value::from("Saved"));

    // The café still has its regular, with one visit and one stamp.
    let (_, card) = call(&cafe, "get_regular", &[("regular_id", &yu)]).await;
    assert_eq!(card["visits"].as_array().unwrap().len(), 1, "{card}");

    // The café's session, sent to the bakery's host name, opens nothing there.
    let (port, cafe_origin) = (server.addr.port(), cafe.url(""));
    let crossed = cafe
        .client
        .post(cafe.url("/api/get_register"))
        .header("host", format!("pan-ya.test:{port}"))
        .header("origin", format!("http://pan-ya.test:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        crossed.status(),
        401,
        "signed in at {cafe_origin}, not at the bakery"
    );

    let listed = db.shop_command(&["list"]);
    assert!(
        listed.contains("main\t珈琲 ゆるり\tany other host name (the main shop), /s/main\tset up"),
        "{listed}"
    );
    assert!(
        listed.contains("pan-ya\tパン屋 こむぎ\tpan-ya.test, /s/pan-ya\tset up"),
        "{listed}"
    );
}

#[tokio::test]
async fn a_tablet_chooses_its_shop_by_path_on_sqlite() {
    a_tablet_chooses_its_shop_by_path(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_tablet_chooses_its_shop_by_path_on_postgres() {
    a_tablet_chooses_its_shop_by_path(Engine::Postgres).await;
}

async fn a_tablet_chooses_its_shop_by_path(engine: Engine) {
    let Some(db) = Database::new(engine).await else {
        return;
    };
    let server = Server::start(&db.url).await;
    db.shop_command(&["add", "pan-ya"]);
    let main = Tablet::new(server.addr, 1);
    let bakery = Tablet::new(server.addr, 2);

    // Opened from a page of another site, or by a browser that does not say where from: the
    // kiosk asks, and nothing is switched yet.
    for site in [Some("cross-site"), Some("same-site"), None] {
        let mut request = bakery
            .client
            .get(bakery.url("/s/pan-ya/register?from=sign"));
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        let asked = request.send().await.unwrap();
        assert_eq!(asked.status(), 200, "{site:?}");
        assert!(asked.headers().get("set-cookie").is_none(), "{site:?}");
        let policy = asked.headers()["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("form-action 'self'"), "{policy}");
        let page = asked.text().await.unwrap();
        assert!(
            page.contains(r#"method="post" action="/s/pan-ya/register?from=sign""#),
            "{page}"
        );
    }
    // The answer from another site's page is refused as any cross-site write is.
    let forged = bakery
        .client
        .post(bakery.url("/s/pan-ya/register?from=sign"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged.headers().get("set-cookie").is_none());

    // The answer from the question itself switches; so does a typed address.
    let confirmed = bakery
        .client
        .post(bakery.url("/s/pan-ya/register?from=sign"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 303);
    assert_eq!(confirmed.headers()["location"], "/register?from=sign");
    let chose = bakery
        .client
        .get(bakery.url("/s/pan-ya/register?from=sign"))
        .header("sec-fetch-site", "none")
        .send()
        .await
        .unwrap();
    assert_eq!(chose.status(), 303);
    assert_eq!(chose.headers()["location"], "/register?from=sign");
    let cookie = chose.headers()["set-cookie"].to_str().unwrap();
    for part in ["joren_shop=pan-ya", "Path=/", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{cookie}");
    }

    // Only the tablet that chose is at the bakery; the other one is at the main shop.
    bakery.first_start("パン屋 こむぎ", "けん", "271828").await;
    assert_eq!(kiosk(&bakery).await["shop_name"], "パン屋 こむぎ");
    let main_kiosk = kiosk(&main).await;
    assert_eq!(main_kiosk["needs_first_start"], true, "{main_kiosk}");
    assert_eq!(staff_names(&main_kiosk), Vec::<String>::new());
    // A page for the bakery is the bakery's.
    let page = bakery.client.get(bakery.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("パン屋 こむぎ"));

    // A shop that is not served here is "not found", and chooses nothing.
    let unknown = bakery
        .client
        .get(bakery.url("/s/no-such-shop"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(unknown.headers().get("set-cookie").is_none());
    assert_eq!(kiosk(&bakery).await["shop_name"], "パン屋 こむぎ");

    // The rest of the path stays on this site.
    let sneaky = main
        .client
        .get(main.url("/s/pan-ya//evil.example"))
        .header("sec-fetch-site", "none")
        .send()
        .await
        .unwrap();
    assert_eq!(sneaky.headers()["location"], "/evil.example");

    // At a shop's own host name, the host decides: another shop's path is not found there.
    db.shop_command(&["add-host", "pan-ya", "pan-ya.test"]);
    let at_host = Tablet::at_host(server.addr, 3, "pan-ya.test");
    let other = at_host
        .client
        .get(at_host.url("/s/main"))
        .header("sec-fetch-site", "none")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    assert_eq!(kiosk(&at_host).await["shop_name"], "パン屋 こむぎ");

    // A host name taken away leads to the main shop again.
    db.shop_command(&["remove-host", "pan-ya.test"]);
    assert_eq!(kiosk(&at_host).await["needs_first_start"], true);
}

#[tokio::test]
async fn the_shop_command_refuses_what_it_cannot_do_and_changes_nothing() {
    let Some(db) = Database::new(Engine::Sqlite).await else {
        return;
    };
    db.shop_command(&["add", "pan-ya", "--host", "pan-ya.test"]);
    let refused = |args: &[&str], says: &str| {
        let output = db.joren_shop(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    };
    refused(&["add", "pan-ya"], "a shop 'pan-ya' exists already");
    refused(
        &["add", "Pan Ya"],
        "'Pan Ya': the shop's short name must be",
    );
    refused(
        &["add", "hana", "--host", "https://hana.test"],
        "is not a host name",
    );
    refused(
        &["add", "hana", "--host", "pan-ya.test"],
        "pan-ya.test is the shop 'pan-ya''s already",
    );
    refused(
        &["add-host", "main", "pan-ya.test"],
        "is the shop 'pan-ya''s already",
    );
    refused(
        &["add-host", "hana", "hana.test"],
        "there is no shop 'hana'",
    );
    refused(
        &["remove-host", "hana.test"],
        "no shop is reached at hana.test",
    );
    let listed = db.shop_command(&["list"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(!listed.contains("hana"), "{listed}");
    assert!(
        listed.contains("pan-ya\tJoren\tpan-ya.test, /s/pan-ya\twaiting"),
        "{listed}"
    );
}
