//! The owner's export, read from the database: every table of one shop, in one read
//! transaction that sees one snapshot (SQLite's WAL gives it; on PostgreSQL it is REPEATABLE
//! READ): check-ins that commit meanwhile are in no table, or in all of them. It is written
//! row by row into a temporary file, which the caller streams to the owner.
//!
//! The tables are listed here by name, each with how its rows are known to be the shop's.
//! What is left out is listed too, with why: a table in the schema that is in neither list
//! is a test failure, so a new table cannot be forgotten (or exported by accident).

use sqlx::AssertSqlSafe;
use std::fs::File;
use std::io::{self, Seek, SeekFrom};

use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row, TypeInfo, ValueRef};
use tokio::sync::mpsc;

use super::audit::Audit;
use super::{Engine, StorageError, Store};
use crate::audit::{AuditAction, AuditDetail};
use crate::export::{ExportWriter, Format, Header, Value};
use crate::shop::{Shop, ShopId};
use crate::staff::StaffId;

/// How a table's rows are known to be one shop's.
#[derive(Debug, Clone, Copy)]
enum Rows {
    /// `shop_id` names the shop.
    OfShop,
    /// The shop's own row.
    TheShop,
    /// Rows of the shop's introductions, through `introduction_id`.
    OfIntroduction,
}

#[derive(Debug, Clone, Copy)]
struct Table {
    name: &'static str,
    rows: Rows,
    /// The primary key (of the shop's rows): they are read in its order, a page at a time.
    key: &'static str,
}

/// Every table of the shop's data, in the order a reader meets them: the shop and its staff,
/// the regulars and what they did, introductions, links, then the kiosk's own records.
const EXPORTED: [Table; 15] = [
    table("shops", Rows::TheShop, "id"),
    // The host names the shop is reached at, when the installation serves several shops.
    table("shop_hosts", Rows::OfShop, "host"),
    table("staff", Rows::OfShop, "id"),
    table("regulars", Rows::OfShop, "id"),
    table("visits", Rows::OfShop, "id"),
    table("reward_ledger", Rows::OfShop, "id"),
    table("paper_cards", Rows::OfShop, "regular_id"),
    // Who brought whom, and the thank-you stamps given for it.
    table("brought_by", Rows::OfShop, "regular_id"),
    table("introductions", Rows::OfShop, "id"),
    table("introduction_outcomes", Rows::OfIntroduction, "id"),
    table("short_links", Rows::OfShop, "code"),
    table("link_scans", Rows::OfShop, "id"),
    table("unlock_attempts", Rows::OfShop, "client"),
    table("audit_log", Rows::OfShop, "id"),
    // The insights' counts per quarter hour, kept from the visits and the ledger above.
    table("visit_tallies", Rows::OfShop, "quarter"),
];

const fn table(name: &'static str, rows: Rows, key: &'static str) -> Table {
    Table { name, rows, key }
}

/// Tables in the database that are not a shop's data, and why.
pub const NOT_EXPORTED: [(&str, &str); 4] = [
    ("_sqlx_migrations", "the schema's own history"),
    (
        "search_terms",
        "the search's index, made from the regulars' names",
    ),
    (
        "sessions",
        "the sessions of the tablets: their ids are secrets",
    ),
    (
        "backup_schedule",
        "the installation's backup settings, not one shop's data",
    ),
];

/// Columns that never leave the database, and why.
pub const SECRET_COLUMNS: [(&str, &str, &str); 1] =
    [("staff", "pin_hash", "a PIN's hash is a secret")];

/// The tables an export holds, in its order.
pub fn exported_tables() -> impl Iterator<Item = &'static str> {
    EXPORTED.iter().map(|table| table.name)
}

