//! Starting `joren` over a database a newer Joren used: it refuses with one line and
//! changes nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const JOREN: &str = env!("CARGO_BIN_EXE_joren");

fn joren(dir: &Path) -> Command {
    let mut command = Command::new(JOREN);
    for (name, _) in std::env::vars() {
        if name.starts_with("JOREN_") {
            command.env_remove(name);
        }
    }
    command.current_dir(dir);
    command
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
