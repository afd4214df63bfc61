//! The store against real databases: a SQLite file, and PostgreSQL when
//! `JOREN_TEST_POSTGRES_URL` names a server (each test then works in a database of its own,
//! made for it and dropped after it). Tests of what both engines do run once on each
//! (`#[case::sqlite]`, `#[case::postgres]`); tests of the SQLite file itself (its pragmas,
//! backups, inspection, upgrades) run on SQLite alone.

mod backup;
mod changes;
mod demo;
mod erasure;
mod export;
mod insights;
mod inspect;
mod introductions;
mod privacy;
mod regulars;
mod shops;
mod short_links;
mod upgrade;

mod engines;

use joren::storage::{DatabaseUrl, Engine, Store, StoreOptions};
use joren::{ShopName, ShopSlug};
use rstest::rstest;

pub(crate) use engines::TestDb;

pub(crate) async fn fresh_store(dir: &tempfile::TempDir) -> Store {
    let url = DatabaseUrl::sqlite_file(dir.path().join("nested/dir/joren.db"));
    Store::open(&url, &StoreOptions::default())
        .await
        .expect("a new database opens")
}

/// A fresh database with the default shop, set up with its owner みどり.
pub(crate) async fn shop_with_owner(store: &Store) -> (joren::Shop, joren::Staff) {
    let shop = store
        .ensure_shop(
            &ShopSlug::default_shop(),
            &ShopName::parse("Joren").unwrap(),
        )
        .await
        .unwrap();
    let owner = owner_of(store, shop.id).await;
    (shop, owner)
}

/// Sets the shop up with its owner みどり, PIN 142857.
pub(crate) async fn owner_of(store: &Store, shop: joren::ShopId) -> joren::Staff {
    let hash =
        joren::staff::PinHash::of(&joren::Pin::new_for(joren::Role::Owner, "142857").unwrap())
            .unwrap();
    let name = joren::StaffName::parse("みどり").unwrap();
    match store
        .first_start(shop, &ShopName::parse("Joren").unwrap(), &name, &hash)
        .await
        .unwrap()
    {
        joren::storage::FirstStart::Done(owner) => owner,
        joren::storage::FirstStart::AlreadySetUp => panic!("the shop was already set up"),
    }
}

#[tokio::test]
async fn a_new_database_file_is_created_with_its_directory_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    assert_eq!(store.engine(), Engine::Sqlite);
    assert!(dir.path().join("nested/dir/joren.db").exists());
    store.ping().await.unwrap();
    let slug = ShopSlug::default_shop();
    assert_eq!(store.shop(&slug).await.unwrap(), None);
    store.close().await;
}

#[tokio::test]
async fn the_database_runs_in_wal_mode_with_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    store.close().await;

    // Read the settings back over a connection of our own: what the file says, and what
    // a connection opened the store's way says.
    let path = dir.path().join("nested/dir/joren.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(journal, "wal", "WAL is a property of the file and persists");
    pool.close().await;

    let store = fresh_store(&dir).await;
    let (synchronous, foreign_keys) = store.sqlite_pragmas_for_tests().await.unwrap();
    assert_eq!(synchronous, 2, "synchronous=FULL");
    assert_eq!(foreign_keys, 1);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn ensure_shop_creates_once_and_keeps_the_owners_name(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let slug = ShopSlug::parse("kissa-yururi").unwrap();

    let created = store
        .ensure_shop(&slug, &ShopName::parse("珈琲 ゆるり").unwrap())
        .await
        .unwrap();
    assert_eq!(created.name.as_str(), "珈琲 ゆるり");
    assert_eq!(created.time_zone.as_str(), "Asia/Tokyo");

    let again = store
        .ensure_shop(&slug, &ShopName::parse("Another name").unwrap())
        .await
        .unwrap();
    assert_eq!(again, created, "an existing shop is returned unchanged");

    let other = store
        .ensure_shop(
            &ShopSlug::default_shop(),
            &ShopName::parse("Joren").unwrap(),
        )
        .await
        .unwrap();
    assert_ne!(other.id, created.id);
}

#[tokio::test]
async fn reopening_keeps_the_data_and_does_not_rerun_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let slug = ShopSlug::default_shop();
    let first = fresh_store(&dir).await;
    let shop = first
        .ensure_shop(&slug, &ShopName::parse("Kissa").unwrap())
        .await
        .unwrap();
    first.close().await;

    let second = fresh_store(&dir).await;
    assert_eq!(second.shop(&slug).await.unwrap(), Some(shop));
}

