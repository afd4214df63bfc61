//! Starting `joren` over a database a newer Joren used: it refuses with one line and
//! changes nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use joren::storage::newest_schema;

fn joren(dir: &Path) -> Command {
    crate::helpers::joren_in(dir)
}

/// Marks the database as used by a newer Joren: a migration this version does not know.
/// It is left in rollback-journal mode, so that even a switch to WAL would change its bytes.
fn from_a_newer_joren(db: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations
                 (version, description, success, checksum, execution_time)
             VALUES (20991201000001, 'from a newer Joren', 1, x'00', 0)",
        )
        .execute(&mut connection)
        .await
        .unwrap();
        sqlx::query("PRAGMA journal_mode = DELETE")
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
    });
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_database_a_newer_joren_used_stops_the_start_with_one_line_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let output = joren(dir.path())
        .args([
            "--log",
            "warn",
            "demo",
            "--regulars",
            "20",
            "--visits",
            "100",
        ])
        .args(["--present", "1"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let db = dir.path().join("data/joren.db");
    from_a_newer_joren(&db);
    let bytes = std::fs::read(&db).unwrap();
    let files = files_in(db.parent().unwrap());
    assert_eq!(files, ["joren.db"]);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = joren(dir.path())
        .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("joren did not stop on a database from a newer Joren");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success(), "{status:?}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("joren: this database was last used by a newer Joren"),
        "{stderr}"
    );
    assert!(
        stderr.contains("its schema 20991201000001 is newer"),
        "{stderr}"
    );
    assert!(
        stderr.contains("install that version again, or restore a backup made by this version"),
        "{stderr}"
    );
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    assert!(std::fs::read(&db).unwrap() == bytes, "not a byte changed");
    assert_eq!(
        files_in(db.parent().unwrap()),
        files,
        "no log, no backup folder"
    );
}

/// A database as the first seven migrations left it (before data care), with a shop.
fn older_database(db: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
        let all = sqlx::migrate!("../migrations/sqlite");
        let older = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(all.migrations[..7].to_vec()),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        let mut connection = sqlx::SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(db)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal),
        )
        .await
        .unwrap();
        older.run(&mut connection).await.unwrap();
        sqlx::query(
            "INSERT INTO shops (slug, name, created_at) VALUES ('default', '珈琲 ゆるり', 1)",
        )
        .execute(&mut connection)
        .await
        .unwrap();
        connection.close().await.unwrap();
    });
}

#[test]
fn an_older_database_is_copied_into_the_backup_folder_then_upgraded_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/joren.db");
    older_database(&db);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = joren(dir.path())
        .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        assert!(child.try_wait().unwrap().is_none(), "the server exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let log = String::from_utf8_lossy(&output.stdout);

    let backups = files_in(&dir.path().join("data/backups"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        backups[0].starts_with("before-upgrade-20261125000002-"),
        "named after the schema it had: {backups:?}"
    );
    assert!(
        log.contains("backed up before the schema upgrade")
            && log.contains(&format!("data/backups/{}", backups[0])),
        "the log says where: {log}"
    );
    assert_eq!(newest_applied(&db), newest_schema(), "upgraded");
}

/// The newest migration applied to the database at `db`.
fn newest_applied(db: &Path) -> i64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut connection =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", db.display()))
                .await
                .unwrap();
        let newest = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        newest
    })
}
