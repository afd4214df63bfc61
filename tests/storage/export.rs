//! The owner's export: every table of the shop, read back from the JSON document and from the
//! zip's CSV files, equals what the database holds, column by column; nothing secret and
//! nothing of another shop is in it; and no table of the schema is forgotten.

use sqlx::AssertSqlSafe;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use joren::audit::{AuditAction, AuditDetail};
use joren::demo::DemoSize;
use joren::export::{BOM, Format};
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::Engine;
use joren::storage::{Exported, NOT_EXPORTED, Store, exported_tables, now_millis};
use joren::{Shop, ShopName, ShopSlug, Staff};
use serde_json::Value as Json;

use super::{TestDb, fresh_store, owner_of, shop_with_owner};
use rstest::rstest;

const TRICKY_NICKNAME: &str = "ゆー。, \"写真\" 📷";
const TRICKY_NOTES: &str = "カンマ, と \"引用\"\r\n改行、😀 and a line\nwith LF only";
const OTHER_SHOPS_REGULAR: &str = "よその店のお客さま";
const OTHER_SHOPS_HOST: &str = "tonari.example";

/// Which rows of a table are the shop's, said again here rather than taken from the export.
fn filter(table: &str) -> &'static str {
    match table {
        "shops" => "id = $1",
        "introduction_outcomes" => {
            "introduction_id IN (SELECT id FROM introductions WHERE shop_id = $1)"
        }
        _ => "shop_id = $1",
    }
}

struct Fixture {
    store: Store,
    shop: Shop,
    owner: Staff,
    _db: TestDb,
}

/// A small demo shop, one regular whose fields need quoting in CSV, and a second shop with a
/// regular of its own.
async fn fixture(engine: Engine) -> Option<Fixture> {
    let db = TestDb::new(engine).await?;
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    // A fixed time, so the same seed gives the same shop on every run (at the real time the
    // rows drawn, such as the introductions' outcomes, depend on the hour).
    let now = 1_795_150_800_000; // 2026-11-20 14:00 +09:00
    // Over 10,000 visits (and as many entries in the audit log): more than one page of rows.
    let size = DemoSize::new(100, 10_500, 5).unwrap();
    store.fill_demo(&shop, size, 7, now).await.unwrap();

    let profile = Profile::parse(&RegularDraft {
        nickname: TRICKY_NICKNAME.into(),
        reading: "ゆう".into(),
        // A tagline Excel would run as a formula.
        tagline: "=HYPERLINK(\"http://evil.example\",\"歩いて日本一周\")".into(),
        interests: "写真, コーヒー".into(),
        links: "作品 https://例え.jp/作品?a=1,2".into(),
        ..RegularDraft::default()
    })
    .unwrap();
    let tricky = store
        .add_regular(shop.id, &profile, &Consents::default(), owner.id)
        .await
        .unwrap();
    // Notes as an older version may have stored them: with CR LF inside.
    sqlx::query("UPDATE regulars SET notes = $1 WHERE id = $2")
        .bind(TRICKY_NOTES)
        .bind(tricky.0)
        .execute(store.pool_for_tests())
        .await
        .unwrap();

    // A wrong PIN from a tablet, so that the kiosk's own records have a row too.
    store
        .count_pin_attempt(shop.id, owner.id, "192.168.1.23", now)
        .await
        .unwrap();

    let other = store
        .ensure_shop(
            &ShopSlug::parse("tonari").unwrap(),
            &ShopName::parse("隣の店").unwrap(),
        )
        .await
        .unwrap();
    let other_owner = owner_of(&store, other.id).await;
    // Each shop reached at a host name of its own.
    for (slug, host) in [
        (&shop.slug, "yururi.example"),
        (&other.slug, OTHER_SHOPS_HOST),
    ] {
        let host = joren::ShopHost::parse(host).unwrap();
        store.add_shop_host(slug, &host).await.unwrap();
    }
    let profile = Profile::parse(&RegularDraft {
        nickname: OTHER_SHOPS_REGULAR.into(),
        ..RegularDraft::default()
    })
    .unwrap();
    store
        .add_regular_and_check_in(
            other.id,
            &super::newcomer(&profile, &Consents::default()),
            &other.stamp_rules,
            other_owner.id,
            now,
        )
        .await
        .unwrap();
    Some(Fixture {
        store,
        shop,
        owner,
        _db: db,
    })
}

