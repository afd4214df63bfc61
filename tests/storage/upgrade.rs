//! Opening a database an older or a newer Joren used: a backup before an upgrade, and a
//! refusal that changes nothing.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use joren::storage::{DatabaseUrl, StorageError, Store, StoreOptions, newest_schema};
use joren::{ShopName, ShopSlug};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Connection, SqliteConnection};

/// The schema after the first seven migrations (before data care and the privacy notice).
const OLD_MIGRATIONS: usize = 7;
const OLD_SCHEMA: i64 = 20261125000002;

fn options(backups: &Path) -> StoreOptions {
    StoreOptions {
        upgrade_backup_dir: Some(backups.to_owned()),
        ..StoreOptions::default()
    }
}

/// A database as the first `migrations` of Joren's left it, in WAL mode, with one shop.
/// Made over one connection of its own, closed before this returns.
async fn database_at(path: &Path, migrations: usize) {
    let all = sqlx::migrate!("migrations/sqlite");
    let first = Migrator {
        migrations: Cow::Owned(all.migrations[..migrations].to_vec()),
        ..Migrator::DEFAULT
    };
    let mut connection = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal),
    )
    .await
    .unwrap();
    first.run(&mut connection).await.unwrap();
    sqlx::query("INSERT INTO shops (slug, name, created_at) VALUES ($1, '珈琲 ゆるり', 1)")
        .bind(ShopSlug::default_shop().as_str())
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
}

/// A database as an older Joren left it: at `OLD_SCHEMA`, with one shop.
async fn older_database(path: &Path) {
    database_at(path, OLD_MIGRATIONS).await;
    assert_eq!(schema_and_shop(path).await.0, OLD_SCHEMA);
}

/// The newest applied migration and the first shop's name, read without writing.
async fn schema_and_shop(path: &Path) -> (i64, String) {
    let pool = SqlitePoolOptions::new()
        .connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
        .await
        .unwrap();
    let schema = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(&pool)
        .await
        .unwrap();
    let name = sqlx::query_scalar("SELECT name FROM shops ORDER BY id LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    (schema, name)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn backups_in(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    files_in(dir)
        .into_iter()
        .map(|name| dir.join(name))
        .collect()
}

#[tokio::test]
async fn an_older_database_is_backed_up_then_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    let backups = dir.path().join("backups");
    older_database(&path).await;

    let store = Store::open(&DatabaseUrl::sqlite_file(&path), &options(&backups))
        .await
        .expect("an older database is upgraded");
    let made = backups_in(&backups);
    assert_eq!(made.len(), 1, "one backup before the upgrade: {made:?}");
    let name = made[0].file_name().unwrap().to_str().unwrap();
    let stamp = name
        .strip_prefix(&format!("before-upgrade-{OLD_SCHEMA}-"))
        .and_then(|rest| rest.strip_suffix(".db"))
        .unwrap_or_else(|| panic!("named after the schema it was at: {name}"));
    assert_eq!(stamp.len(), "2026-11-25-040000".len(), "{name}");
    assert!(
        !joren::backup::is_backup_file(name),
        "the daily count never removes it"
    );

    assert_eq!(
        schema_and_shop(&made[0]).await,
        (OLD_SCHEMA, "珈琲 ゆるり".to_owned()),
        "the backup holds the data at the schema it had"
    );
    let shop = store
        .shop(&ShopSlug::default_shop())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shop.name.as_str(), "珈琲 ゆるり");
    store.close().await;
    assert_eq!(
        schema_and_shop(&path).await,
        (newest_schema(), "珈琲 ゆるり".to_owned()),
        "the database is at this version's schema"
    );

    // Up to date now: the next start makes no second backup.
    let store = Store::open(&DatabaseUrl::sqlite_file(&path), &options(&backups))
        .await
        .unwrap();
    store.close().await;
    assert_eq!(backups_in(&backups).len(), 1);
}

#[tokio::test]
async fn a_new_or_up_to_date_database_gets_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    let backups = dir.path().join("backups");
    let url = DatabaseUrl::sqlite_file(&path);
    let store = Store::open(&url, &options(&backups)).await.unwrap();
    store
        .ensure_shop(
            &ShopSlug::default_shop(),
            &ShopName::parse("Joren").unwrap(),
        )
        .await
        .unwrap();
    store.close().await;
    assert!(!backups.exists(), "a new database is not backed up");
    assert_eq!(schema_and_shop(&path).await.0, newest_schema());

    let store = Store::open(&url, &options(&backups)).await.unwrap();
    store.close().await;
    assert!(!backups.exists(), "an up-to-date database is not backed up");
}