/// A finished export: a temporary file (gone when closed), read from its start.
#[derive(Debug)]
pub struct Exported {
    pub file: File,
    pub bytes: u64,
    pub tables: usize,
    pub rows: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot write the export: {0}")]
    Write(#[from] io::Error),
}

impl From<sqlx::Error> for ExportError {
    fn from(error: sqlx::Error) -> Self {
        ExportError::Storage(error.into())
    }
}

/// Rows are read in pages, each its own statement in the one transaction: a statement over a
/// table of millions of rows would last as long as the writer takes to encode them (sqlx
/// warns of every statement over a second), and a page is a quick search by the key.
const PAGE: i64 = 10_000;

/// Rows go to the writer in batches: one hand-over per row would cost more than the row.
const BATCH: usize = 512;

/// What the reader hands the writer.
enum Piece {
    Table(&'static str, Vec<String>),
    Rows(Vec<Vec<Value>>),
}

#[derive(Debug, Default)]
struct Counts {
    tables: usize,
    rows: u64,
}

impl Store {
    /// Exports all of the shop's data in `format` into a temporary file, and records in the
    /// audit log who did. The database is read on this task while a blocking thread encodes
    /// and compresses, so neither waits long for the other.
    pub async fn export(
        &self,
        shop: &Shop,
        by: StaffId,
        format: Format,
        now: i64,
    ) -> Result<Exported, ExportError> {
        let pool = &self.pool;
        let header = Header {
            shop,
            exported_at: now,
        };
        let writer = ExportWriter::new(format, tempfile::tempfile()?, &header)?;
        let (pieces, receiver) = mpsc::channel(4);
        let writing = tokio::task::spawn_blocking(move || write_pieces(writer, receiver));

        // One snapshot for every page of every table: SQLite's read transaction is one (WAL);
        // PostgreSQL's default, READ COMMITTED, would give each statement a snapshot of its own.
        let begin = match self.engine {
            Engine::Sqlite => "BEGIN",
            Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        };
        let mut tx = pool.begin_with(begin).await?;
        let read = read_tables(self.engine, &mut tx, shop.id, pieces).await;
        tx.rollback().await?;
        // When the writer failed, the reader stopped for that reason: the writer's error is
        // the one to tell.
        let mut file = writing.await.map_err(io::Error::other)??;
        let counts = read?;
        file.seek(SeekFrom::Start(0))?;
        let bytes = file.metadata()?.len();

        let detail = AuditDetail::Exported {
            format: format.label().to_owned(),
            tables: counts.tables as u64,
            rows: counts.rows,
            bytes,
        };
        let mut tx = self.begin_write_in(shop.id).await?;
        Audit {
            shop: shop.id,
            at: now,
            by: Some(by),
            action: AuditAction::Exported,
            regular: None,
            detail: &detail,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(Exported {
            file,
            bytes,
            tables: counts.tables,
            rows: counts.rows,
        })
    }

    /// Tables in the database that are neither exported nor left out on purpose: empty,
    /// unless a new table was forgotten here.
    pub async fn tables_not_exported(&self) -> Result<Vec<String>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        unlisted_tables(self.engine, &mut connection).await
    }
}

async fn unlisted_tables(
    engine: Engine,
    connection: &mut AnyConnection,
) -> Result<Vec<String>, StorageError> {
    let tables = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_schema
              WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
              ORDER BY table_name"
        }
    };
    let tables: Vec<String> = sqlx::query_scalar(tables).fetch_all(connection).await?;
    Ok(tables
        .into_iter()
        .filter(|name| {
            !exported_tables().any(|listed| listed == name)
                && !NOT_EXPORTED.iter().any(|(listed, _)| listed == name)
        })
        .collect())
}

/// Reads every exported table of the shop and hands its rows to the writer; stops early
/// (and quietly) when the writer is gone, which only its own error makes it.
async fn read_tables(
    engine: Engine,
    connection: &mut AnyConnection,
    shop: ShopId,
    pieces: mpsc::Sender<Piece>,
) -> Result<Counts, StorageError> {
    let unlisted = unlisted_tables(engine, connection).await?;
    if !unlisted.is_empty() {
        tracing::warn!(
            ?unlisted,
            "tables that the export does not know are left out"
        );
    }
    let mut counts = Counts::default();
    for table in EXPORTED {
        let columns = columns(engine, connection, table.name).await?;
        if pieces
            .send(Piece::Table(table.name, columns.clone()))
            .await
            .is_err()
        {
            return Ok(counts);
        }
        counts.tables += 1;
        let key = columns
            .iter()
            .position(|column| column == table.key)
            .ok_or_else(|| StorageError::Corrupt(format!("{} has no {}", table.name, table.key)))?;
        let (first, next) = (
            select(&table, &columns, false),
            select(&table, &columns, true),
        );
        let mut after: Option<Value> = None;
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let query = match &after {
                None => sqlx::query(AssertSqlSafe(first.as_str())).bind(shop.0),
                Some(Value::Integer(last)) => sqlx::query(AssertSqlSafe(next.as_str()))
                    .bind(shop.0)
                    .bind(*last),
                Some(Value::Text(last)) => sqlx::query(AssertSqlSafe(next.as_str()))
                    .bind(shop.0)
                    .bind(last.clone()),
                Some(other) => {
                    return Err(StorageError::Corrupt(format!(
                        "{} has the key {other:?}",
                        table.name
                    )));
                }
            };
            let mut rows = query.bind(PAGE).fetch(&mut *connection);
            let mut read = 0;
            while let Some(row) = rows.try_next().await? {
                let values = values(&row)?;
                after = Some(values[key].clone());
                batch.push(values);
                read += 1;
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if pieces.send(Piece::Rows(full)).await.is_err() {
                        return Ok(counts);
                    }
                }
            }
            counts.rows += read;
            if read < PAGE.unsigned_abs() {
                break;
            }
        }
        if !batch.is_empty() && pieces.send(Piece::Rows(batch)).await.is_err() {
            return Ok(counts);
        }
    }
    Ok(counts)
}

