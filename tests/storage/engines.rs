//! A fresh, empty database on either engine, for one test.

use joren::storage::testing::{PostgresDatabase, postgres_server};
use joren::storage::{DatabaseUrl, Engine, Store, StoreOptions};

/// A new database for one test, dropped with it: a SQLite file in a temporary directory, or
/// a PostgreSQL database of its own.
pub(crate) struct TestDb {
    pub store: Store,
    _place: Place,
}

enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(PostgresDatabase),
}

impl std::ops::Deref for TestDb {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl TestDb {
    /// The SQLite file, for tests that look at the bytes on disk; `None` on PostgreSQL.
    pub(crate) fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        match &self._place {
            Place::Sqlite(dir) => Some(dir.path().join("joren.db")),
            Place::Postgres(_) => None,
        }
    }

    /// The database's URL, for a second store over it; `None` on SQLite.
    pub(crate) fn postgres_url(&self) -> Option<DatabaseUrl> {
        match &self._place {
            Place::Sqlite(_) => None,
            Place::Postgres(database) => Some(DatabaseUrl::Postgres(database.url.clone())),
        }
    }

    /// A new, empty database on `engine`; `None` for PostgreSQL when no server is named (the
    /// run says so once, on the terminal).
    pub(crate) async fn new(engine: Engine) -> Option<Self> {
        Self::with_options(engine, &StoreOptions::default()).await
    }

    pub(crate) async fn with_options(engine: Engine, options: &StoreOptions) -> Option<Self> {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = DatabaseUrl::sqlite_file(dir.path().join("joren.db"));
                let store = Store::open(&url, options)
                    .await
                    .expect("a new SQLite file opens");
                Some(Self {
                    store,
                    _place: Place::Sqlite(dir),
                })
            }
            Engine::Postgres => {
                let server = postgres_server("storage tests")?;
                let database = PostgresDatabase::create(&server).await;
                let url = DatabaseUrl::Postgres(database.url.clone());
                let store = Store::open(&url, options)
                    .await
                    .expect("a new PostgreSQL database opens");
                Some(Self {
                    store,
                    _place: Place::Postgres(database),
                })
            }
        }
    }
}