#[tokio::test]
async fn a_database_a_newer_joren_used_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    let backups = dir.path().join("backups");
    let url = DatabaseUrl::sqlite_file(&path);
    database_at(&path, sqlx::migrate!("migrations/sqlite").iter().count()).await;
    let mut connection =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&path))
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (20991201000001, 'from a newer Joren', 1, x'00', 0)",
    )
    .execute(&mut connection)
    .await
    .unwrap();
    // In rollback-journal mode, so that a connection that wrote anything, even only
    // switching it to WAL as the store's connections do, would show in its bytes.
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let files = files_in(dir.path());
    assert_eq!(files, ["joren.db"]);

    let error = Store::open(&url, &options(&backups))
        .await
        .expect_err("a schema this version does not know is refused");
    assert!(
        matches!(
            error,
            StorageError::NewerSchema {
                version: 20991201000001,
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert_eq!(
        message,
        format!(
            "this database was last used by a newer Joren (its schema 20991201000001 is newer \
             than this version's newest, {}); install that version again, or restore a backup \
             made by this version",
            newest_schema()
        )
    );
    assert!(std::fs::read(&path).unwrap() == bytes, "not a byte changed");
    assert_eq!(
        files_in(dir.path()),
        files,
        "no write-ahead log, no backup folder"
    );
}

#[tokio::test]
async fn an_upgrade_whose_backup_cannot_be_made_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    older_database(&path).await;
    let bytes = std::fs::read(&path).unwrap();
    // A file where the backup folder should be (a root user may write anywhere else).
    let not_a_folder = dir.path().join("backups");
    std::fs::write(&not_a_folder, "not a folder").unwrap();

    let error = Store::open(&DatabaseUrl::sqlite_file(&path), &options(&not_a_folder))
        .await
        .expect_err("no upgrade without its backup");
    assert!(
        matches!(error, StorageError::UpgradeBackup { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&not_a_folder.display().to_string()),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    assert_eq!(
        schema_and_shop(&path).await,
        (OLD_SCHEMA, "珈琲 ゆるり".to_owned()),
        "still at its old schema"
    );
    assert!(std::fs::read(&path).unwrap() == bytes, "not a byte changed");
}

#[tokio::test]
async fn the_former_session_stores_table_is_replaced_by_joren_s_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    // The database as it was before the sessions' own table came.
    let before_sessions = sqlx::migrate!("migrations/sqlite")
        .migrations
        .iter()
        .position(|migration| migration.description == "sessions")
        .unwrap();
    database_at(&path, before_sessions).await;
    // As the session store of the versions before made it at start, with a sign-in in it.
    let pool = SqlitePoolOptions::new()
        .connect_with(SqliteConnectOptions::new().filename(&path))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE tower_sessions (id text primary key not null, data blob not null, \
         expiry_date integer not null)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO tower_sessions VALUES ('a', x'00', '2026-12-07')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let store = Store::open(
        &DatabaseUrl::sqlite_file(&path),
        &options(&dir.path().join("backups")),
    )
    .await
    .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%sessions'",
    )
    .fetch_all(store.pool_for_tests())
    .await
    .unwrap();
    assert_eq!(tables, ["sessions"]);
    store.close().await;
}

/// A database as Joren left it when it was built with sqlx 0.8 (made by that build's own
/// first start, then dumped as SQL into `fixtures/sqlx-0.8-sqlite.sql`): sqlx 0.9 takes the
/// migrations 0.8 recorded, checksums included, as its own, so the shop opens as it was.
#[tokio::test]
async fn a_database_written_with_sqlx_0_8_opens_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("joren.db");
    let mut connection = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true),
    )
    .await
    .unwrap();
    sqlx::raw_sql(include_str!("fixtures/sqlx-0.8-sqlite.sql"))
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();

    let backups = dir.path().join("backups");
    let store = Store::open(&DatabaseUrl::sqlite_file(&path), &options(&backups))
        .await
        .unwrap();
    store.close().await;
    assert_eq!(
        schema_and_shop(&path).await,
        (newest_schema(), "Joren".to_owned())
    );
}
