//! Many rows in one `INSERT`, for the demo data and the search terms.
//!
//! sqlx's `QueryBuilder` writes `?` for each value when it builds for the `Any` driver, which
//! SQLite reads and PostgreSQL does not. This writes `$1, $2…` for PostgreSQL and `?` for
//! SQLite, with the same shape of calls. Not `$1` for SQLite too: to SQLite `$1` is a named
//! parameter, and sqlx asks SQLite for each parameter's name, a walk through the statement's
//! list of names, so a statement of 8,000 named values spent most of its time there
//! (filling the demo data took 19 minutes instead of 2). A `?` has no name.

use sqlx::AssertSqlSafe;
use std::fmt::Write;

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments};

use super::Engine;

pub(super) struct BulkInsert {
    engine: Engine,
    sql: String,
    arguments: AnyArguments,
}

/// One row's values, separated by commas.
pub(super) struct Row<'b> {
    insert: &'b mut BulkInsert,
    first: bool,
}

impl Row<'_> {
    pub(super) fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        if !self.first {
            self.insert.sql.push_str(", ");
        }
        self.first = false;
        self.insert
            .arguments
            .add(value)
            .expect("every value written in bulk is one the Any driver takes");
        match self.insert.engine {
            Engine::Sqlite => self.insert.sql.push('?'),
            Engine::Postgres => {
                let _ = write!(self.insert.sql, "${}", self.insert.arguments.len());
            }
        }
        self
    }
}

impl BulkInsert {
    /// `head` is the statement up to its `VALUES`: `INSERT INTO t (a, b) `.
    pub(super) fn new(engine: Engine, head: &str) -> Self {
        Self {
            engine,
            sql: head.to_owned(),
            arguments: AnyArguments::default(),
        }
    }

    /// `VALUES (…), (…)`: one row for each item, its values pushed by `push`.
    pub(super) fn push_values<I, F>(&mut self, items: I, mut push: F)
    where
        I: IntoIterator,
        F: FnMut(Row<'_>, I::Item),
    {
        self.sql.push_str("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.sql.push('(');
            push(
                Row {
                    insert: self,
                    first: true,
                },
                item,
            );
            self.sql.push(')');
        }
    }

    /// The statement, ready to run (once).
    pub(super) fn build(&mut self) -> sqlx::query::Query<'_, Any, AnyArguments> {
        sqlx::query_with(
            AssertSqlSafe(self.sql.as_str()),
            std::mem::take(&mut self.arguments),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{BulkInsert, Engine};

    fn two_rows(engine: Engine) -> String {
        let mut insert = BulkInsert::new(engine, "INSERT INTO t (a, b) ");
        insert.push_values([(1_i64, "x"), (2, "y")], |mut row, (a, b)| {
            row.push_bind(a).push_bind(b.to_owned());
        });
        insert.sql
    }

    #[test]
    fn values_are_numbered_across_rows_for_postgres() {
        assert_eq!(
            two_rows(Engine::Postgres),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn values_have_no_names_for_sqlite() {
        assert_eq!(
            two_rows(Engine::Sqlite),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
