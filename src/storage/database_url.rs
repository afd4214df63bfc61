//! The `JOREN_DATABASE_URL` setting, parsed once at start.

use std::fmt;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

/// Where the shop's data lives.
#[derive(Clone, Debug)]
pub enum DatabaseUrl {
    /// An embedded SQLite file (`sqlite://data/joren.db`, `sqlite:///var/lib/joren/joren.db`).
    Sqlite(SqliteConnectOptions),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("'{0}' is not a database URL; use sqlite://PATH, e.g. sqlite://data/joren.db")]
    UnknownScheme(String),
    #[error("PostgreSQL is not supported by this version of Joren; use sqlite://PATH")]
    PostgresUnsupported,
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
            return Err(DatabaseUrlError::PostgresUnsupported);
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
        Ok(Self::Sqlite(options))
    }

    /// A SQLite database in the given file.
    pub fn sqlite_file(path: impl AsRef<std::path::Path>) -> Self {
        Self::Sqlite(SqliteConnectOptions::new().filename(path))
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
        assert_eq!(
            DatabaseUrl::parse("postgres://localhost/joren").unwrap_err(),
            DatabaseUrlError::PostgresUnsupported
        );
        assert!(DatabaseUrl::parse("data/joren.db").is_err());
    }
}
