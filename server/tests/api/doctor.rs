//! `joren doctor` as an owner runs it: on a healthy shop, a damaged file, and before the
//! first start. It changes nothing.

use std::path::Path;
use std::process::Command;

fn joren(dir: &Path) -> Command {
    crate::helpers::joren_in(dir)
}

/// `(exit status, stdout, stderr)`.
fn run(command: &mut Command) -> (Option<i32>, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn demo(dir: &Path, regulars: &str) {
    let (status, _, stderr) = run(joren(dir).args([
        "--log",
        "warn",
        "demo",
        "--regulars",
        regulars,
        "--visits",
        "2000",
        "--present",
        "2",
    ]));
    assert_eq!(status, Some(0), "{stderr}");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

/// The lines of the check `name`: its result line and what to do.
fn check<'a>(stdout: &'a str, name: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|line| {
            line.split_once(' ')
                .is_some_and(|(_, rest)| rest.starts_with(name))
        })
        .unwrap_or_else(|| panic!("no {name} line in:\n{stdout}"));
    let mut found = vec![lines[at]];
    found.extend(lines.get(at + 1).filter(|line| line.starts_with("  → ")));
    found
}

/// Moves the log's pages into the database file and closes it, as a clean stop would.
fn checkpoint(db: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
    });
}

#[test]
fn a_healthy_shop_passes_with_what_to_fix_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path(), "60");
    checkpoint(&dir.path().join("data/joren.db"));
    let before = snapshot(dir.path());
    let names: Vec<&str> = before.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        names
            .iter()
            .all(|name| !name.ends_with("-wal") && !name.ends_with("-shm")),
        "{names:?}"
    );

    let (status, stdout, stderr) = run(joren(dir.path()).arg("doctor"));
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains('✗'), "{stdout}");
    let database = check(&stdout, "database");
    assert!(database[0].starts_with("✓ database"), "{stdout}");
    assert!(database[0].contains("integrity ok"), "{stdout}");
    assert!(
        check(&stdout, "schema")[0].contains("up to date"),
        "{stdout}"
    );
    let settings = check(&stdout, "settings");
    assert!(settings[0].starts_with("! settings"), "{stdout}");
    assert!(
        settings[0].contains("tablets cannot reach 127.0.0.1"),
        "{stdout}"
    );
    assert_eq!(
        settings[1], "  → use --addr 0.0.0.0:3000 (JOREN_ADDR) so that the shop's tablets can",
        "{stdout}"
    );
    let backups = check(&stdout, "backups");
    assert!(backups[0].starts_with("! backups"), "{stdout}");
    assert!(backups[0].contains("daily backups are off"), "{stdout}");
    assert_eq!(backups.len(), 2, "a warning says what to do: {stdout}");
    assert!(check(&stdout, "folder")[0].contains("free"), "{stdout}");
    assert!(
        check(&stdout, "clock")[0].starts_with("✓ clock"),
        "{stdout}"
    );

    assert!(
        snapshot(dir.path()) == before,
        "the doctor changed a file, or left one behind (a log, a temporary file)"
    );

    // A file where the backup folder should be: backups, and upgrades, would fail.
    std::fs::write(dir.path().join("not-a-folder"), "x").unwrap();
    let (status, stdout, _) =
        run(joren(dir.path()).args(["--backup-dir", "not-a-folder", "doctor"]));
    assert_eq!(status, Some(1), "{stdout}");
    let backups = check(&stdout, "backups");
    assert!(backups[0].starts_with("✗ backups"), "{stdout}");
    assert!(backups[0].contains("not-a-folder is a file"), "{stdout}");
    assert!(backups[1].contains("--backup-dir"), "{stdout}");

    // Tablets can reach it: no warning about the address.
    let (status, stdout, _) = run(joren(dir.path()).args(["--addr", "0.0.0.0:3000", "doctor"]));
    assert_eq!(status, Some(0));
    assert!(
        check(&stdout, "settings")[0].starts_with("✓ settings"),
        "{stdout}"
    );
}

#[test]
fn a_damaged_database_fails_on_its_integrity_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path(), "300");
    let db = dir.path().join("data/joren.db");
    checkpoint(&db);
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    assert!(len > 64 * 1024, "a database with data: {len} bytes");
    for byte in &mut bytes[len / 3..2 * len / 3] {
        *byte = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();

    let (status, stdout, stderr) = run(joren(dir.path()).arg("doctor"));
    assert_eq!(status, Some(1), "{stdout}{stderr}");
    let database = check(&stdout, "database");
    assert!(database[0].starts_with("✗ database"), "{stdout}");
    assert!(database[0].contains("integrity"), "{stdout}");
    assert!(
        database
            .get(1)
            .is_some_and(|line| line.contains("joren restore")),
        "it says what to do: {stdout}"
    );
    assert!(std::fs::read(&db).unwrap() == bytes, "left as it was");
}

#[test]
fn before_the_first_start_the_database_is_not_created_yet_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let (status, stdout, stderr) = run(joren(dir.path()).arg("doctor"));
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert_eq!(
        check(&stdout, "database"),
        ["✓ database  data/joren.db: not created yet — it is made on first start"],
        "{stdout}"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no folder, no file"
    );
}

#[test]
fn https_files_that_do_not_fit_each_other_fail_the_https_line() {
    let dir = tempfile::tempdir().unwrap();
    let write_pair = |name: &str| {
        let issued = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        std::fs::write(dir.path().join(format!("{name}.crt")), issued.cert.pem()).unwrap();
        let key = issued.signing_key.serialize_pem();
        std::fs::write(dir.path().join(format!("{name}.key")), key).unwrap();
    };
    write_pair("shop");
    write_pair("other");
    let doctor = |key: &str| {
        run(joren(dir.path()).args(["--tls-cert", "shop.crt", "--tls-key", key, "doctor"]))
    };

    let (status, stdout, stderr) = doctor("shop.key");
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert_eq!(
        check(&stdout, "https"),
        ["✓ https     certificate shop.crt and key shop.key fit each other"],
        "{stdout}"
    );

    let (status, stdout, _) = doctor("other.key");
    assert_eq!(status, Some(1), "{stdout}");
    let https = check(&stdout, "https");
    assert!(https[0].starts_with("✗ https"), "{stdout}");
    assert!(
        https[0].contains("does not fit the certificate"),
        "{stdout}"
    );
    assert!(https[1].contains("--tls-key"), "{stdout}");
}

#[test]
fn the_settings_line_names_the_address_the_tablet_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (status, stdout, stderr) =
        run(joren(dir.path()).args(["--addr", "192.0.2.7:3000", "doctor"]));
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    let settings = check(&stdout, "settings");
    assert!(
        settings[0].ends_with("; the tablet opens http://192.0.2.7:3000"),
        "{stdout}"
    );
}
