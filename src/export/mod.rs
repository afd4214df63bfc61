//! The owner's export: all of one shop's data, as CSV files in a zip (one file per table, for
//! Excel) or as one JSON document (for another program).
//!
//! Every value keeps its type from the database: NULL, an integer, a real number or text.
//! JSON keeps NULL and the empty text apart; a CSV cell cannot, and shows NULL as an empty
//! cell. Timestamps stay Unix milliseconds, as they are stored; `about.txt` in the zip says
//! how Excel turns them into dates.

#[cfg(feature = "server")]
mod write;

#[cfg(feature = "server")]
pub use write::{ExportWriter, Header, shop_date};

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::shop::ShopSlug;

/// What the JSON document calls itself, and the version of its layout.
pub const FORMAT_NAME: &str = "joren-export";
pub const FORMAT_VERSION: u32 = 1;

/// The byte order mark that starts every CSV file: without it, Excel in Japan reads UTF-8
/// as Shift_JIS and shows mojibake.
pub const BOM: &str = "\u{FEFF}";

/// The two ways to take the data home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One CSV file per table, in a zip.
    CsvZip,
    /// One JSON document with every table.
    Json,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::CsvZip, Format::Json];

    /// Where the owner downloads it.
    pub fn path(self) -> &'static str {
        match self {
            Format::CsvZip => "/export.zip",
            Format::Json => "/export.json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::CsvZip => "zip",
            Format::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::CsvZip => "application/zip",
            Format::Json => "application/json",
        }
    }

    /// How the audit log names it.
    pub fn label(self) -> &'static str {
        match self {
            Format::CsvZip => "CSV (zip)",
            Format::Json => "JSON",
        }
    }
}

/// The downloaded file's name: `joren-main-2026-11-26.zip`. `date` is the shop's date.
pub fn file_name(slug: &ShopSlug, date: &str, format: Format) -> String {
    format!("joren-{}-{date}.{}", slug.as_str(), format.extension())
}

/// What a text cell may not start with in a CSV file, lest a spreadsheet run it as a formula:
/// OWASP's list for CSV injection (the line feed included), and the full-width ＝ ＋ － ＠,
/// which OWASP's testing guide names for some locales. LibreOffice Calc 7.4 set to Japanese
/// keeps them as text; Excel in Japanese, which makes numbers of full-width digits typed into
/// a cell, could not be tried, so they are kept from starting a cell too: an apostrophe
/// before the rare name that starts with ＠ costs little.
pub const FORMULA_STARTS: [char; 11] =
    ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

/// One column's value in one row, with the type the database gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl Value {
    /// The cell's text in a CSV file: NULL is an empty cell, numbers as written in Rust
    /// (`-3`, `0.5`, never an exponent), text as it is, except that text a spreadsheet would
    /// take for a formula (starting with `=`, `+`, `-`, `@`, their full-width forms, a tab or
    /// a line break: a nickname typed as `=HYPERLINK(…)`) starts with an apostrophe, which
    /// Excel shows as text and does not run. Quoting is the CSV writer's. The JSON export
    /// keeps text as typed.
    pub fn csv_cell(&self) -> Cow<'_, str> {
        match self {
            Value::Null => Cow::Borrowed(""),
            Value::Integer(n) => Cow::Owned(n.to_string()),
            Value::Real(x) => Cow::Owned(x.to_string()),
            Value::Text(text) if text.starts_with(FORMULA_STARTS) => Cow::Owned(format!("'{text}")),
            Value::Text(text) => Cow::Borrowed(text),
        }
    }
}

/// JSON: `null`, a number, or a string.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Integer(n) => serializer.serialize_i64(*n),
            Value::Real(x) => serializer.serialize_f64(*x),
            Value::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// One row as a JSON object, its columns in the table's order.
pub struct Row<'a> {
    pub columns: &'a [String],
    pub values: &'a [Value],
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, value) in self.columns.iter().zip(self.values) {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() {
        for text in [
            "=HYPERLINK(\"http://x\")",
            "+81 90",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\n=1+1",
            "＝1+1",
            "＝ＨＹＰＥＲＬＩＮＫ（\"http://x\"）",
            "＋1+1",
            "－1+1",
            "＠SUM(1,1)",
        ] {
            assert_eq!(
                Value::Text(text.into()).csv_cell(),
                format!("'{text}"),
                "{text:?}"
            );
        }
        for text in ["ゆー。", "a=b", " =1", "'already", "ゆう＠写真", "ー"] {
            assert_eq!(Value::Text(text.into()).csv_cell(), text, "{text:?}");
        }
        // Numbers are numbers: a negative one is not text.
        assert_eq!(Value::Integer(-3).csv_cell(), "-3");
    }

    #[test]
    fn a_csv_cell_is_empty_for_null_and_the_text_itself_otherwise() {
        assert_eq!(Value::Null.csv_cell(), "");
        assert_eq!(Value::Text(String::new()).csv_cell(), "");
        assert_eq!(
            Value::Integer(-1_795_500_000_000).csv_cell(),
            "-1795500000000"
        );
        assert_eq!(Value::Real(0.5).csv_cell(), "0.5");
        assert_eq!(Value::Real(1e21).csv_cell(), "1000000000000000000000");
        let text = "「ゆー。」, \"写真\"\n📷";
        assert_eq!(Value::Text(text.into()).csv_cell(), text);
    }

    #[test]
    fn json_keeps_null_and_the_empty_text_apart() {
        let json = |value: Value| serde_json::to_string(&value).unwrap();
        assert_eq!(json(Value::Null), "null");
        assert_eq!(json(Value::Text(String::new())), "\"\"");
        assert_eq!(json(Value::Integer(42)), "42");
        assert_eq!(json(Value::Real(2.5)), "2.5");
        assert_eq!(json(Value::Text("a\"b\n🍞".into())), r#""a\"b\n🍞""#);
    }

    #[test]
    fn a_row_is_an_object_in_column_order() {
        let columns = ["id".to_owned(), "reading".to_owned(), "nickname".to_owned()];
        let values = [Value::Integer(7), Value::Null, Value::Text("ゆう".into())];
        let row = Row {
            columns: &columns,
            values: &values,
        };
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"id":7,"reading":null,"nickname":"ゆう"}"#
        );
    }

    #[test]
    fn the_file_is_named_after_the_shop_and_the_day() {
        let slug = ShopSlug::parse("kissa-yururi").unwrap();
        assert_eq!(
            file_name(&slug, "2026-11-26", Format::CsvZip),
            "joren-kissa-yururi-2026-11-26.zip"
        );
        assert_eq!(
            file_name(&slug, "2026-11-26", Format::Json),
            "joren-kissa-yururi-2026-11-26.json"
        );
    }
}