/// A table's exported columns, from the schema: all but the PIN's hash.
async fn columns(store: &Store, table: &str) -> Vec<String> {
    let query = match store.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = $1
              ORDER BY ordinal_position"
        }
    };
    let columns: Vec<String> = sqlx::query_scalar(query)
        .bind(table)
        .fetch_all(store.pool_for_tests())
        .await
        .unwrap();
    columns
        .into_iter()
        .filter(|column| !(table == "staff" && column == "pin_hash"))
        .collect()
}

/// The shop's rows of a table as SQLite itself writes them in JSON (NULL, numbers, text),
/// sorted, so that the comparison does not depend on the export's order.
async fn database_rows(store: &Store, shop: &Shop, table: &str) -> Vec<Json> {
    let pairs = columns(store, table)
        .await
        .iter()
        .map(|column| format!("'{column}', \"{column}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let object = match store.engine() {
        Engine::Sqlite => format!("json_object({pairs})"),
        Engine::Postgres => format!("CAST(json_build_object({pairs}) AS TEXT)"),
    };
    let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT {object} FROM \"{table}\" WHERE {}",
        filter(table)
    )))
    .bind(shop.id.0)
    .fetch_all(store.pool_for_tests())
    .await
    .unwrap();
    sorted(rows.iter().map(|row| serde_json::from_str(row).unwrap()))
}

/// Every exported table's columns and rows, read before the export (which adds its own
/// entry to the audit log).
async fn database(store: &Store, shop: &Shop) -> BTreeMap<&'static str, (Vec<String>, Vec<Json>)> {
    let mut tables = BTreeMap::new();
    for table in exported_tables() {
        let rows = database_rows(store, shop, table).await;
        tables.insert(table, (columns(store, table).await, rows));
    }
    tables
}

fn sorted(rows: impl Iterator<Item = Json>) -> Vec<Json> {
    let mut rows: Vec<Json> = rows.collect();
    rows.sort_by_key(|row| row.to_string());
    rows
}

