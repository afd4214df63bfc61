//! Requests the kiosk will not serve get the status that says why, never a 500: a body over
//! the limit is 413 whether it says its length or is sent in chunks, and a regular (or
//! visit) that does not exist is 404, pages and server functions alike. Neither is a fault
//! of the server's, so neither is logged as an error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{call, joren_in, set_up, spawn_app, spawn_client};

/// More than the 64 KB a request body may have.
const TOO_LARGE: usize = 70 * 1024;

/// Posts a form to `path` in chunks of 8 KB without saying its length
/// (`Transfer-Encoding: chunked`), as a browser streaming a body does; returns the answer's
/// status and text. (Written by hand: the tests' HTTP client sends every body with its
/// length.)
async fn post_chunked(addr: SocketAddr, path: &str, body: Vec<u8>) -> (u16, String) {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        for chunk in body.chunks(8 * 1024) {
            request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            request.extend_from_slice(chunk);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");
        // The server may answer before it has read everything; what it answered counts.
        let _ = stream.write_all(&request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok())
            .unwrap_or_else(|| panic!("no answer: {answer:?}"));
        (status, answer)
    })
    .await
    .unwrap()
}

/// A form of `TOO_LARGE` bytes, as the register's "+ new regular" sends it.
fn oversized_form() -> Vec<u8> {
    let mut form = b"reading=&nickname=".to_vec();
    form.resize(TOO_LARGE, b'a');
    form
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_or_without_its_length() {
    let app = spawn_app().await;
    set_up(&app).await;
    let function = "/api/add_regular_and_check_in";

    let with_length = app
        .client
        .post(app.url(function))
        .header("origin", format!("http://{}", app.addr))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(oversized_form())
        .send()
        .await
        .unwrap();
    assert_eq!(with_length.status(), 413);

    let (status, answer) = post_chunked(app.addr, function, oversized_form()).await;
    assert_eq!(status, 413, "{answer}");
}

#[tokio::test]
async fn a_body_in_chunks_within_the_limit_reaches_the_server_function_whole() {
    let app = spawn_app().await;
    // The first start, its form sent in chunks of 8 KB: a long name is cut across them.
    let name = "珈琲 ゆるり".repeat(600);
    let form = form_body(&[
        ("shop_name", &name),
        ("owner_name", "みどり"),
        ("pin", "142857"),
        ("pin_again", "142857"),
    ]);
    assert!(form.len() > 8 * 1024 && form.len() < 64 * 1024);
    let (status, answer) = post_chunked(app.addr, "/api/first_start", form).await;
    // The name is too long for a shop, which only the whole form can tell.
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.contains("Invalid") && answer.contains("ShopName"),
        "{answer}"
    );
}

/// A form body, encoded as a browser encodes it.
fn form_body(fields: &[(&str, &str)]) -> Vec<u8> {
    let client = reqwest::Client::new();
    let request = client
        .post("http://127.0.0.1/")
        .form(fields)
        .build()
        .unwrap();
    request.body().unwrap().as_bytes().unwrap().to_vec()
}

#[tokio::test]
async fn a_regular_that_does_not_exist_is_404() {
    let app = spawn_app().await;
    set_up(&app).await;
    let (_, added) = call(
        &app,
        "add_regular_and_check_in",
        &[("nickname", "ゆー。"), ("reading", "")],
    )
    .await;
    let id = added["CheckedIn"]["regular"].as_i64().unwrap();
    let card = app
        .client
        .get(app.url(&format!("/regulars/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(card.status(), 200, "an existing regular's card is there");

    for path in [
        "/regulars/999999",
        "/regulars/999999/edit",
        "/regulars/999999/print",
        "/regulars/999999/data",
        "/regulars/not-a-number",
    ] {
        let page = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 404, "{path}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("This regular was not found"),
            "{path}: {html}"
        );
    }

    let missing_regular = [("regular_id", "999999")];
    for function in ["check_in", "redeem_reward"] {
        let (status, answer) = call(&app, function, &missing_regular).await;
        assert_eq!(status, 404, "{function}: {answer}");
        assert_eq!(answer["not_found"], "regular", "{function}: {answer}");
    }
    let (status, answer) = call(
        &app,
        "save_regular",
        &[
            ("regular_id", "999999"),
            ("nickname", "ゆー。"),
            ("reading", ""),
            ("tagline", ""),
            ("interests", ""),
            ("offers", ""),
            ("looking_for", ""),
            ("links", ""),
            ("notes", ""),
        ],
    )
    .await;
    assert_eq!(status, 404, "save_regular: {answer}");
    let (status, answer) = call(&app, "undo_check_in", &[("visit_id", "999999")]).await;
    assert_eq!(status, 404, "undo_check_in: {answer}");
    assert_eq!(answer["not_found"], "visit", "{answer}");
}

/// The binary's log, with what the tests above send: no line at ERROR.
#[tokio::test]
async fn neither_is_logged_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut child = joren_in(dir.path())
        .env("JOREN_ADDR", addr.to_string())
        .env("JOREN_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read_all = |from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            BufReader::new(from)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<_>>()
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().unwrap()));
    let stderr = read_all(Box::new(child.stderr.take().unwrap()));
    let client = spawn_client();
    let url = |path: &str| format!("http://{addr}{path}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.get(url("/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let post = |path: &str, form: &[(&str, &str)]| {
        client
            .post(url(path))
            .header("origin", format!("http://{addr}"))
            .form(form)
            .send()
    };
    let started = post(
        "/api/first_start",
        &[
            ("shop_name", "珈琲 ゆるり"),
            ("owner_name", "みどり"),
            ("pin", "142857"),
            ("pin_again", "142857"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(started.status(), 200);

    let page = client.get(url("/regulars/999999")).send().await.unwrap();
    assert_eq!(page.status(), 404);
    let checked_in = post("/api/check_in", &[("regular_id", "999999")])
        .await
        .unwrap();
    assert_eq!(checked_in.status(), 404);
    let (status, _) = post_chunked(addr, "/api/add_regular_and_check_in", oversized_form()).await;
    assert_eq!(status, 413);

    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let log = [stdout.join().unwrap(), stderr.join().unwrap()].concat();
    assert!(
        log.iter().any(|line| line.starts_with("Joren")),
        "the log is the server's: {log:?}"
    );
    let errors: Vec<_> = log.iter().filter(|line| line.contains("ERROR")).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
