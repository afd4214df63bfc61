//! Data care over HTTP: a regular's own data (page and JSON), erasure, the backup settings
//! and "back up now"; and `joren backup` / `joren restore` as an owner runs them.

use std::process::Command;

use serde_json::Value;

use crate::helpers::{TestApp, call, sakura_unlocks, set_up, spawn_app, spawn_client};

async fn add_yu(app: &TestApp) -> String {
    let (status, added) = call(
        app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "ゆう")],
    )
    .await;
    assert_eq!(status, 200, "{added}");
    added["CheckedIn"]["regular"].as_i64().unwrap().to_string()
}

#[tokio::test]
async fn the_owner_shows_a_regular_their_data_and_erases_it_on_request() {
    let app = spawn_app().await;
    set_up(&app).await;
    let yu = add_yu(&app).await;

    let (status, page) = call(
        &app,
        "get_personal_data",
        &[("regular_id", &yu), ("lang", "en")],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["nickname"], "ゆー。");
    let titles: Vec<&str> = page["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Visits"), "{titles:?}");

    let json = app
        .client
        .get(app.url(&format!("/regulars/{yu}/data.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    assert_eq!(
        json.headers()["content-disposition"],
        format!("attachment; filename=\"joren-regular-{yu}.json\"").as_str()
    );
    assert_eq!(json.headers()["cache-control"], "no-store");
    let data: Value = json.json().await.unwrap();
    assert_eq!(data["regular"]["profile"]["nickname"], "ゆー。");
    assert_eq!(data["visits"].as_array().unwrap().len(), 1);
    assert_eq!(data["shop"], "珈琲 ゆるり");

    // Locked: nothing. Another tablet, not signed in, gets a 401.
    let stranger = spawn_client()
        .get(app.url(&format!("/regulars/{yu}/data.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 401);

    let (status, erased) = call(&app, "erase_regular", &[("regular_id", &yu)]).await;
    assert_eq!((status, erased), (200, Value::Bool(true)));
    let (_, card) = call(&app, "get_regular", &[("regular_id", &yu)]).await;
    assert_eq!(card, Value::Null, "their card is gone");
    let (_, found) = call(&app, "search_regulars", &[("query", "ゆう")]).await;
    assert!(found["found"].as_array().unwrap().is_empty(), "{found}");
    let gone = app
        .client
        .get(app.url(&format!("/regulars/{yu}/data.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    let (_, again) = call(&app, "erase_regular", &[("regular_id", &yu)]).await;
    assert_eq!(again, Value::Bool(false));
    let (_, log) = call(&app, "get_audit_log", &[]).await;
    let erased_lines: Vec<&Value> = log["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|line| line["action"] == "erased")
        .collect();
    assert_eq!(erased_lines.len(), 1, "{log}");
    assert_eq!(erased_lines[0]["by"], "みどり");
    assert!(
        !log.to_string().contains("ゆー。"),
        "the log keeps no name: {log}"
    );
}

#[tokio::test]
async fn staff_may_neither_see_a_regulars_data_file_nor_erase() {
    let app = spawn_app().await;
    set_up(&app).await;
    let yu = add_yu(&app).await;
    sakura_unlocks(&app).await;
    let file = app
        .client
        .get(app.url(&format!("/regulars/{yu}/data.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 403);
    let (status, _) = call(&app, "erase_regular", &[("regular_id", &yu)]).await;
    assert_eq!(status, 403);
    let (_, card) = call(&app, "get_regular", &[("regular_id", &yu)]).await;
    assert_eq!(card["regular"]["nickname"], "ゆー。");
    assert_eq!(card["viewer_is_owner"], false);
}

#[tokio::test]
async fn the_owner_sets_the_daily_backup_and_backs_up_now() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, settings) = call(&app, "get_backups", &[]).await;
    let settings = &settings["ByJoren"];
    assert_eq!(settings["schedule"]["enabled"], false);
    let folder = std::path::PathBuf::from(settings["folder"].as_str().unwrap());

    let (_, refused) = call(&app, "save_backups", &[("hour", "25"), ("keep", "7")]).await;
    assert_eq!(refused["Invalid"], "Hour", "{refused}");
    let (_, unchanged) = call(&app, "get_backups", &[]).await;
    assert_eq!(
        unchanged["ByJoren"]["schedule"], settings["schedule"],
        "nothing saved"
    );

    let (_, saved) = call(
        &app,
        "save_backups",
        &[("enabled", "yes"), ("hour", "3"), ("keep", "5")],
    )
    .await;
    assert_eq!(saved, Value::from("Saved"));
    let (_, settings) = call(&app, "get_backups", &[]).await;
    assert_eq!(
        settings["ByJoren"]["schedule"],
        serde_json::json!({"enabled": true, "hour": 3, "keep": 5})
    );

    let (status, file) = call(&app, "backup_now", &[]).await;
    assert_eq!(status, 200, "{file}");
    let file = file.as_str().unwrap();
    assert!(
        file.starts_with("joren-") && file.ends_with(".db"),
        "{file}"
    );
    assert!(folder.join(file).is_file());
    let (_, settings) = call(&app, "get_backups", &[]).await;
    assert_eq!(settings["ByJoren"]["last_file"], file);
}

fn joren(dir: &std::path::Path) -> Command {
    crate::helpers::joren_in(dir)
}

fn run(command: &mut Command) -> (bool, String, String) {
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn joren_backup_and_restore_as_an_owner_runs_them() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = run(joren(dir.path()).args([
        "demo",
        "--regulars",
        "30",
        "--visits",
        "200",
        "--present",
        "2",
    ]));
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = run(joren(dir.path()).args(["backup", "monday.db"]));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Backed up to monday.db"), "{stdout}");
    let (ok, _, stderr) = run(joren(dir.path()).args(["backup", "monday.db"]));
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");

    // Something a restore must take back: a table emptied.
    let db = dir.path().join("data/joren.db");
    delete_visits(&db);
    assert_eq!(count_visits(&db), 0);

    std::fs::write(
        dir.path().join("notes.db"),
        "not a database at all, only words",
    )
    .unwrap();
    let (ok, _, stderr) = run(joren(dir.path()).args(["restore", "notes.db"]));
    assert!(!ok);
    assert!(
        stderr.starts_with("joren restore: not restored"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data/backups").exists(),
        "a refused restore saves nothing and changes nothing"
    );

    let (ok, stdout, stderr) = run(joren(dir.path()).args(["restore", "monday.db"]));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("30 regulars"), "{stdout}");
    let saved: Vec<_> = std::fs::read_dir(dir.path().join("data/backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].starts_with("before-restore-joren-"), "{saved:?}");
    assert_eq!(
        count_visits(&db),
        count_visits(&dir.path().join("monday.db"))
    );
}

/// Deletes the visits of the live database, as a mishap would.
fn delete_visits(db: &std::path::Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("DELETE FROM reward_ledger")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM visits")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

fn count_visits(db: &std::path::Path) -> i64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display()))
            .await
            .unwrap();
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM visits")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    })
}
