//! The store against a real SQLite file: schema, settings that keep data safe, shops.

use joren::storage::{DatabaseUrl, Engine, Store, StoreOptions};
use joren::{ShopName, ShopSlug};

async fn fresh_store(dir: &tempfile::TempDir) -> Store {
    let url = DatabaseUrl::sqlite_file(dir.path().join("nested/dir/joren.db"));
    Store::open(&url, &StoreOptions::default())
        .await
        .expect("a new database opens")
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

#[tokio::test]
async fn ensure_shop_creates_once_and_keeps_the_owners_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
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
