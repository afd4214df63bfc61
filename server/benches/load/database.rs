//! The database a run fills and serves: a SQLite file in the run's folder, or with
//! `JOREN_BENCH_POSTGRES_URL` (a PostgreSQL server, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`) a new database on that server, made for the
//! run and dropped at its end.

use std::path::PathBuf;

use sqlx::{AssertSqlSafe, Connection, PgConnection};

pub(crate) enum BenchDatabase {
    Sqlite(PathBuf),
    Postgres {
        /// The server's URL the run was given, for making and dropping the database.
        server: String,
        name: String,
        url: String,
    },
}

impl BenchDatabase {
    /// A new, empty PostgreSQL database on `server`, named after this process.
    pub(crate) async fn new_postgres(server: &str) -> Self {
        let name = format!("joren_bench_{}", std::process::id());
        let mut admin = PgConnection::connect(server)
            .await
            .expect("the PostgreSQL server of JOREN_BENCH_POSTGRES_URL answers");
        // The name is made of a fixed prefix and this process's number.
        sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
            .execute(&mut admin)
            .await
            .expect("an older bench database is dropped");
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("the bench database is made");
        admin.close().await.ok();
        let mut url = url::Url::parse(server).expect("JOREN_BENCH_POSTGRES_URL is a URL");
        url.set_path(&name);
        Self::Postgres {
            server: server.to_owned(),
            name,
            url: url.to_string(),
        }
    }

    pub(crate) fn url(&self) -> String {
        match self {
            Self::Sqlite(file) => format!("sqlite://{}", file.display()),
            Self::Postgres { url, .. } => url.clone(),
        }
    }

    pub(crate) fn engine(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres { .. } => "PostgreSQL",
        }
    }

    /// The data's size on disk.
    pub(crate) async fn bytes(&self) -> u64 {
        match self {
            Self::Sqlite(file) => std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
            Self::Postgres { url, .. } => {
                let mut connection = PgConnection::connect(url).await.expect("the database");
                let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                    .fetch_one(&mut connection)
                    .await
                    .unwrap_or(0);
                connection.close().await.ok();
                u64::try_from(bytes).unwrap_or(0)
            }
        }
    }

    /// Drops a PostgreSQL database the run made (a SQLite file goes with the run's folder).
    pub(crate) async fn drop_it(&self) {
        if let Self::Postgres { server, name, .. } = self
            && let Ok(mut admin) = PgConnection::connect(server).await
        {
            let dropped = sqlx::query(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await;
            if let Err(error) = dropped {
                eprintln!("the bench database {name} was not dropped: {error}");
            }
            admin.close().await.ok();
        }
    }
}
