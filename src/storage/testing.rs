//! Test support, shared by the storage tests and the server's: a PostgreSQL database made
//! for one test on the server `JOREN_TEST_POSTGRES_URL` names, and dropped after it.
//! Not part of the program.

use sqlx::AssertSqlSafe;
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

use super::{DatabaseUrl, PostgresUrl};

/// The most search terms a step of a search reads before it walks the regulars instead, so
/// that a test can tell which way a search went.
pub const SEARCH_FEW_TERMS: i64 = super::regulars::FEW_TERMS;

/// The PostgreSQL server to test against, as an URL to any database on it (the tests make
/// their own databases there): `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VARIABLE: &str = "JOREN_TEST_POSTGRES_URL";

/// The server named by `JOREN_TEST_POSTGRES_URL`, or `None` after saying (once per run, for
/// `suite`) that PostgreSQL is skipped. Written straight to the terminal, past the test
/// harness's capture.
pub fn postgres_server(suite: &str) -> Option<PostgresUrl> {
    static SAID: Once = Once::new();
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(url) if !url.trim().is_empty() => match DatabaseUrl::parse(&url) {
            Ok(DatabaseUrl::Postgres(url)) => Some(url),
            _ => panic!("{POSTGRES_URL_VARIABLE} is not a postgres://… URL"),
        },
        _ => {
            SAID.call_once(|| {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "\n*** {suite}: PostgreSQL SKIPPED ({POSTGRES_URL_VARIABLE} is not set; \
                     e.g. postgres://postgres@127.0.0.1:5432/postgres). Only SQLite was tested.\n"
                );
            });
            None
        }
    }
}

/// A database made for one test on the server, dropped (with any connection still open to
/// it) when the test ends, passed or failed.
pub struct PostgresDatabase {
    server: PostgresUrl,
    pub url: PostgresUrl,
}

impl PostgresDatabase {
    pub async fn create(server: &PostgresUrl) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "joren_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            unique_suffix()
        );
        let mut admin = sqlx::PgConnection::connect(server.secret())
            .await
            .unwrap_or_else(|error| panic!("cannot reach the PostgreSQL server {server}: {error}"));
        // Several tests create their databases at once; PostgreSQL may refuse a copy of the
        // template while another is being made. Try again a few times.
        let mut tries = 0;
        loop {
            match sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
            {
                Ok(_) => break,
                Err(_) if tries < 20 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50 * tries)).await;
                }
                Err(error) => panic!("cannot create the test database {name}: {error}"),
            }
        }
        let _ = admin.close().await;
        Self {
            server: server.clone(),
            url: server.with_database(&name),
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.url.database().to_owned());
        // Drop runs outside any runtime the test may still hold: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let mut admin = sqlx::PgConnection::connect(server.secret()).await?;
                sqlx::query(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "could not drop the test database {}: {dropped:?}",
                self.url.database()
            );
        }
    }
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    format!("{nanos:x}")
}