#[tokio::test]
async fn a_database_from_a_newer_joren_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    store.close().await;

    let path = dir.path().join("nested/dir/joren.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let url = DatabaseUrl::sqlite_file(&path);
    let error = Store::open(&url, &StoreOptions::default())
        .await
        .expect_err("a schema this version does not know is refused");
    assert!(error.to_string().contains("schema"), "{error}");
}

mod staff {
    use super::TestDb;
    use joren::staff::PinHash;
    use joren::storage::Engine;
    use joren::storage::FirstStart;
    use joren::{Pin, Role, ShopName, ShopSlug, StaffId, StaffName};
    use rstest::rstest;

    fn owner_pin() -> PinHash {
        PinHash::of(&Pin::new_for(Role::Owner, "142857").unwrap()).unwrap()
    }

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn the_first_start_names_the_shop_and_creates_its_owner_once(#[case] engine: Engine) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let slug = ShopSlug::default_shop();
        let shop = store
            .ensure_shop(&slug, &ShopName::parse("Joren").unwrap())
            .await
            .unwrap();
        assert!(store.needs_first_start(shop.id).await.unwrap());

        let first = store
            .first_start(
                shop.id,
                &ShopName::parse("珈琲 ゆるり").unwrap(),
                &StaffName::parse("みどり").unwrap(),
                &owner_pin(),
            )
            .await
            .unwrap();
        let FirstStart::Done(owner) = first else {
            panic!("the first start goes through");
        };
        assert_eq!(owner.role, Role::Owner);
        assert!(!store.needs_first_start(shop.id).await.unwrap());
        assert_eq!(
            store.shop(&slug).await.unwrap().unwrap().name.as_str(),
            "珈琲 ゆるり"
        );

        let again = store
            .first_start(
                shop.id,
                &ShopName::parse("Taken over").unwrap(),
                &StaffName::parse("mallory").unwrap(),
                &owner_pin(),
            )
            .await
            .unwrap();
        assert_eq!(again, FirstStart::AlreadySetUp);
        assert_eq!(
            store.shop(&slug).await.unwrap().unwrap().name.as_str(),
            "珈琲 ゆるり",
            "a second first start changes nothing"
        );
        assert_eq!(store.staff(shop.id).await.unwrap(), vec![owner]);
    }

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn two_tablets_starting_at_once_make_exactly_one_owner(#[case] engine: Engine) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let shop = store
            .ensure_shop(
                &ShopSlug::default_shop(),
                &ShopName::parse("Joren").unwrap(),
            )
            .await
            .unwrap();
        let hash = owner_pin();
        let attempts = (0..8).map(|n| {
            let store = store.clone();
            let hash = hash.clone();
            tokio::spawn(async move {
                store
                    .first_start(
                        shop.id,
                        &ShopName::parse(&format!("Shop {n}")).unwrap(),
                        &StaffName::parse(&format!("owner {n}")).unwrap(),
                        &hash,
                    )
                    .await
                    .unwrap()
            })
        });
        let mut done = 0;
        for attempt in attempts {
            if matches!(attempt.await.unwrap(), FirstStart::Done(_)) {
                done += 1;
            }
        }
        assert_eq!(done, 1);
        assert_eq!(store.staff(shop.id).await.unwrap().len(), 1);
    }

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn a_pin_is_checked_against_its_own_shop_only(#[case] engine: Engine) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let name = ShopName::parse("Joren").unwrap();
        let ours = store
            .ensure_shop(&ShopSlug::parse("ours").unwrap(), &name)
            .await
            .unwrap();
        let theirs = store
            .ensure_shop(&ShopSlug::parse("theirs").unwrap(), &name)
            .await
            .unwrap();
        let owner = super::owner_of(&store, ours.id).await;

        let check = store
            .staff_with_pin(ours.id, owner.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(check.staff, owner);
        assert!(check.hash.verify(&Pin::entered("142857").unwrap()));
        assert!(!check.hash.verify(&Pin::entered("000000").unwrap()));
        assert_eq!(check.locked_until, None);

        assert_eq!(
            store.staff_with_pin(theirs.id, owner.id).await.unwrap(),
            None
        );
        assert!(store.staff(theirs.id).await.unwrap().is_empty());
        assert_eq!(
            store.staff_with_pin(ours.id, StaffId(9999)).await.unwrap(),
            None
        );
    }
}

mod pin_lockout {
    use super::TestDb;
    use joren::audit::AuditAction;
    use joren::storage::Engine;
    use joren::storage::WrongPin;
    use joren::{ShopName, ShopSlug};
    use rstest::rstest;