/// The table's columns in their order, without the secret ones.
async fn columns(
    engine: Engine,
    connection: &mut AnyConnection,
    table: &str,
) -> Result<Vec<String>, StorageError> {
    let query = match engine {
        Engine::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = $1
              ORDER BY ordinal_position"
        }
    };
    let all: Vec<String> = sqlx::query_scalar(query)
        .bind(table)
        .fetch_all(connection)
        .await?;
    if all.is_empty() {
        return Err(StorageError::Corrupt(format!(
            "the table {table} is missing"
        )));
    }
    Ok(all
        .into_iter()
        .filter(|column| {
            !SECRET_COLUMNS
                .iter()
                .any(|(secret_table, secret, _)| *secret_table == table && secret == column)
        })
        .collect())
}

/// The query for a page of one table's rows of the shop (`$1`), in the order of its key:
/// the first page, or the page after the key `$2`; `LIMIT` is the last parameter.
fn select(table: &Table, columns: &[String], after: bool) -> String {
    let columns = columns
        .iter()
        .map(|column| quoted(column))
        .collect::<Vec<_>>()
        .join(", ");
    let filter = match table.rows {
        Rows::OfShop => "shop_id = $1",
        Rows::TheShop => "id = $1",
        Rows::OfIntroduction => {
            "introduction_id IN (SELECT id FROM introductions WHERE shop_id = $1)"
        }
    };
    let key = quoted(table.key);
    let (after, limit) = if after {
        (format!(" AND {key} > $2"), "$3")
    } else {
        (String::new(), "$2")
    };
    format!(
        "SELECT {columns} FROM {} WHERE {filter}{after} ORDER BY {key} LIMIT {limit}",
        quoted(table.name),
    )
}

fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// A row's values with the types the database gave them.
fn values(row: &AnyRow) -> Result<Vec<Value>, StorageError> {
    (0..row.len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Value::Null);
            }
            Ok(match raw.type_info().name() {
                "BIGINT" | "INTEGER" | "SMALLINT" => Value::Integer(row.try_get(i)?),
                "DOUBLE" | "REAL" => Value::Real(row.try_get(i)?),
                "TEXT" => Value::Text(row.try_get(i)?),
                other => {
                    return Err(StorageError::Corrupt(format!(
                        "a {other} value in column {i}, which the export cannot write"
                    )));
                }
            })
        })
        .collect()
}

/// The writer's side: runs on a blocking thread, until the reader has sent everything.
fn write_pieces(mut writer: ExportWriter, mut pieces: mpsc::Receiver<Piece>) -> io::Result<File> {
    while let Some(piece) = pieces.blocking_recv() {
        match piece {
            Piece::Table(name, columns) => writer.table(name, &columns)?,
            Piece::Rows(rows) => {
                for row in rows {
                    writer.row(&row)?;
                }
            }
        }
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_read_with_its_filter_a_page_at_a_time_in_the_order_of_its_key() {
        let columns = ["id".to_owned(), "note".to_owned()];
        let table = |name: &str| EXPORTED.iter().find(|table| table.name == name).unwrap();
        assert_eq!(
            select(table("introduction_outcomes"), &columns, false),
            "SELECT \"id\", \"note\" FROM \"introduction_outcomes\" \
             WHERE introduction_id IN (SELECT id FROM introductions WHERE shop_id = $1) \
             ORDER BY \"id\" LIMIT $2"
        );
        assert_eq!(
            select(table("short_links"), &columns[..1], true),
            "SELECT \"id\" FROM \"short_links\" WHERE shop_id = $1 AND \"code\" > $2 \
             ORDER BY \"code\" LIMIT $3"
        );
    }

    #[test]
    fn no_table_is_both_exported_and_left_out() {
        for (name, _) in NOT_EXPORTED {
            assert!(
                !exported_tables().any(|exported| exported == name),
                "{name}"
            );
        }
    }
}
