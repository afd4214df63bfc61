//! Backups taken while the shop keeps working, and restores that check before they replace.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::{BackupError, RestoreError, Store, check_backup, now_millis};
use joren::{Shop, Staff};

use crate::{fresh_store, shop_with_owner};

async fn add(store: &Store, shop: &Shop, by: &Staff, nickname: &str) -> joren::RegularId {
    let draft = RegularDraft {
        nickname: nickname.into(),
        ..RegularDraft::default()
    };
    store
        .add_regular(
            shop.id,
            &Profile::parse(&draft).unwrap(),
            &Consents::default(),
            by.id,
        )
        .await
        .unwrap()
}

async fn live_regulars(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM regulars")
        .fetch_one(store.pool_for_tests())
        .await
        .unwrap()
}

async fn integrity(store: &Store) -> String {
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool_for_tests())
        .await
        .unwrap()
}

async fn regulars_in(path: &std::path::Path) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap();
    let n = sqlx::query_scalar("SELECT count(*) FROM regulars")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_check_ins_go_on_is_whole_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let rules = shop.stamp_rules.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, shop, owner, stop) = (store.clone(), shop.clone(), owner.clone(), stop.clone());
        tokio::spawn(async move {
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                let draft = RegularDraft {
                    nickname: format!("客{written}"),
                    ..RegularDraft::default()
                };
                store
                    .add_regular_and_check_in(
                        shop.id,
                        &super::newcomer(&Profile::parse(&draft).unwrap(), &Consents::default()),
                        &rules,
                        owner.id,
                        now_millis(),
                    )
                    .await
                    .unwrap();
                written += 1;
            }
            written
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut seen = Vec::new();
    for n in 0..3 {
        let file = dir.path().join(format!("backups/joren-{n}.db"));
        let before = live_regulars(&store).await;
        let bytes = store.backup_to(&file).await.unwrap();
        assert!(bytes > 0);
        assert!(
            !dir.path()
                .join(format!("backups/joren-{n}.db.partial"))
                .exists()
        );
        let summary = check_backup(&file)
            .await
            .expect("a whole, consistent backup")
            .summary;
        assert_eq!(summary.regulars, regulars_in(&file).await);
        assert_eq!(
            summary.visits, summary.regulars,
            "every regular in the copy has its check-in: no half-written transaction"
        );
        assert!(
            summary.regulars >= before,
            "the copy is no older than its start"
        );
        seen.push(summary.regulars);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "the check-ins went on during the backups: {seen:?} of {written}"
    );
    let last = dir.path().join("backups/joren-last.db");
    store.backup_to(&last).await.unwrap();
    assert_eq!(check_backup(&last).await.unwrap().summary.regulars, written);
    assert!(matches!(
        store.backup_to(&last).await,
        Err(BackupError::Exists(_))
    ));
}

#[tokio::test]
async fn a_restore_puts_the_backup_back_and_the_shop_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let aki = add(&store, &shop, &owner, "Aki").await;
    let file = dir.path().join("monday.db");
    store.backup_to(&file).await.unwrap();

    let ben = add(&store, &shop, &owner, "Ben").await;
    assert!(
        store
            .erase_regular(&shop, aki, owner.id, now_millis())
            .await
            .unwrap()
    );
    assert!(store.regular(shop.id, aki).await.unwrap().is_none());

    let summary = store.restore_from(&file).await.unwrap();
    assert_eq!((summary.shops, summary.regulars), (1, 1));
    assert_eq!(
        store
            .regular(shop.id, aki)
            .await
            .unwrap()
            .unwrap()
            .profile
            .nickname
            .as_str(),
        "Aki"
    );
    assert!(store.regular(shop.id, ben).await.unwrap().is_none());
    // The same store, and a new regular after the restore, as a running server would.
    let carla = add(&store, &shop, &owner, "Carla").await;
    assert!(store.regular(shop.id, carla).await.unwrap().is_some());
    store.close().await;
    let reopened = fresh_store(&dir).await;
    assert_eq!(live_regulars(&reopened).await, 2);
    assert_eq!(integrity(&reopened).await, "ok");
}

