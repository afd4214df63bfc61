//! The `JOREN_DATABASE_URL` setting, parsed once at start.

use std::fmt;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

/// Where the shop's data lives.
#[derive(Clone, Debug)]
pub enum DatabaseUrl {
    /// An embedded SQLite file (`sqlite://data/joren.db`, `sqlite:///var/lib/joren/joren.db`).
    Sqlite(Box<SqliteConnectOptions>),
    /// A PostgreSQL database (`postgres://user:password@host:5432/joren`), which several app
    /// servers may share.
    Postgres(PostgresUrl),
}

/// A PostgreSQL connection URL. It may hold a password: it is shown with the password
/// hidden, and only the connection itself reads it whole.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(url::Url);

impl PostgresUrl {
    /// The whole URL, password included, to connect with.
    pub fn secret(&self) -> &str {
        self.0.as_str()
    }

    /// The database's name (the URL's path).
    pub fn database(&self) -> &str {
        self.0.path().trim_start_matches('/')
    }

    /// The same server and credentials, another database: for tests that make their own.
    pub fn with_database(&self, name: &str) -> Self {
        let mut url = self.0.clone();
        url.set_path(&format!("/{name}"));
        Self(url)
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        if shown.password().is_some() {
            let _ = shown.set_password(Some("***"));
        }
        f.write_str(shown.as_str())
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({self})")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error(
        "'{0}' is not a database URL; use sqlite://PATH (e.g. sqlite://data/joren.db) or \
         postgres://USER@HOST/DATABASE"
    )]
    UnknownScheme(String),
    #[error("'{url}' is not a usable PostgreSQL URL: {reason}")]
    InvalidPostgres { url: String, reason: String },
    #[error("'{url}' is not a usable SQLite URL: {reason}")]
    InvalidSqlite { url: String, reason: String },
    #[error("an in-memory SQLite database would lose every check-in at restart; give a file path")]
    InMemory,
}

impl DatabaseUrl {
    /// The embedded default: `./data/joren.db`, created on first start.
    pub const DEFAULT: &'static str = "sqlite://data/joren.db";

    pub fn parse(input: &str) -> Result<Self, DatabaseUrlError> {
        let input = input.trim();
        if input.starts_with("postgres://") || input.starts_with("postgresql://") {
            return Self::parse_postgres(input);
        }
        if !input.starts_with("sqlite:") {
            return Err(DatabaseUrlError::UnknownScheme(input.to_owned()));
        }
        if input.contains(":memory:") || input.contains("mode=memory") {
            return Err(DatabaseUrlError::InMemory);
        }
        let options = SqliteConnectOptions::from_str(input).map_err(|error| {
            DatabaseUrlError::InvalidSqlite {
                url: input.to_owned(),
                reason: error.to_string(),
            }
        })?;
        if options.get_filename().as_os_str().is_empty() {
            return Err(DatabaseUrlError::InvalidSqlite {
                url: input.to_owned(),
                reason: "it names no file".to_owned(),
            });
        }
        Ok(Self::Sqlite(Box::new(options)))
    }

    fn parse_postgres(input: &str) -> Result<Self, DatabaseUrlError> {
        let invalid = |reason: &str| DatabaseUrlError::InvalidPostgres {
            // Never echo a password back into a log.
            url: url::Url::parse(input).map_or_else(
                |_| "postgres://…".to_owned(),
                |url| PostgresUrl(url).to_string(),
            ),
            reason: reason.to_owned(),
        };
        let url = url::Url::parse(input).map_err(|error| invalid(&error.to_string()))?;
        if url.host_str().is_none_or(str::is_empty)
            && !url.query().is_some_and(|q| q.contains("host="))
        {
            return Err(invalid("it names no host"));
        }
        if url.path().trim_start_matches('/').is_empty() {
            return Err(invalid("it names no database (add /joren at the end)"));
        }
        Ok(Self::Postgres(PostgresUrl(url)))
    }

    /// A SQLite database in the given file.
    pub fn sqlite_file(path: impl AsRef<std::path::Path>) -> Self {
        Self::Sqlite(Box::new(SqliteConnectOptions::new().filename(path)))
    }
}

impl Default for DatabaseUrl {
    fn default() -> Self {
        Self::parse(Self::DEFAULT).expect("the default database URL parses")
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(options) => write!(f, "sqlite://{}", options.get_filename().display()),
            Self::Postgres(url) => url.fmt(f),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = DatabaseUrlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_a_file_under_data() {
        assert_eq!(DatabaseUrl::default().to_string(), "sqlite://data/joren.db");
    }

    #[test]
    fn sqlite_paths_relative_and_absolute() {
        let relative = DatabaseUrl::parse("sqlite://shop.db").unwrap();
        assert_eq!(relative.to_string(), "sqlite://shop.db");
        let absolute = DatabaseUrl::parse("sqlite:///var/lib/joren/joren.db").unwrap();
        assert_eq!(absolute.to_string(), "sqlite:///var/lib/joren/joren.db");
    }

    #[test]
    fn refuses_what_it_cannot_keep_safe() {
        assert_eq!(
            DatabaseUrl::parse("mysql://localhost/joren").unwrap_err(),
            DatabaseUrlError::UnknownScheme("mysql://localhost/joren".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite::memory:").unwrap_err(),
            DatabaseUrlError::InMemory
        );
        assert!(DatabaseUrl::parse("data/joren.db").is_err());
        assert!(matches!(
            DatabaseUrl::parse("postgres://localhost"),
            Err(DatabaseUrlError::InvalidPostgres { .. })
        ));
    }

    #[test]
    fn postgres_urls_are_shown_without_their_password() {
        let url = DatabaseUrl::parse("postgres://joren:s3cret@db.example:5432/joren").unwrap();
        assert_eq!(
            url.to_string(),
            "postgres://joren:***@db.example:5432/joren"
        );
        assert!(!format!("{url:?}").contains("s3cret"));
        let DatabaseUrl::Postgres(postgres) = &url else {
            panic!("a PostgreSQL URL")
        };
        assert_eq!(
            postgres.secret(),
            "postgres://joren:s3cret@db.example:5432/joren"
        );
        assert_eq!(postgres.database(), "joren");
        let Err(DatabaseUrlError::InvalidPostgres { url, .. }) =
            DatabaseUrl::parse("postgres://joren:s3cret@db.example:5432/")
        else {
            panic!("no database name")
        };
        assert!(!url.contains("s3cret"));
    }
}
