//! The store against real databases: a SQLite file, and PostgreSQL when
//! `JOREN_TEST_POSTGRES_URL` names a server (each test then works in a database of its own,
//! made for it and dropped after it). Tests of what both engines do run once on each
//! (`#[case::sqlite]`, `#[case::postgres]`); tests of the SQLite file itself (its pragmas,
//! backups, inspection, upgrades) run on SQLite alone.

mod backup;
mod brought_by;
mod changes;
mod check_ins;
mod demo;
mod erasure;
mod export;
mod insights;
mod inspect;
mod introductions;
mod paper_cards;
mod privacy;
mod regulars;
mod search;
mod sessions;
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

/// "+ new regular" with a profile and consents alone: no paper card, nobody they came with.
pub(crate) fn newcomer(
    profile: &joren::regular::Profile,
    consents: &joren::regular::Consents,
) -> joren::check_in::Newcomer {
    joren::check_in::Newcomer {
        profile: profile.clone(),
        consents: *consents,
        paper: None,
        came_with: None,
    }
}

/// Who was added and how they were checked in, when "+ new regular" added them.
pub(crate) fn added(
    added: joren::check_in::NewcomerAdded,
) -> (joren::RegularId, joren::check_in::CheckInOutcome) {
    match added {
        joren::check_in::NewcomerAdded::CheckedIn { id, outcome, .. } => (id, outcome),
        other => panic!("not added: {other:?}"),
    }
}

