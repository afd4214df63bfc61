//! The owner's export over HTTP: refused while locked (401) and to staff (403); for the owner
//! a zip of CSV files with the byte order mark, or JSON, as an attachment that is not cached,
//! and an entry in the audit log.

use std::io::Read;

use joren::TimeZoneName;
use joren::export::shop_date;
use joren::storage::now_millis;
use reqwest::header;
use serde_json::Value;

use crate::helpers::{TestApp, call, sakura_unlocks, set_up, spawn_app};

const BOM: &[u8] = "\u{FEFF}".as_bytes();

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

/// Adds a regular through the register's form, with a comma and a line break in the notes.
async fn add_regular(app: &TestApp) {
    let (status, saved) = call(
        app,
        "save_regular",
        &[
            ("nickname", "写真のゆう"),
            ("reading", "しゃしんのゆう"),
            ("tagline", ""),
            ("interests", "写真, コーヒー"),
            ("offers", ""),
            ("looking_for", ""),
            ("links", ""),
            ("notes", "朝が早い, \"常連\"\n猫好き"),
            ("may_be_introduced", "yes"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{saved}");
}

/// The name the file is given today in Tokyo (or yesterday, should midnight pass meanwhile).
fn expected_names(extension: &str, before: i64) -> [String; 2] {
    let tokyo = TimeZoneName::parse("Asia/Tokyo").unwrap();
    [before, now_millis()].map(|millis| {
        format!(
            "attachment; filename=\"joren-main-{}.{extension}\"",
            shop_date(millis, &tokyo)
        )
    })
}

fn assert_download(response: &reqwest::Response, content_type: &str, extension: &str, before: i64) {
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers[header::CONTENT_TYPE], content_type);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        expected_names(extension, before)
            .iter()
            .any(|name| name == disposition),
        "{disposition}"
    );
}

#[tokio::test]
async fn a_locked_kiosk_exports_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    call(&app, "lock", &[]).await;
    for path in ["/export.zip", "/export.json"] {
        let response = get(&app, path).await;
        assert_eq!(response.status(), 401, "{path}");
        assert!(
            response
                .headers()
                .get(header::CONTENT_DISPOSITION)
                .is_none()
        );
    }
}

#[tokio::test]
async fn staff_who_are_not_the_owner_export_nothing() {
    let app = spawn_app().await;
    set_up(&app).await;
    add_regular(&app).await;
    sakura_unlocks(&app).await;
    for path in ["/export.zip", "/export.json"] {
        let response = get(&app, path).await;
        assert_eq!(response.status(), 403, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("写真のゆう"), "{body}");
    }
}

#[tokio::test]
async fn the_owner_downloads_csv_files_for_excel_in_a_zip() {
    let app = spawn_app().await;
    set_up(&app).await;
    add_regular(&app).await;
    let before = now_millis();
    // A browser accepts gzip; the zip, compressed already, goes out as it is.
    let response = app
        .client
        .get(app.url("/export.zip"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_download(&response, "application/zip", "zip", before);
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    let length: usize = response.headers()[header::CONTENT_LENGTH]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes.len(), length);

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut regulars = Vec::new();
    zip.by_name("regulars.csv")
        .unwrap()
        .read_to_end(&mut regulars)
        .unwrap();
    assert!(
        regulars.starts_with(BOM),
        "regulars.csv starts with the BOM"
    );
    let regulars = String::from_utf8(regulars).unwrap();
    assert!(regulars.contains("写真のゆう"), "{regulars}");
    assert!(
        regulars.contains("\"朝が早い, \"\"常連\"\"\n猫好き\""),
        "{regulars}"
    );
    let mut staff = String::new();
    zip.by_name("staff.csv")
        .unwrap()
        .read_to_string(&mut staff)
        .unwrap();
    assert!(staff.contains("みどり"), "{staff}");
    assert!(
        !staff.contains("pin_hash") && !staff.contains("$argon2"),
        "{staff}"
    );

    let (status, log) = call(&app, "get_audit_log", &[]).await;
    assert_eq!(status, 200, "{log}");
    let newest = &log["lines"][0];
    assert_eq!(newest["action"], "exported");
    assert_eq!(newest["by"], "みどり");
    assert_eq!(newest["detail"]["kind"], "exported", "{newest}");
    assert_eq!(newest["detail"]["format"], "CSV (zip)", "{newest}");
}

#[tokio::test]
async fn the_owner_downloads_everything_as_json() {
    let app = spawn_app().await;
    set_up(&app).await;
    add_regular(&app).await;
    let before = now_millis();
    let response = get(&app, "/export.json").await;
    assert_download(&response, "application/json", "json", before);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["format"], "joren-export");
    assert_eq!(document["version"], 1);
    assert_eq!(document["shop"]["name"], "珈琲 ゆるり");
    let regulars = document["tables"]["regulars"].as_array().unwrap();
    assert_eq!(regulars.len(), 1);
    assert_eq!(regulars[0]["nickname"], "写真のゆう");
    assert_eq!(regulars[0]["tagline"], Value::Null);
    let staff = &document["tables"]["staff"][0];
    assert_eq!(staff["name"], "みどり");
    assert_eq!(staff.get("pin_hash"), None);

    let (_, log) = call(&app, "get_audit_log", &[]).await;
    assert_eq!(log["lines"][0]["action"], "exported");
    assert_eq!(log["lines"][0]["detail"]["format"], "JSON");
}