/// What a CSV cell shows for a database value: text a spreadsheet would run as a formula
/// starts with an apostrophe.
fn cell(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(text) if text.starts_with(joren::export::FORMULA_STARTS) => format!("'{text}"),
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn read_all(mut exported: Exported) -> Vec<u8> {
    let mut bytes = Vec::new();
    exported.file.read_to_end(&mut bytes).unwrap();
    assert_eq!(bytes.len() as u64, exported.bytes);
    bytes
}

fn assert_nothing_secret_or_foreign(text: &str, what: &str) {
    assert!(!text.contains("pin_hash"), "{what} names pin_hash");
    assert!(!text.contains("$argon2"), "{what} holds a PIN's hash");
    assert!(
        !text.contains(OTHER_SHOPS_REGULAR)
            && !text.contains("隣の店")
            && !text.contains(OTHER_SHOPS_HOST),
        "{what} holds another shop's data"
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_json_export_holds_every_row_of_the_shop_as_the_database_does(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let database = database(&f.store, &f.shop).await;
    let exported = f
        .store
        .export(&f.shop, f.owner.id, Format::Json, 1_795_500_000_000)
        .await
        .unwrap();
    let (tables, rows) = (exported.tables, exported.rows);
    let text = String::from_utf8(read_all(exported)).unwrap();
    assert_nothing_secret_or_foreign(&text, "the JSON export");
    let document: Json = serde_json::from_str(&text).unwrap();

    assert_eq!(document["format"], "joren-export");
    assert_eq!(document["version"], 1);
    assert_eq!(document["exported_at"], 1_795_500_000_000_i64);
    assert_eq!(document["shop"]["slug"], "main");
    assert_eq!(document["shop"]["id"], f.shop.id.0);
    let names: BTreeSet<&str> = document["tables"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, exported_tables().collect::<BTreeSet<_>>());
    assert_eq!(tables, names.len());

    assert!(database["visits"].1.len() > 10_000, "visits span two pages");
    let mut counted = 0;
    for table in exported_tables() {
        let exported = document["tables"][table].as_array().unwrap();
        counted += exported.len();
        let (columns, expected_rows) = &database[table];
        let expected: BTreeSet<&String> = columns.iter().collect();
        for row in exported {
            let keys: BTreeSet<&String> = row.as_object().unwrap().keys().collect();
            assert_eq!(keys, expected, "{table}: the row's columns");
        }
        assert!(
            !expected_rows.is_empty(),
            "{table} has rows in the demo shop"
        );
        assert_eq!(
            &sorted(exported.iter().cloned()),
            expected_rows,
            "{table}: the exported rows"
        );
    }
    assert_eq!(rows, counted as u64);

    // NULL and the empty text stay apart: a consent not given, an entry without detail.
    let regulars = document["tables"]["regulars"].as_array().unwrap();
    let tricky = regulars
        .iter()
        .find(|row| row["nickname"] == TRICKY_NICKNAME)
        .expect("the tricky regular is exported");
    assert_eq!(tricky["notes"], TRICKY_NOTES);
    assert_eq!(tricky["may_be_introduced_at"], Json::Null);
    let audit = document["tables"]["audit_log"].as_array().unwrap();
    assert!(audit.iter().any(|row| row["detail"] == ""));
    assert!(audit.iter().any(|row| row["regular_id"].is_null()));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_zip_holds_one_csv_file_per_table_with_a_bom_that_reads_back_to_the_database(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let database = database(&f.store, &f.shop).await;
    let exported = f
        .store
        .export(&f.shop, f.owner.id, Format::CsvZip, now_millis())
        .await
        .unwrap();
    let bytes = read_all(exported);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: BTreeSet<String> = zip
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    let mut expected: BTreeSet<String> = exported_tables().map(|t| format!("{t}.csv")).collect();
    expected.insert("about.txt".to_owned());
    assert_eq!(names, expected);

    let mut about = String::new();
    zip.by_name("about.txt")
        .unwrap()
        .read_to_string(&mut about)
        .unwrap();
    assert!(
        about.contains("=A2/86400000+DATE(1970,1,1)+9/24"),
        "{about}"
    );

    for table in exported_tables() {
        let mut entry = zip.by_name(&format!("{table}.csv")).unwrap();
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{table}"
        );
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        drop(entry);
        assert_nothing_secret_or_foreign(&text, &format!("{table}.csv"));
        let body = text
            .strip_prefix(BOM)
            .unwrap_or_else(|| panic!("{table}.csv starts with the byte order mark"));
        assert!(body.contains("\r\n"), "{table}.csv ends its lines in CRLF");

        let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let (columns, database_rows) = &database[table];
        assert_eq!(&header, columns, "{table}.csv's header");
        let mut rows: Vec<Vec<String>> = reader
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect();
        rows.sort();
        let mut expected: Vec<Vec<String>> = database_rows
            .iter()
            .map(|row| columns.iter().map(|column| cell(&row[column])).collect())
            .collect();
        expected.sort();
        assert_eq!(rows, expected, "{table}.csv's rows");
    }

    // The notes came back whole, their CR LF, quotes, commas and emoji included.
    let mut regulars = String::new();
    zip.by_name("regulars.csv")
        .unwrap()
        .read_to_string(&mut regulars)
        .unwrap();
    assert!(regulars.contains("\"カンマ, と \"\"引用\"\"\r\n改行、😀"));
    // The formula is text: it starts with an apostrophe, and a cell that runs it is nowhere.
    assert!(
        regulars.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""),
        "{regulars}"
    );
    assert!(!regulars.contains(",=HYPERLINK") && !regulars.contains(",\"=HYPERLINK"));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn an_export_is_in_the_audit_log_with_its_size(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let exported = f
        .store
        .export(&f.shop, f.owner.id, Format::Json, now_millis())
        .await
        .unwrap();
    let log = f.store.audit_log(f.shop.id, None, 1).await.unwrap();
    assert_eq!(log[0].action, AuditAction::Exported);
    assert_eq!(log[0].by, Some(f.owner.id));
    assert_eq!(log[0].regular, None);
    assert_eq!(
        log[0].detail,
        AuditDetail::Exported {
            format: "JSON".to_owned(),
            tables: exported.tables as u64,
            rows: exported.rows,
            bytes: exported.bytes,
        }
    );
}

#[tokio::test]
async fn every_table_in_the_schema_is_exported_or_left_out_on_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let pool = store.pool_for_tests().clone();
    assert_eq!(
        store.tables_not_exported().await.unwrap(),
        Vec::<String>::new()
    );

    let schema: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    for table in exported_tables().chain(NOT_EXPORTED.iter().map(|(table, _)| *table)) {
        assert!(
            schema.contains(table),
            "{table} is listed but not in the schema"
        );
    }

    sqlx::query("CREATE TABLE gift_cards (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(store.tables_not_exported().await.unwrap(), ["gift_cards"]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_shop_with_few_rows_exports_empty_tables_as_empty(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    let exported = store
        .export(&shop, owner.id, Format::Json, now_millis())
        .await
        .unwrap();
    let document: Json = serde_json::from_slice(&read_all(exported)).unwrap();
    assert_eq!(document["tables"]["visits"], serde_json::json!([]));
    assert_eq!(document["tables"]["staff"].as_array().unwrap().len(), 1);

    let exported = store
        .export(&shop, owner.id, Format::CsvZip, now_millis())
        .await
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(read_all(exported))).unwrap();
    let mut visits = String::new();
    zip.by_name("visits.csv")
        .unwrap()
        .read_to_string(&mut visits)
        .unwrap();
    let header = columns(&store, "visits").await.join(",");
    assert_eq!(visits, format!("{BOM}{header}\r\n"));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_one_snapshot_while_check_ins_go_on(#[case] engine: Engine) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let Some(f) = fixture(engine).await else {
        return;
    };
    // New regulars checked in one after another until the export is done; the export starts
    // once the first is in.
    let stop = Arc::new(AtomicBool::new(false));
    let (started, first_in) = tokio::sync::oneshot::channel();
    let writer = {
        let (store, shop, owner, stop) =
            (f.store.clone(), f.shop.clone(), f.owner.id, stop.clone());
        tokio::spawn(async move {
            let mut started = Some(started);
            let mut written = 0_u32;
            while !stop.load(Ordering::Relaxed) && written < 5_000 {
                let profile = Profile::parse(&RegularDraft {
                    nickname: format!("書き出し中 {written}"),
                    ..RegularDraft::default()
                })
                .unwrap();
                store
                    .add_regular_and_check_in(
                        shop.id,
                        &super::newcomer(&profile, &Consents::default()),
                        &shop.stamp_rules,
                        owner,
                        now_millis(),
                    )
                    .await
                    .unwrap();
                written += 1;
                if let Some(started) = started.take() {
                    let _ = started.send(());
                }
            }
            written
        })
    };
    first_in.await.unwrap();
    let exported = f
        .store
        .export(&f.shop, f.owner.id, Format::Json, now_millis())
        .await
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    let document: Json = serde_json::from_slice(&read_all(exported)).unwrap();
    let rows = |table: &str| document["tables"][table].as_array().unwrap().clone();

    // Read at one moment, the tables agree with each other: every visit's regular is there,
    // and the insights' counts add up to the visits that stand.
    let regulars: BTreeSet<i64> = rows("regulars")
        .iter()
        .map(|regular| regular["id"].as_i64().unwrap())
        .collect();
    let visits = rows("visits");
    let strangers: Vec<i64> = visits
        .iter()
        .map(|visit| visit["regular_id"].as_i64().unwrap())
        .filter(|regular| !regulars.contains(regular))
        .collect();
    assert_eq!(
        strangers,
        Vec::<i64>::new(),
        "visits of regulars not exported"
    );
    let standing = visits
        .iter()
        .filter(|visit| visit["undone_at"].is_null())
        .count() as i64;
    let counted: i64 = rows("visit_tallies")
        .iter()
        .map(|quarter| quarter["visits"].as_i64().unwrap())
        .sum();
    assert_eq!(
        counted, standing,
        "the counts are of the same moment as the visits"
    );
    let added = rows("regulars")
        .iter()
        .filter(|regular| {
            regular["nickname"]
                .as_str()
                .unwrap()
                .starts_with("書き出し中")
        })
        .count();
    assert!(
        (1..=written as usize).contains(&added),
        "the export holds the check-ins made before it began ({added} of {written})"
    );
}