    const TABLET: &str = "192.0.2.10";

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn five_wrong_pins_in_a_row_make_the_member_wait_and_a_right_one_clears_the_count(
        #[case] engine: Engine,
    ) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let name = ShopName::parse("Joren").unwrap();
        let shop = store
            .ensure_shop(&ShopSlug::default_shop(), &name)
            .await
            .unwrap();
        let owner = super::owner_of(&store, shop.id).await;

        let now = 1_700_000_000_000;
        let wrong = || store.record_wrong_pin(shop.id, Some(owner.id), TABLET, now);
        for _ in 0..4 {
            assert_eq!(wrong().await.unwrap().staff_locked_until, None);
        }
        assert_eq!(
            wrong().await.unwrap().staff_locked_until,
            Some(now + 30_000),
            "the fifth wrong PIN in a row starts a 30 s wait"
        );
        assert_eq!(
            wrong().await.unwrap().staff_locked_until,
            Some(now + 60_000)
        );
        let check = store
            .staff_with_pin(shop.id, owner.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(check.locked_until, Some(now + 60_000));

        let lockouts = store.lockouts(shop.id, now).await.unwrap();
        assert_eq!(lockouts.staff.len(), 1, "the owner sees who waits");
        assert_eq!(lockouts.staff[0].staff, owner);
        assert_eq!(lockouts.staff[0].failures, 6);
        assert_eq!(lockouts.staff[0].locked_until, Some(now + 60_000));

        store
            .record_right_pin(shop.id, owner.id, TABLET, now)
            .await
            .unwrap();
        let check = store
            .staff_with_pin(shop.id, owner.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(check.locked_until, None);
        assert!(store.lockouts(shop.id, now).await.unwrap().staff.is_empty());
        assert_eq!(wrong().await.unwrap().staff_locked_until, None);

        let log = store.audit_log(shop.id, None, 50).await.unwrap();
        let actions: Vec<_> = log.iter().map(|entry| entry.action).collect();
        assert_eq!(
            actions,
            [
                AuditAction::Unlocked,
                AuditAction::LockedOut,
                AuditAction::LockedOut,
                AuditAction::FirstStart
            ],
            "newest first"
        );
        assert_eq!(log[1].by, Some(owner.id));
        assert_eq!(log[1].by_name.as_deref(), Some("みどり"));
    }

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn ten_wrong_pins_from_one_address_make_it_wait_whoever_they_were_for(
        #[case] engine: Engine,
    ) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let name = ShopName::parse("Joren").unwrap();
        let shop = store
            .ensure_shop(&ShopSlug::default_shop(), &name)
            .await
            .unwrap();
        let owner = super::owner_of(&store, shop.id).await;
        let now = 1_700_000_000_000;

        // Four on the owner (below the member's limit), six on people who do not exist.
        for _ in 0..4 {
            store
                .record_wrong_pin(shop.id, Some(owner.id), TABLET, now)
                .await
                .unwrap();
        }
        for _ in 0..5 {
            let result = store
                .record_wrong_pin(shop.id, None, TABLET, now)
                .await
                .unwrap();
            assert_eq!(result.client_locked_until, None);
        }
        assert_eq!(
            store
                .client_locked_until(shop.id, TABLET, now)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .record_wrong_pin(shop.id, None, TABLET, now)
                .await
                .unwrap(),
            WrongPin {
                staff_locked_until: None,
                client_locked_until: Some(now + 60_000)
            },
            "the tenth wrong PIN from one address starts a minute's wait"
        );
        assert_eq!(
            store
                .client_locked_until(shop.id, TABLET, now)
                .await
                .unwrap(),
            Some(now + 60_000)
        );
        assert_eq!(
            store
                .client_locked_until(shop.id, TABLET, now + 60_000)
                .await
                .unwrap(),
            None,
            "the wait ends"
        );
        assert_eq!(
            store
                .client_locked_until(shop.id, "192.0.2.11", now)
                .await
                .unwrap(),
            None,
            "another tablet is not held back"
        );

        let lockouts = store.lockouts(shop.id, now).await.unwrap();
        assert_eq!(lockouts.clients.len(), 1);
        assert_eq!(lockouts.clients[0].client, TABLET);
        assert_eq!(lockouts.clients[0].failures, 10);

        assert!(
            store
                .clear_client_lockout(shop.id, TABLET, owner.id)
                .await
                .unwrap()
        );
        assert!(
            !store
                .clear_client_lockout(shop.id, TABLET, owner.id)
                .await
                .unwrap(),
            "nothing left to clear"
        );
        assert_eq!(
            store
                .client_locked_until(shop.id, TABLET, now)
                .await
                .unwrap(),
            None
        );
        assert!(
            store
                .clear_staff_lockout(shop.id, owner.id, owner.id)
                .await
                .unwrap(),
            "the owner's four wrong PINs are cleared too"
        );
        let log = store.audit_log(shop.id, None, 2).await.unwrap();
        assert_eq!(log.len(), 2, "the limit holds");
        assert!(log.iter().all(|e| e.action == AuditAction::LockoutCleared));
        let older = store.audit_log(shop.id, Some(log[1].id), 50).await.unwrap();
        assert_eq!(older[0].action, AuditAction::LockedOut);
        assert_eq!(
            older[0].by, None,
            "an address lockout is the kiosk's own doing"
        );
    }
}

mod adding_staff {
    use super::TestDb;
    use joren::staff::PinHash;
    use joren::storage::AddStaff;
    use joren::storage::Engine;
    use joren::{Pin, Role, ShopName, ShopSlug, StaffName};
    use rstest::rstest;

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test]
    async fn a_name_is_taken_once_per_shop(#[case] engine: Engine) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let name = ShopName::parse("Joren").unwrap();
        let ours = store
            .ensure_shop(&ShopSlug::parse("ours").unwrap(), &name)
            .await
            .unwrap();
        let theirs = store
            .ensure_shop(&ShopSlug::parse("theirs").unwrap(), &name)
            .await
            .unwrap();
        let owner = super::owner_of(&store, ours.id).await;
        let hash = PinHash::of(&Pin::new_for(Role::Staff, "2718").unwrap()).unwrap();
        let sakura = StaffName::parse("さくら").unwrap();

        let AddStaff::Added(added) = store
            .add_staff(ours.id, &sakura, Role::Staff, &hash, owner.id)
            .await
            .unwrap()
        else {
            panic!("a new name is added");
        };
        assert_eq!(added.role, Role::Staff);
        assert_eq!(
            store
                .add_staff(ours.id, &sakura, Role::Staff, &hash, owner.id)
                .await
                .unwrap(),
            AddStaff::NameTaken
        );
        assert!(
            matches!(
                store
                    .add_staff(theirs.id, &sakura, Role::Staff, &hash, owner.id)
                    .await
                    .unwrap(),
                AddStaff::Added(_)
            ),
            "another shop may have its own さくら"
        );
        assert_eq!(store.staff(ours.id).await.unwrap(), vec![owner, added]);
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_idle_lock_is_the_owners_setting_and_its_change_is_logged(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let shop = store
        .ensure_shop(
            &ShopSlug::default_shop(),
            &ShopName::parse("Joren").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(shop.idle_lock, joren::IdleLock::DEFAULT);
    let owner = owner_of(&store, shop.id).await;
    let five = joren::IdleLock::from_minutes(5).unwrap();
    store.set_idle_lock(shop.id, five, owner.id).await.unwrap();
    store.set_idle_lock(shop.id, five, owner.id).await.unwrap();
    let shop = store.shop(&shop.slug).await.unwrap().unwrap();
    assert_eq!(shop.idle_lock, five);
    let log = store.audit_log(shop.id, None, 10).await.unwrap();
    let changes: Vec<_> = log
        .iter()
        .filter(|entry| entry.action == joren::audit::AuditAction::SettingsChanged)
        .collect();
    assert_eq!(
        changes.len(),
        1,
        "saving the same value again changes nothing"
    );
    assert_eq!(
        changes[0].detail,
        joren::audit::AuditDetail::IdleLock {
            before: 2,
            after: 5
        }
    );
}
