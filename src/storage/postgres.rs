//! A PostgreSQL server, for a shop (or several) that outgrew one box: several app servers
//! may run in front of it. Every statement is the one SQLite runs, through sqlx's `Any`
//! driver; the schema is kept equal in `migrations/postgres`.

use sqlx::AssertSqlSafe;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::{StorageError, StoreOptions};
use crate::storage::database_url::PostgresUrl;

pub(super) static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Connects the pool. Connections are checked before each use, so after the server
/// restarts, the broken ones are dropped and new ones made, without a restart of Joren.
pub(super) async fn open(url: &PostgresUrl, store: &StoreOptions) -> Result<AnyPool, StorageError> {
    let connect = |source| StorageError::Connect {
        url: url.to_string(),
        source,
    };
    let options: AnyConnectOptions = url.secret().parse().map_err(connect)?;
    let timeout = store
        .statement_timeout
        .map_or(0, |timeout| timeout.as_millis().min(i32::MAX as u128));
    let pool = AnyPoolOptions::new()
        .max_connections(store.max_connections.max(1))
        .acquire_timeout(store.acquire_timeout)
        .test_before_acquire(true)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                // Times are Unix milliseconds; the session's zone only matters to a person
                // reading with psql.
                // The timeout is a number of milliseconds from the settings.
                connection
                    .execute(AssertSqlSafe(format!(
                        "SET statement_timeout = {timeout}; SET TIME ZONE 'UTC'; \
                         SET application_name = 'joren'"
                    )))
                    .await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(connect)?;
    tracing::info!(database = %url, "PostgreSQL database open");
    Ok(pool)
}