#[tokio::test]
async fn a_restore_refuses_what_is_not_a_whole_joren_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    add(&store, &shop, &owner, "Aki").await;
    let good = dir.path().join("good.db");
    store.backup_to(&good).await.unwrap();

    let missing = dir.path().join("nowhere.db");
    assert!(matches!(
        store.restore_from(&missing).await,
        Err(RestoreError::Unreadable { .. })
    ));

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "これはデータベースではありません".repeat(200)).unwrap();
    let error = store.restore_from(&text).await.unwrap_err();
    assert!(
        matches!(
            error,
            RestoreError::Unreadable { .. } | RestoreError::Damaged { .. }
        ),
        "{error}"
    );

    let other = dir.path().join("other.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", other.display()))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE recipes (name TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(matches!(
        store.restore_from(&other).await,
        Err(RestoreError::NotJoren(_))
    ));

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", newer.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let error = store.restore_from(&newer).await.unwrap_err();
    assert!(matches!(error, RestoreError::Newer { .. }), "{error}");
    assert!(error.to_string().contains("newer version"), "{error}");

    // A backup with a page overwritten in the middle.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    for byte in &mut bytes[2 * page + 100..3 * page] {
        *byte = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let error = store.restore_from(&damaged).await.unwrap_err();
    assert!(
        matches!(
            error,
            RestoreError::Damaged { .. } | RestoreError::Unreadable { .. }
        ),
        "{error}"
    );

    add(&store, &shop, &owner, "Ben").await;
    assert_eq!(live_regulars(&store).await, 2, "nothing was replaced");
}

#[tokio::test]
async fn the_daily_backup_keeps_the_owners_count_and_records_how_it_went() {
    use joren::backup::BackupSchedule;
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let (schedule, status) = store.backup_schedule().await.unwrap();
    assert_eq!(schedule, BackupSchedule::default());
    assert!(!schedule.enabled, "off until the owner turns it on");
    assert_eq!(status.last_at, None);
    let on = BackupSchedule::parse(true, "4", "2").unwrap();
    store
        .set_backup_schedule(shop.id, &on, owner.id, now_millis())
        .await
        .unwrap();
    assert_eq!(store.backup_schedule().await.unwrap().0, on);

    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(backups.join("notes.txt"), "the owner's own file").unwrap();
    const DAY: i64 = 86_400_000;
    let first = 1_795_532_400_000 + 4 * 3_600_000;
    let mut made = Vec::new();
    for day in 0..3 {
        let path = store
            .backup_into(&backups, &shop.time_zone, first + day * DAY)
            .await
            .unwrap();
        made.push(path.file_name().unwrap().to_string_lossy().into_owned());
    }
    assert_eq!(made[0], "joren-2026-11-25-040000.db");
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![made[1].clone(), made[2].clone(), "notes.txt".into()]
    );
    let (_, status) = store.backup_schedule().await.unwrap();
    assert_eq!(status.last_at, Some(first + 2 * DAY));
    assert_eq!(status.last_file.as_deref(), Some(made[2].as_str()));
    assert_eq!(status.last_error, None);

    // A folder that cannot be written: the failure is recorded for the owner to see.
    let not_a_folder = dir.path().join("file-not-folder");
    std::fs::write(&not_a_folder, "x").unwrap();
    assert!(
        store
            .backup_into(&not_a_folder, &shop.time_zone, first + 3 * DAY)
            .await
            .is_err()
    );
    let (_, status) = store.backup_schedule().await.unwrap();
    assert_eq!(status.last_file, None);
    assert!(status.last_error.is_some());
}

/// The daily backup and "back up now" in the same second: each gets a whole file of its
/// own, and neither is recorded as failed.
#[tokio::test]
async fn two_backups_in_the_same_second_each_make_their_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let on = joren::backup::BackupSchedule::parse(true, "4", "7").unwrap();
    store
        .set_backup_schedule(shop.id, &on, owner.id, now_millis())
        .await
        .unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let now = 1_795_532_400_000 + 4 * 3_600_000 + 123;
    let (daily, by_hand) = tokio::join!(
        store.backup_into(&backups, &shop.time_zone, now),
        store.backup_into(&backups, &shop.time_zone, now),
    );
    let (daily, by_hand) = (daily.unwrap(), by_hand.unwrap());
    assert_ne!(daily, by_hand);
    let mut names =
        [&daily, &by_hand].map(|path| path.file_name().unwrap().to_string_lossy().into_owned());
    names.sort();
    assert_eq!(
        names,
        ["joren-2026-11-25-040000.db", "joren-2026-11-25-040001.db"]
    );
    for path in [&daily, &by_hand] {
        check_backup(path).await.unwrap();
    }
    let (_, status) = store.backup_schedule().await.unwrap();
    assert_eq!(status.last_error, None);
    assert!(status.last_file.is_some());
}
