//! The `joren` program as an owner runs it: its help, its errors, its stop.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const JOREN: &str = env!("CARGO_BIN_EXE_joren");

fn joren() -> Command {
    let mut command = Command::new(JOREN);
    for (name, _) in std::env::vars() {
        if name.starts_with("JOREN_") {
            command.env_remove(name);
        }
    }
    command
}

/// The allocator commits its memory as it uses it, so that what it frees leaves the server's
/// resident memory at once (`.cargo/config.toml`).
#[test]
fn the_allocator_commits_its_memory_as_it_is_used() {
    let output = joren()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("option 'arena_eager_commit': 0"),
        "mimalloc's options:\n{said}"
    );
}

#[test]
fn help_lists_the_settings_and_their_environment_variables() {
    let output = joren().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for setting in [
        "--addr",
        "JOREN_ADDR",
        "--database-url",
        "JOREN_DATABASE_URL",
    ] {
        assert!(help.contains(setting), "--help mentions {setting}:\n{help}");
    }
}

#[test]
fn a_bad_setting_is_one_line_that_names_it_and_a_failure_exit() {
    let dir = tempfile::tempdir().unwrap();
    for (variable, value) in [
        ("JOREN_ADDR", "not-an-address"),
        ("JOREN_DATABASE_URL", "mysql://localhost/shop"),
    ] {
        let output = joren()
            .current_dir(dir.path())
            .env(variable, value)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{variable}={value} must fail");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(variable), "{stderr}");
        assert!(
            !dir.path().join("data").exists(),
            "nothing is created when a setting is wrong"
        );
    }
}

#[test]
fn with_no_settings_it_creates_data_joren_db_and_sigterm_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = joren()
        .current_dir(dir.path())
        .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the server exited early"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(dir.path().join("data/joren.db").exists());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(exit.code(), Some(0), "SIGTERM is a clean stop");
}

#[test]
fn at_start_it_says_where_the_tablet_can_open_it() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = joren()
        .current_dir(dir.path())
        .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
        .env("JOREN_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Log lines (warnings) may come first.
    let mut lines = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .skip_while(|line| !line.starts_with("Joren"));
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    child.wait().unwrap();
    // On loopback, no tablet can reach it: it says so, and how to change that.
    assert!(
        first.contains(&format!("this computer only: http://127.0.0.1:{port}")),
        "{first}"
    );
    assert!(
        second.contains(&format!("--addr 0.0.0.0:{port}")),
        "{second}"
    );
}

/// Waits until a server started on `port` answers, sends it `request` (a whole HTTP/1.1
/// request asking to close the connection) and returns the answer as text.
fn ask(port: u16, request: &str) -> String {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut connection = loop {
        if let Ok(connection) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break connection;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    connection.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    connection.read_to_string(&mut answer).unwrap();
    answer
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn joren_demo_fills_a_new_shop_once_and_never_over_real_data() {
    let dir = tempfile::tempdir().unwrap();
    let demo = |args: &[&str]| {
        joren()
            .current_dir(dir.path())
            .args([
                "--database-url",
                "sqlite://demo.db",
                "--log",
                "warn",
                "demo",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let first = demo(&["--regulars", "40", "--visits", "900", "--present", "3"]);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        stdout.contains("40 regulars, 903 visits (3 in the shop now)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("店長") && stdout.contains("ゆき"),
        "{stdout}"
    );

    // A shop with regulars is left alone: exit 1, one line saying why.
    let again = demo(&["--regulars", "40", "--visits", "900"]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already has 40 regulars"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");

    // A size that cannot be is refused before the database is touched: exit 2.
    let wrong = joren()
        .current_dir(dir.path())
        .args([
            "--database-url",
            "sqlite://other.db",
            "demo",
            "--regulars",
            "5",
        ])
        .args(["--present", "9"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("9 people cannot be in the shop"));
    assert!(!dir.path().join("other.db").exists());
}

#[test]
fn with_json_logs_every_line_is_an_object_with_the_request_s_fields() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = joren()
        .current_dir(dir.path())
        .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
        .env("JOREN_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let answer = ask(
        port,
        "GET /healthz?who=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let mut said = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    child.wait().unwrap();

    let lines: Vec<serde_json::Value> = said
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line:?}")))
        .collect();
    for line in &lines {
        assert!(
            line["timestamp"].is_string() && line["level"].is_string(),
            "{line}"
        );
    }
    let messages: Vec<&str> = lines
        .iter()
        .filter_map(|line| line["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Joren is open on this computer only")),
        "{messages:?}"
    );
    // The request's line: its method and path (never the query), its status.
    let request = lines
        .iter()
        .find(|line| line["span"]["path"] == "/healthz")
        .unwrap_or_else(|| panic!("no line for the request: {said}"));
    assert_eq!(request["span"]["method"], "GET");
    assert_eq!(request["status"], 200, "{request}");
    assert!(!said.contains("who=x"), "{said}");
}

/// Under `cargo leptos watch` (`LEPTOS_WATCH`) a page carries Leptos's reload script with the
/// page's nonce, and its policy lets it reach the reload socket; otherwise neither.
#[test]
fn only_under_cargo_leptos_watch_a_page_reloads_itself() {
    let page = |watching: bool| {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut command = joren();
        command
            .current_dir(dir.path())
            .env("JOREN_ADDR", format!("127.0.0.1:{port}"))
            .env("JOREN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if watching {
            command
                .env("LEPTOS_WATCH", "true")
                .env("LEPTOS_RELOAD_PORT", "3917");
        }
        let mut child = command.spawn().unwrap();
        let answer = ask(
            port,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
        );
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        child.wait().unwrap();
        answer
    };
    let plain = page(false);
    assert!(plain.starts_with("HTTP/1.1 200"), "{plain}");
    assert!(!plain.contains("live_reload"), "{plain}");
    assert!(!plain.contains("ws://"), "{plain}");

    let watched = page(true);
    assert!(watched.contains("live_reload"), "{watched}");
    let policy = watched
        .lines()
        .find(|line| {
            line.to_ascii_lowercase()
                .starts_with("content-security-policy:")
        })
        .unwrap_or_else(|| panic!("{watched}"));
    assert!(
        policy.contains("connect-src 'self' ws://*:3917;"),
        "{policy}"
    );
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap();
    assert!(
        watched.contains(&format!("<script nonce=\"{nonce}\">(function (reload_port")),
        "the reload script carries the page's nonce: {watched}"
    );
}