/// The details of the shop's audit entries of one kind, newest first.
pub(crate) async fn audit_details(
    store: &Store,
    shop: joren::ShopId,
    action: joren::audit::AuditAction,
) -> Vec<joren::audit::AuditDetail> {
    store
        .audit_log(shop, None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == action)
        .map(|entry| entry.detail)
        .collect()
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

/// A write reaches the database file itself, not only the WAL, while the store is open:
/// the WAL is copied over in the background, since no commit does it any more.
#[tokio::test]
async fn writes_reach_the_database_file_while_the_store_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let profile = joren::regular::Profile::parse(&joren::regular::RegularDraft {
        nickname: "ゆー。".into(),
        ..Default::default()
    })
    .unwrap();
    store
        .add_regular(shop.id, &profile, &Default::default(), owner.id)
        .await
        .unwrap();
    // The database file alone, without its WAL, as a copy would be without it.
    let file = dir.path().join("nested/dir/joren.db");
    let copy = dir.path().join("file-alone.db");
    let mut found = 0;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        std::fs::copy(&file, &copy).unwrap();
        let alone = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", copy.display()))
            .await
            .unwrap();
        found = sqlx::query_scalar("SELECT count(*) FROM regulars")
            .fetch_one(&alone)
            .await
            .unwrap_or(0);
        alone.close().await;
        if found == 1 {
            break;
        }
    }
    assert_eq!(found, 1, "the regular is in the database file within 4 s");
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
    use joren::storage::{Engine, PinAttempt, Store, WrongPin};
    use joren::{ShopId, ShopName, ShopSlug, StaffId};
    use rstest::rstest;

    const TABLET: &str = "192.0.2.10";
    /// Nobody of the shop has this id.
    const NOBODY: StaffId = StaffId(9999);

    /// An attempt counted and found wrong, as the unlock does it: what it led to, or `None`
    /// when it had to wait and was not counted.
    async fn wrong_pin(
        store: &Store,
        shop: ShopId,
        staff: StaffId,
        client: &str,
        now: i64,
    ) -> Option<WrongPin> {
        match store
            .count_pin_attempt(shop, staff, client, now)
            .await
            .unwrap()
        {
            PinAttempt::Wait { .. } => None,
            PinAttempt::Counted(attempt) => {
                store
                    .record_wrong_pin(shop, client, &attempt, now)
                    .await
                    .unwrap();
                Some(attempt.if_wrong)
            }
        }
    }

    /// Until when the address waits, as the next attempt from it finds it.
    async fn client_waits_until(
        store: &Store,
        shop: ShopId,
        client: &str,
        now: i64,
    ) -> Option<i64> {
        let lockouts = store.lockouts(shop, now).await.unwrap();
        lockouts
            .clients
            .iter()
            .find(|lockout| lockout.client == client)
            .map(|lockout| lockout.locked_until)
    }

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
        let wrong = |now| wrong_pin(&store, shop.id, owner.id, TABLET, now);
        for _ in 0..4 {
            assert_eq!(wrong(now).await.unwrap().staff_locked_until, None);
        }
        assert_eq!(
            wrong(now).await.unwrap().staff_locked_until,
            Some(now + 30_000),
            "the fifth wrong PIN in a row starts a 30 s wait"
        );
        assert_eq!(wrong(now).await, None, "nothing is checked while they wait");
        let now = now + 30_000;
        assert_eq!(
            wrong(now).await.unwrap().staff_locked_until,
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
        assert_eq!(wrong(now).await.unwrap().staff_locked_until, None);

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
            wrong_pin(&store, shop.id, owner.id, TABLET, now)
                .await
                .unwrap();
        }
        for _ in 0..5 {
            let result = wrong_pin(&store, shop.id, NOBODY, TABLET, now)
                .await
                .unwrap();
            assert_eq!(result.client_locked_until, None);
        }
        assert_eq!(client_waits_until(&store, shop.id, TABLET, now).await, None);
        assert_eq!(
            wrong_pin(&store, shop.id, NOBODY, TABLET, now).await,
            Some(WrongPin {
                staff_locked_until: None,
                client_locked_until: Some(now + 60_000)
            }),
            "the tenth wrong PIN from one address starts a minute's wait"
        );
        assert_eq!(
            client_waits_until(&store, shop.id, TABLET, now).await,
            Some(now + 60_000)
        );
        assert_eq!(
            wrong_pin(&store, shop.id, owner.id, TABLET, now + 59_999).await,
            None,
            "nothing from the address is checked while it waits, whoever for"
        );
        assert_eq!(
            client_waits_until(&store, shop.id, TABLET, now + 60_000).await,
            None,
            "the wait ends"
        );
        assert!(
            wrong_pin(&store, shop.id, NOBODY, "192.0.2.11", now)
                .await
                .is_some(),
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
        assert_eq!(client_waits_until(&store, shop.id, TABLET, now).await, None);
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

    /// A second store over the same database, as a second server would open it.
    async fn second_store(db: &TestDb) -> Store {
        let url = match db.postgres_url() {
            Some(url) => url,
            None => joren::storage::DatabaseUrl::sqlite_file(db.sqlite_file().unwrap()),
        };
        Store::open(&url, &joren::storage::StoreOptions::default())
            .await
            .unwrap()
    }

    /// Sends the attempts (who for, from where) at once, every other one through the second
    /// store; says how many were counted, that is, how many PINs would have been checked.
    async fn burst(
        stores: [&Store; 2],
        shop: ShopId,
        attempts: impl Iterator<Item = (StaffId, String)>,
        now: i64,
    ) -> usize {
        let tries = attempts.enumerate().map(|(n, (staff, client))| async move {
            stores[n % 2]
                .count_pin_attempt(shop, staff, &client, now)
                .await
                .unwrap()
        });
        futures_util::future::join_all(tries)
            .await
            .iter()
            .filter(|outcome| matches!(outcome, PinAttempt::Counted(_)))
            .count()
    }

    #[rstest]
    #[case::sqlite(Engine::Sqlite)]
    #[case::postgres(Engine::Postgres)]
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_parallel_guesses_gets_no_more_checks_than_the_limits_allow(
        #[case] engine: Engine,
    ) {
        let Some(db) = TestDb::new(engine).await else {
            return;
        };
        let store = db.store.clone();
        let other = second_store(&db).await;
        let (shop, owner) = super::shop_with_owner(&store).await;
        let now = 1_700_000_000_000;

        // Against one member, from many addresses: five, then the member waits. None of them
        // is the tablet below (192.0.2.10 was, and counted against it when its guess happened
        // to be one of the five, so that the tablet's own burst then counted nine).
        let one_member = (0..50).map(|n| (owner.id, format!("198.51.100.{n}")));
        let counted = burst([&store, &other], shop.id, one_member, now).await;
        assert_eq!(counted, 5, "the member's limit, over both servers");

        // From one address, for anybody: ten, then the address waits.
        let one_address = (0..50).map(|_| (NOBODY, TABLET.to_owned()));
        let counted = burst([&store, &other], shop.id, one_address, now).await;
        assert_eq!(counted, 10, "the address's limit, over both servers");
        other.close().await;
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
