//! What `joren doctor` reads from a database file, without changing it.

use std::path::Path;

use joren::backup::{BackupSchedule, BackupStatus};
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::{
    DatabaseUrl, SchemaState, Store, StoreOptions, inspect, newest_schema, now_millis,
};

use crate::{fresh_store, shop_with_owner};

fn database(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("nested/dir/joren.db")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Moves everything from the log into the file, as the last connection's close does.
async fn checkpoint(store: &Store) {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool_for_tests())
        .await
        .unwrap();
}

/// The files in `dir` once the store's last connection has closed (a connection given back
/// just before the pool closed is closed by a task of its own, a moment later).
async fn settled(dir: &Path) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let files = files_in(dir);
        if files.len() == 1 || std::time::Instant::now() > deadline {
            return files;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A shop with its owner and `n` regulars, each checked in.
async fn shop_with_regulars(store: &Store, n: usize) -> i64 {
    let (shop, owner) = shop_with_owner(store).await;
    let mut last = 0;
    for i in 0..n {
        let draft = RegularDraft {
            nickname: format!("常連 {i}"),
            tagline: "写真を撮っています".repeat(5),
            ..RegularDraft::default()
        };
        last = now_millis();
        store
            .add_regular_and_check_in(
                shop.id,
                &super::newcomer(&Profile::parse(&draft).unwrap(), &Consents::default()),
                &shop.stamp_rules,
                owner.id,
                last,
            )
            .await
            .unwrap();
    }
    last
}

#[tokio::test]
async fn a_healthy_database_is_read_live_and_closed_without_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let before = now_millis();
    let store = fresh_store(&dir).await;
    let last_check_in = shop_with_regulars(&store, 3).await;
    let url = DatabaseUrl::sqlite_file(database(&dir));

    // While the kiosk runs: its log is read too.
    let live = inspect(&url).await.unwrap().expect("the file is there");
    assert!(live.wal_mode);
    assert!(live.wal_bytes > 0, "the kiosk's log holds the check-ins");
    assert_eq!(live.integrity, Ok(()));
    let newest = live.newest_recorded.clone().unwrap().unwrap();
    assert!(
        newest >= last_check_in && newest <= now_millis(),
        "{newest}"
    );
    assert!(newest >= before);
    checkpoint(&store).await;
    store.close().await;

    let folder = database(&dir).parent().unwrap().to_owned();
    let mut files = settled(&folder).await;
    if files.len() > 1 {
        // Two of the pool's connections that close at the same moment may each see the
        // other still open, and then neither removes the log; one connection opened and
        // closed alone does.
        let alone = Store::open(
            &url,
            &StoreOptions {
                max_connections: 1,
                ..StoreOptions::default()
            },
        )
        .await
        .unwrap();
        alone.close().await;
        files = settled(&folder).await;
    }
    assert_eq!(files, ["joren.db"], "the last connection removed the log");
    let bytes = std::fs::read(database(&dir)).unwrap();

    let found = inspect(&url).await.unwrap().expect("the file is there");
    assert_eq!(found.file_bytes, bytes.len() as u64);
    assert_eq!(found.wal_bytes, 0);
    assert!(found.wal_mode);
    assert_eq!(found.integrity, Ok(()));
    assert_eq!(found.broken_references, Ok(0));
    assert_eq!(
        found.schema,
        Ok(SchemaState::UpToDate {
            version: newest_schema()
        })
    );
    assert_eq!(
        found.backups,
        Ok(Some((BackupSchedule::default(), BackupStatus::default())))
    );
    assert_eq!(found.newest_recorded, Ok(Some(newest)));
    assert_eq!(found.time_zone.as_deref(), Some("Asia/Tokyo"));

    assert!(std::fs::read(database(&dir)).unwrap() == bytes, "unchanged");
    assert_eq!(files_in(&folder), files, "nothing created beside it");
}

#[tokio::test]
async fn a_missing_file_is_none_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::sqlite_file(database(&dir));
    assert_eq!(inspect(&url).await.unwrap(), None);
    assert!(files_in(dir.path()).is_empty(), "no file, no folder");
}

#[tokio::test]
async fn a_damaged_file_fails_its_integrity_check_and_a_newer_schema_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    shop_with_regulars(&store, 40).await;
    checkpoint(&store).await;
    store.close().await;
    let path = database(&dir);
    let url = DatabaseUrl::sqlite_file(&path);

    let newer = dir.path().join("newer.db");
    std::fs::copy(&path, &newer).unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", newer.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (20991201000001, 'from a newer Joren', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let found = inspect(&DatabaseUrl::sqlite_file(&newer))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.integrity, Ok(()));
    assert_eq!(
        found.schema,
        Ok(SchemaState::Newer {
            version: 20991201000001,
            newest: newest_schema()
        })
    );

    // The middle third of the file overwritten.
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    assert!(len > 8 * 4096, "{len}");
    for byte in &mut bytes[len / 3..2 * len / 3] {
        *byte = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let found = inspect(&url).await.unwrap().unwrap();
    let problems = found.integrity.expect_err("the damage is found");
    assert!(!problems.is_empty());
    assert!(std::fs::read(&path).unwrap() == bytes, "left as it was");
}
