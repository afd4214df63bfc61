//! The register at the size of a big shop: 100,000 regulars and 5,000,000 visits.
//!
//! `./scripts/bench` builds the release and runs this. It fills a fresh database with
//! `joren demo`, starts the real `joren` binary on loopback over it, and measures what staff
//! and regulars feel, each figure against its target. Where a target is relative (check-in
//! latency, pages per second), its baseline is measured in the same run on the same machine:
//! shared machines drift, ratios hold. It prints a table, writes the figures as JSON, and
//! exits non-zero when a figure misses its target.
//!
//! Settings (environment): `JOREN_BIN` (the release binary, which carries the site),
//! `JOREN_BENCH_REGULARS`, `JOREN_BENCH_VISITS`, `JOREN_BENCH_PRESENT` (the data's
//! size), `JOREN_BENCH_JSON` (where to write the figures), `JOREN_CHROMIUM` (the browser
//! that `end2end/bench/first-tap.mjs` drives with Node for the first working tap,
//! `/usr/bin/chromium` unless set). `JOREN_BENCH_DURABILITY_ONLY=1`
//! measures only what `synchronous=FULL` costs against NORMAL (bare inserts and commits, no
//! server, no demo data) and prints that one line.
//!
//! For comparing one change before and after in a sitting: `JOREN_BENCH_DATABASE` names a
//! database `joren demo` filled earlier (with the owner PIN below), which the run copies
//! instead of filling one (the fill is then not measured), and `JOREN_BENCH_ONLY` names the
//! groups of figures to measure, separated by commas: `first_load`, `first_tap`, `search`,
//! `suggestions`, `pages`, `insights`, `check_ins`, `guessing`, `live`, `qr` (start-up and
//! memory are always measured).

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use joren::ShopSlug;
use joren::reading::Query;
use joren::storage::{DatabaseUrl, Store, StoreOptions, now_millis};
use serde_json::{Value, json};

/// The demo owner's PIN (`joren demo --owner-pin`).
const OWNER_PIN: &str = "123456";
const CHECK_IN_CLIENTS: usize = 16;
const CHECK_INS_PER_CLIENT: usize = 60;
const PAGE_CONNECTIONS: usize = 32;
const WRK_SECONDS: u32 = 10;

fn main() -> ExitCode {
    if let Ok(addr) = std::env::var("JOREN_BENCH_BARE_AXUM") {
        bare_axum(&addr);
        return ExitCode::SUCCESS;
    }
    // `cargo bench` passes `--bench`; this benchmark has no options of its own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    if std::env::var_os("JOREN_BENCH_DURABILITY_ONLY").is_some() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let total = CHECK_IN_CLIENTS * CHECK_INS_PER_CLIENT;
        let figure = runtime.block_on(async {
            let full = bare_inserts(dir.path(), total, Durability::Full).await;
            let normal = bare_inserts(dir.path(), total, Durability::Normal).await;
            durability_cost(total, &full, &normal)
        });
        println!(
            "| {} | {:.2} {} | {} |",
            figure.name,
            figure.value.unwrap_or(0.0),
            figure.unit,
            figure.detail
        );
        return ExitCode::SUCCESS;
    }
    let figures = runtime.block_on(run());
    report(&figures)
}

#[derive(Debug, Clone)]
struct Figure {
    name: &'static str,
    value: Option<f64>,
    unit: &'static str,
    target: Target,
    detail: String,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
    /// Measured to be known, with nothing to meet.
    Informational,
}

impl Figure {
    fn met(&self) -> Option<bool> {
        match (self.target, self.value) {
            (Target::AtMost(limit), Some(value)) => Some(value <= limit),
            (Target::AtLeast(limit), Some(value)) => Some(value >= limit),
            _ => None,
        }
    }

    fn target_text(&self) -> String {
        match self.target {
            Target::AtMost(limit) => format!("≤ {} {}", number(limit), self.unit),
            Target::AtLeast(limit) => format!("≥ {} {}", number(limit), self.unit),
            Target::Informational => "none (informational)".to_owned(),
        }
    }
}

fn number(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(default)
}

/// Whether `JOREN_BENCH_ONLY` (unset: everything) names this group of figures.
fn wanted(group: &str) -> bool {
    std::env::var("JOREN_BENCH_ONLY").map_or(true, |only| {
        only.split(',').any(|named| named.trim() == group)
    })
}

/// Cargo's target folder: `CARGO_TARGET_DIR`, else the workspace's own `target` (cargo runs
/// a bench from its package's folder, `server/`, so a relative `target` would be another one).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("the server crate is in the workspace")
                .join("target")
        })
}

async fn run() -> Vec<Figure> {
    let joren = std::env::var_os("JOREN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("release/joren"));
    let regulars: u32 = setting("JOREN_BENCH_REGULARS", 100_000);
    let visits: u64 = setting("JOREN_BENCH_VISITS", 5_000_000);
    let present: u32 = setting("JOREN_BENCH_PRESENT", 300);
    assert!(joren.is_file(), "no joren binary at {}", joren.display());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("bench.db");
    let database_url = format!("sqlite://{}", database.display());

    let demo_seconds = match std::env::var_os("JOREN_BENCH_DATABASE") {
        Some(filled) => {
            eprintln!("copying {}…", Path::new(&filled).display());
            std::fs::copy(&filled, &database).expect("the filled database copies");
            // On disk before anything is measured: else the copy's gigabyte is written back
            // while the check-ins wait for their own syncs.
            std::fs::File::open(&database)
                .and_then(|copy| copy.sync_all())
                .expect("the copy is written out");
            None
        }
        None => {
            eprintln!("filling {regulars} regulars, {visits} visits, {present} in the shop now…");
            let started = Instant::now();
            let status = Command::new(&joren)
                .args(["--database-url", &database_url, "--log", "warn", "demo"])
                .args(["--regulars", &regulars.to_string()])
                .args(["--visits", &visits.to_string()])
                .args(["--present", &present.to_string()])
                .args(["--owner-pin", OWNER_PIN])
                .status()
                .expect("joren demo runs");
            assert!(status.success(), "joren demo failed");
            Some(started.elapsed().as_secs_f64())
        }
    };
    let database_bytes = std::fs::metadata(&database).map(|m| m.len()).unwrap_or(0);

    let mut figures = Vec::new();
    let (mut server, addr, start_up) = start_server(&joren, &database_url);
    figures.push(Figure {
        name: "start-up to first served request",
        value: Some(start_up.as_secs_f64() * 1000.0),
        unit: "ms",
        target: Target::AtMost(1000.0),
        detail: format!(
            "on the {:.0} MB database ({})",
            database_bytes as f64 / 1e6,
            demo_seconds.map_or("copied, not filled".to_owned(), |seconds| format!(
                "{seconds:.0} s to fill"
            ))
        ),
    });
    let kiosk = Kiosk::new(addr);
    if wanted("first_load") {
        figures.push(first_load(&kiosk).await);
        figures.push(largest_screen());
    }

    let store = Store::open(
        &DatabaseUrl::sqlite_file(&database),
        &StoreOptions::default(),
    )
    .await
    .expect("the bench database opens");
    let shop = store
        .shop(&ShopSlug::default_shop())
        .await
        .expect("the shop")
        .expect("the demo shop");
    let here = in_the_shop_count(&store, &shop).await;
    if wanted("first_tap") {
        // The shop as it is, which a copied database (`JOREN_BENCH_DATABASE`) decides, not
        // the demo settings.
        let regulars: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regulars")
            .fetch_one(store.pool_for_tests())
            .await
            .expect("the regulars counted");
        figures.extend(first_tap(&kiosk, regulars, here).await);
    }

    // Server time of the two queries staff wait for, through the store as the server calls it.
    if wanted("search") {
        figures.push(search(&store, shop.id).await);
    }
    if wanted("suggestions") {
        figures.push(suggestions(&store, &shop, present).await);
    }
    if wanted("pages") {
        figures.extend(pages(&kiosk, &store, &shop).await);
    }
    if wanted("insights") {
        figures.extend(insights(&kiosk).await);
    }
    if wanted("check_ins") {
        figures.extend(check_ins(&kiosk, &store, &shop, dir.path()).await);
    }
    if wanted("guessing") {
        figures.push(check_ins_while_guessing(&kiosk, &store, &shop).await);
    }
    if wanted("live") {
        figures.push(live_updates(&kiosk, &store, &shop).await);
    }
    if wanted("qr") {
        figures.push(qr_render());
    }
    store.close().await;

    let pid = server.id();
    let peak = proc_status_kib(pid, "VmHWM");
    let mib = |field| proc_status_kib(pid, field).map_or(0.0, |kib| kib as f64 / 1024.0);
    let (anon, file) = (mib("RssAnon"), mib("RssFile"));
    stop(&mut server);
    figures.push(Figure {
        name: "server memory, peak RSS",
        value: peak.map(|kib| kib as f64 / 1024.0),
        unit: "MB",
        target: Target::AtMost(100.0),
        detail: format!(
            "VmHWM of the joren process after the whole run; at its end {anon:.0} MB heap \
             and stacks, {file:.0} MB mapped from files (the binary, the database)"
        ),
    });
    figures
}

/// Starts `joren` on a free loopback port; returns it with the time until `/healthz` answered.
#[expect(
    clippy::zombie_processes,
    reason = "the caller stops the server and waits for it (`stop`)"
)]
fn start_server(joren: &Path, database_url: &str) -> (Child, SocketAddr, Duration) {
    let addr = free_port();
    let started = Instant::now();
    let mut child = Command::new(joren)
        .args(["--addr", &addr.to_string()])
        .args(["--database-url", database_url])
        .args(["--log", "warn"])
        .stdout(Stdio::null())
        .spawn()
        .expect("joren starts");
    let deadline = started + Duration::from_secs(60);
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(addr) {
            use std::io::{Read, Write};
            let _ =
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return (child, addr, started.elapsed());
            }
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("joren did not start within a minute");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A loopback address with a port nobody listens on.
fn free_port() -> SocketAddr {
    let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("its address")
}

fn stop(server: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

/// A line of the process's `/proc/PID/status`, in KiB (`VmHWM` is the peak RSS).
fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The kiosk over HTTP, as a tablet reaches it.
struct Kiosk {
    addr: SocketAddr,
    client: reqwest::Client,
}

impl Kiosk {
    fn new(addr: SocketAddr) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(64)
            .build()
            .expect("an HTTP client");
        Self { addr, client }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A file as text, uncompressed.
    async fn text(&self, path: &str) -> String {
        match self.client.get(self.url(path)).send().await {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// A server function call as the page makes it, with a session cookie.
    async fn call(&self, cookie: &str, function: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .client
            .post(self.url(&format!("/api/{function}")))
            .header("origin", format!("http://{}", self.addr))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// Signs the owner in on a tablet of its own; returns its session cookie.
    async fn sign_in(&self) -> String {
        let (_, kiosk) = self.call("", "get_kiosk", &[]).await;
        let kiosk: Value = serde_json::from_str(&kiosk).expect("the kiosk as JSON");
        let owner = kiosk["staff"]
            .as_array()
            .and_then(|staff| staff.first())
            .and_then(|member| member["id"].as_i64())
            .expect("the demo shop has staff");
        let response = self
            .client
            .post(self.url("/api/unlock"))
            .header("origin", format!("http://{}", self.addr))
            .form(&[("staff_id", owner.to_string().as_str()), ("pin", OWNER_PIN)])
            .send()
            .await
            .expect("unlock answers");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .expect("a session cookie")
            .to_owned();
        assert_eq!(response.text().await.unwrap_or_default(), "\"Unlocked\"");
        cookie
    }
}

/// What a tablet downloads to show the kiosk: the wasm, JavaScript and stylesheet the page
/// names, and the scripts those scripts import (the split wasm's loader), as the server sends
/// them to a browser that accepts brotli. A screen's own wasm, loaded when it is first opened,
/// is not part of it.
async fn first_load(kiosk: &Kiosk) -> Figure {
    let page = kiosk
        .client
        .get(kiosk.url("/"))
        .send()
        .await
        .expect("the kiosk page")
        .text()
        .await
        .unwrap_or_default();
    let mut files: Vec<String> = page
        .split("/pkg/")
        .skip(1)
        .filter_map(|rest| rest.split(['"', '\'', ')', ' ']).next())
        .map(|name| format!("/pkg/{name}"))
        .collect();
    files.sort();
    files.dedup();
    let mut total = 0u64;
    let mut details = Vec::new();
    let mut next = 0;
    while let Some(file) = files.get(next).cloned() {
        next += 1;
        let response = kiosk
            .client
            .get(kiosk.url(&file))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .expect("a site file");
        let encoding = header(&response, "content-encoding");
        let cache = header(&response, "cache-control");
        let bytes = response.bytes().await.map(|b| b.len() as u64).unwrap_or(0);
        total += bytes;
        let kind = file.rsplit('.').next().unwrap_or("?");
        details.push(format!(
            "{kind} {:.0} KB {encoding}{}",
            bytes as f64 / 1024.0,
            if cache.contains("immutable") {
                ", cached a year"
            } else {
                ""
            }
        ));
        if kind == "js" {
            for imported in static_imports(&kiosk.text(&file).await) {
                let imported = format!("/pkg/{imported}");
                if !files.contains(&imported) {
                    files.push(imported);
                }
            }
        }
    }
    Figure {
        name: "first load of the kiosk (wasm + JS + CSS, as sent)",
        value: Some(total as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(300.0),
        detail: details.join("; "),
    }
}

/// The most a screen other than the register makes a tablet download when it is first opened:
/// its own split-out wasm and the shared chunks it needs (the manifest `cargo leptos build
/// --split` writes), brotli as sent. Read from the checkout's `target/site`, which the
/// release binary embeds.
fn largest_screen() -> Figure {
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate is in the workspace")
        .join("target/site/pkg");
    let manifest = std::fs::read_dir(&pkg)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with("__wasm_split_manifest.") && name.ends_with(".json")
                })
        })
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| {
            serde_json::from_slice::<std::collections::BTreeMap<String, Vec<String>>>(&bytes).ok()
        });
    let Some(manifest) = manifest else {
        return Figure {
            name: "a screen's own code, loaded when first opened (largest)",
            value: None,
            unit: "KB",
            target: Target::AtMost(150.0),
            detail: format!("not measured: no split manifest in {}", pkg.display()),
        };
    };
    let brotli = |file: &str| {
        std::fs::metadata(pkg.join(format!("{file}.wasm.br")))
            .map(|metadata| metadata.len())
            .unwrap_or(0)
    };
    let mut screens: Vec<(String, u64)> = manifest
        .iter()
        .map(|(screen, files)| {
            // `__settings_page_view_8260…` names the screen's view.
            let name = screen
                .trim_start_matches('_')
                .split("_page_view")
                .next()
                .unwrap_or(screen)
                .to_owned();
            (name, files.iter().map(|file| brotli(file)).sum())
        })
        .collect();
    screens.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    Figure {
        name: "a screen's own code, loaded when first opened (largest)",
        value: screens.first().map(|(_, bytes)| *bytes as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(150.0),
        detail: screens
            .iter()
            .map(|(name, bytes)| format!("{name} {:.0}", *bytes as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The first working tap's CPU throttling rates, with their figures' names and targets (ms).
const FIRST_TAP: [(u32, &str, f64); 3] = [
    (1, "first working tap on the register, CPU as is", 150.0),
    (4, "first working tap on the register, CPU slowed 4×", 400.0),
    (6, "first working tap on the register, CPU slowed 6×", 600.0),
];
/// Loads at each rate; a figure is their median.
const FIRST_TAP_LOADS: usize = 5;
/// How long `end2end/bench/first-tap.mjs` waits for the form in one load.
const FIRST_TAP_GIVE_UP_MS: u32 = 15_000;

/// First working tap: from navigating to the register to the form that "+ New regular" opens,
/// tapping it every 50 ms, in headless Chromium with the CPU as is and slowed 4× and 6× (Chrome
/// DevTools' throttling), each the median of 5 loads in fresh browser contexts with the cache
/// off, over loopback. The detail gives the floor of the same run: a bare page with the same
/// disclosure, which the browser serves itself. `end2end/bench/first-tap.mjs` drives the
/// browser with the owner's session; without Node, Chromium or end2end's npm packages the
/// figures say so and have no value.
async fn first_tap(kiosk: &Kiosk, regulars: i64, here: usize) -> Vec<Figure> {
    let cookie = kiosk.sign_in().await;
    let session = cookie.split_once('=').map_or("", |(_, value)| value);
    let measured = first_tap_loads(&kiosk.url("/"), session);
    FIRST_TAP
        .iter()
        .map(|&(rate, name, limit)| {
            let (value, detail) = match &measured {
                Err(why) => (None, why.clone()),
                Ok(loads) => {
                    let rate = rate.to_string();
                    let (median, detail) = first_tap_median(&loads[rate.as_str()]);
                    let (floor, floor_detail) = first_tap_median(&loads["floor"][rate.as_str()]);
                    let floor =
                        floor.map_or_else(|| "not measured".to_owned(), |ms| format!("{ms:.0} ms"));
                    (
                        median,
                        format!(
                            "{detail}; the register of a shop with {regulars} regulars, {here} \
                             of them in it now; floor in the same run: {floor}, {floor_detail}, \
                             a bare page with the same disclosure and field that the browser \
                             serves itself"
                        ),
                    )
                }
            };
            Figure {
                name,
                value,
                unit: "ms",
                target: Target::AtMost(limit),
                detail,
            }
        })
        .collect()
}

/// Runs `end2end/bench/first-tap.mjs` at every rate: `{"RATE": [ms or null, …], …}`, or why
/// it could not.
fn first_tap_loads(url: &str, session: &str) -> Result<Value, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate is in the workspace");
    let chromium = std::env::var_os("JOREN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!(
            "not measured: no Chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !root.join("end2end/node_modules/@playwright/test").is_dir() {
        return Err(
            "not measured: end2end's npm packages (Playwright) are not installed \
             (cd end2end && npm ci)"
                .to_owned(),
        );
    }
    let rates = FIRST_TAP.map(|(rate, _, _)| rate.to_string()).join(",");
    let output = Command::new("node")
        .arg(root.join("end2end/bench/first-tap.mjs"))
        .args([url, session, &rates, &FIRST_TAP_LOADS.to_string()])
        .stderr(Stdio::inherit())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err("not measured: Node.js is not installed".to_owned());
        }
        Err(error) => return Err(format!("not measured: node did not start: {error}")),
    };
    if !output.status.success() {
        return Err(format!(
            "not measured: end2end/bench/first-tap.mjs failed ({}; its errors are above the table)",
            output.status
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("not measured: first-tap.mjs printed no figures ({error})"))
}

/// The median of one rate's loads and the detail that lists them. A load that gave up took
/// longer than any that did not, so the median is known while fewer than half gave up.
fn first_tap_median(loads: &Value) -> (Option<f64>, String) {
    let times: Vec<Option<f64>> = loads
        .as_array()
        .map(|loads| loads.iter().map(Value::as_f64).collect())
        .unwrap_or_default();
    if times.is_empty() {
        return (
            None,
            "not measured: first-tap.mjs gave no loads at this rate".to_owned(),
        );
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| {
        a.unwrap_or(f64::INFINITY)
            .total_cmp(&b.unwrap_or(f64::INFINITY))
    });
    let median = sorted[(sorted.len() - 1) / 2];
    let listed: Vec<String> = times
        .iter()
        .map(|time| match time {
            Some(ms) => format!("{ms:.0}"),
            None => format!("over {} s", FIRST_TAP_GIVE_UP_MS / 1000),
        })
        .collect();
    let detail = format!(
        "median of {} loads ({} ms); a tap every 50 ms from navigation until the Nickname \
         field shows; fresh context, cache off, loopback, headless Chromium",
        times.len(),
        listed.join(", "),
    );
    (median, detail)
}

/// The sibling modules a script imports by a relative name (`from "./x.js"`,
/// `import("./x.js")`); other strings that look like one (wasm-bindgen names its import object
/// `"./joren_bg.js"`) are not imports.
fn static_imports(script: &str) -> Vec<String> {
    let mut imports = Vec::new();
    for quote in ['"', '\''] {
        let opening = format!("{quote}./");
        let mut rest = script;
        while let Some(at) = rest.find(&opening) {
            let before = rest[..at].trim_end();
            let after = &rest[at + opening.len()..];
            let name = after.split(quote).next().unwrap_or_default();
            if (before.ends_with("from")
                || before.ends_with("import")
                || before.ends_with("import("))
                && name.ends_with(".js")
                && !name.contains('/')
            {
                imports.push(name.to_owned());
            }
            rest = after;
        }
    }
    imports
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("identity")
        .to_owned()
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("histogram bounds")
}

/// Microseconds → milliseconds at a quantile.
fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

/// What staff type at the register: kana, katakana, romaji, parts of names, and a new
/// person's name that matches nobody yet.
const SEARCHES: &[&str] = &[
    "さ",
    "たなか",
    "ゆう",
    "けん",
    "エマ",
    "ミア",
    "sato",
    "yu",
    "ken",
    "hina",
    "mi",
    "ka",
    "子",
    "美",
    "田中",
    "Emma",
    "oliv",
    "ささき",
    "watanabe",
    "kobayashi",
    "ほしの",
];

async fn search(store: &Store, shop: joren::ShopId) -> Figure {
    let mut times = histogram();
    for round in 0..30 {
        for text in SEARCHES {
            let query = Query::parse(text).expect("a search");
            let started = Instant::now();
            let found = store
                .search_regulars(shop, &query)
                .await
                .expect("a search answers");
            if round > 0 {
                times.record(started.elapsed().as_micros() as u64).ok();
            }
            assert!(
                !found.is_empty() || *text == "ほしの",
                "{text} finds someone"
            );
        }
    }
    Figure {
        name: "type-ahead search over the regulars, p99 server time",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(5.0),
        detail: format!(
            "p50 {:.2} ms; {} searches in kana, katakana, romaji and parts of names",
            ms(&times, 0.5),
            times.len()
        ),
    }
}

async fn suggestions(store: &Store, shop: &joren::Shop, present: u32) -> Figure {
    let now = now_millis();
    let here = store
        .in_the_shop(shop.id, &shop.stamp_rules, now)
        .await
        .expect("who is here");
    let mut times = histogram();
    for round in 0..4 {
        for person in here.iter().take(100) {
            let started = Instant::now();
            store
                .suggestions(shop.id, person.regular.id, &shop.stamp_rules, now, 5)
                .await
                .expect("suggestions");
            if round > 0 {
                times.record(started.elapsed().as_micros() as u64).ok();
            }
        }
    }
    Figure {
        name: "suggestions for one person, p99 server time",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(5.0),
        detail: format!(
            "p50 {:.2} ms; {} of {present} in the shop, {} calls",
            ms(&times, 0.5),
            here.len(),
            times.len()
        ),
    }
}

/// "In the shop now" (the register, rendered on the server) under 32 connections, with
/// everyone the demo put in the shop and then with a busy café's 30, against a bare axum
/// handler that returns a fixed string, all loaded by `wrk`; and the page's size as sent
/// uncompressed (its HTML and the data the browser hydrates from).
async fn pages(kiosk: &Kiosk, store: &Store, shop: &joren::Shop) -> Vec<Figure> {
    let cookie = kiosk.sign_in().await;
    let bare_addr = free_port();
    let mut bare = Command::new(std::env::current_exe().expect("this benchmark"))
        .env("JOREN_BENCH_BARE_AXUM", bare_addr.to_string())
        .spawn()
        .expect("the bare server starts");
    for _ in 0..500 {
        if std::net::TcpStream::connect(bare_addr).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let bare_rate = wrk(&format!("http://{bare_addr}/"), None);
    let _ = bare.kill();
    let _ = bare.wait();
    let Some(bare_rate) = bare_rate else {
        return vec![Figure {
            name: "\"in the shop now\" page, 32 connections",
            value: None,
            unit: "pages/s",
            target: Target::AtLeast(1000.0),
            detail: "wrk is not installed (apt-get install wrk)".to_owned(),
        }];
    };
    let mut figures = Vec::new();
    let here = in_the_shop_count(store, shop).await;
    let bytes = register_page_bytes(kiosk, &cookie).await;
    let rate = wrk(&kiosk.url("/"), Some(&cookie)).unwrap_or(0.0);
    figures.push(Figure {
        name: "\"in the shop now\" page, everyone in the shop, 32 connections",
        value: Some(rate),
        unit: "pages/s",
        target: Target::AtLeast(1000.0),
        detail: format!(
            "{here} in the shop; {:.2} % of a bare axum handler's {bare_rate:.0} requests/s",
            rate / bare_rate * 100.0
        ),
    });
    figures.push(Figure {
        name: "\"in the shop now\" page, everyone in the shop, HTML and hydration data",
        value: Some(bytes as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(80.0),
        detail: format!("{here} in the shop, uncompressed"),
    });

    // A busy café: all but the 30 newest leave.
    let rules = &shop.stamp_rules;
    let present = store
        .in_the_shop(shop.id, rules, now_millis())
        .await
        .expect("who is here");
    let owner = store
        .staff(shop.id)
        .await
        .expect("the staff")
        .first()
        .expect("the demo shop has staff")
        .id;
    for line in present.iter().skip(BUSY_CAFE) {
        store
            .mark_left(shop.id, line.visit, owner, now_millis())
            .await
            .expect("left");
    }
    let here = in_the_shop_count(store, shop).await;
    let bytes = register_page_bytes(kiosk, &cookie).await;
    let rate = wrk(&kiosk.url("/"), Some(&cookie)).unwrap_or(0.0);
    figures.push(Figure {
        name: "\"in the shop now\" page, a busy café, 32 connections",
        value: Some(rate),
        unit: "pages/s",
        target: Target::AtLeast(3000.0),
        detail: format!(
            "{here} in the shop, {:.0} KB; {:.2} % of a bare axum handler",
            bytes as f64 / 1024.0,
            rate / bare_rate * 100.0
        ),
    });
    figures
}

/// The people in the shop now in the second "in the shop now" figure.
const BUSY_CAFE: usize = 30;

async fn in_the_shop_count(store: &Store, shop: &joren::Shop) -> usize {
    store
        .in_the_shop(shop.id, &shop.stamp_rules, now_millis())
        .await
        .expect("who is here")
        .len()
}

/// The register page as sent to a browser that does not compress: its length in bytes.
async fn register_page_bytes(kiosk: &Kiosk, cookie: &str) -> usize {
    let page = kiosk
        .client
        .get(kiosk.url("/"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("the register")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("in-the-shop") || page.contains("店内"),
        "the register shows who is in the shop"
    );
    page.len()
}

/// The owner's insights page for the last year, drawn whole on the server (every chart, the
/// community graph), one request after another as an owner opens it.
/// Its targets are the issue's: a p99 of 100 ms and 200 KB of HTML.
async fn insights(kiosk: &Kiosk) -> [Figure; 2] {
    let cookie = kiosk.sign_in().await;
    let mut times = histogram();
    let mut size = 0;
    for round in 0..21 {
        let started = Instant::now();
        let page = kiosk
            .client
            .get(kiosk.url("/insights?period=year"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("the insights page")
            .text()
            .await
            .unwrap_or_default();
        let elapsed = started.elapsed();
        assert!(
            page.contains("role=\"img\"") && page.contains("<desc>"),
            "the insights page shows its charts"
        );
        // The first request warms the page cache and is not counted.
        if round > 0 {
            times
                .record(elapsed.as_micros() as u64)
                .expect("a time within the histogram's range");
        }
        size = page.len();
    }
    [
        Figure {
            name: "insights page for a year, p99",
            value: Some(ms(&times, 0.99)),
            unit: "ms",
            target: Target::AtMost(100.0),
            detail: format!("p50 {:.0} ms over 20 requests", ms(&times, 0.5)),
        },
        Figure {
            name: "insights page for a year, HTML",
            value: Some(size as f64 / 1024.0),
            unit: "KB",
            target: Target::AtMost(200.0),
            detail: "every chart and the graph, with the page's hydration data".to_owned(),
        },
    ]
}

/// Requests per second that `wrk` measured against `url`.
fn wrk(url: &str, cookie: Option<&str>) -> Option<f64> {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{PAGE_CONNECTIONS}"),
        &format!("-d{WRK_SECONDS}s"),
    ]);
    // As a browser asks: compressed if the server will.
    command.args(["-H", "Accept-Encoding: br, gzip"]);
    if let Some(cookie) = cookie {
        command.args(["-H", &format!("Cookie: {cookie}")]);
    }
    let output = command.arg(url).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let non_2xx = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Non-2xx or 3xx responses:"));
    assert!(non_2xx.is_none(), "wrk saw errors from {url}:\n{text}");
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|rate| rate.trim().parse().ok())
}

/// Check-ins through the server function from 16 tablets at once, against the same number of
/// bare inserts and commits with the same durability settings, in a database of their own.
async fn check_ins(kiosk: &Kiosk, store: &Store, shop: &joren::Shop, dir: &Path) -> Vec<Figure> {
    // People who are not in the shop, so that every check-in adds a visit.
    let ids = not_in_the_shop(store, shop).await;
    let total = CHECK_IN_CLIENTS * CHECK_INS_PER_CLIENT;
    assert!(ids.len() >= total, "enough regulars to check in");
    let step = ids.len() / total;

    let full = bare_inserts(dir, total, Durability::Full).await;
    let normal = bare_inserts(dir, total, Durability::Normal).await;
    let baseline = &full.0;
    let mut cookies = Vec::new();
    for _ in 0..CHECK_IN_CLIENTS {
        cookies.push(kiosk.sign_in().await);
    }
    let kiosk = Arc::new(Kiosk::new(kiosk.addr));
    let started = Instant::now();
    let mut tablets = Vec::new();
    for (client, cookie) in cookies.into_iter().enumerate() {
        let kiosk = kiosk.clone();
        let mine: Vec<i64> = (0..CHECK_INS_PER_CLIENT)
            .map(|n| ids[(n * CHECK_IN_CLIENTS + client) * step])
            .collect();
        tablets.push(tokio::spawn(async move {
            check_ins_one_by_one(&kiosk, &cookie, &mine).await
        }));
    }
    let mut times = histogram();
    for tablet in tablets {
        times.add(tablet.await.expect("a tablet")).ok();
    }
    let seconds = started.elapsed().as_secs_f64();
    let p99 = ms(&times, 0.99);
    let bare_p99 = ms(baseline, 0.99);
    let mut figures = vec![Figure {
        name: "check-in through HTTP, 16 tablets, p99 vs a bare insert and commit",
        value: Some(p99 / bare_p99),
        unit: "×",
        target: Target::AtMost(1.5),
        detail: format!(
            "check-in p50 {:.1} ms, p99 {p99:.1} ms, {:.0}/s; bare insert+commit p50 {:.1} ms, \
                 p99 {bare_p99:.1} ms (WAL, synchronous=FULL, {CHECK_IN_CLIENTS} at once)",
            ms(&times, 0.5),
            total as f64 / seconds,
            ms(baseline, 0.5),
        ),
    }];
    figures.push(durability_cost(total, &full, &normal));
    figures
}

/// Unlock attempts sent at once while the register checks people in.
const GUESSERS: usize = 40;
/// Check-ins one tablet makes, one after another, with and without the guessing.
const REGISTER_CHECK_INS: usize = 60;

/// A check-in at the register while 40 unlock attempts run against the same server, each
/// PIN hashed with argon2 (tens of milliseconds of a core by design): its p99 against the
/// same check-ins without them. The guesses are for nobody, from ever new addresses, so the
/// lockouts do not stop them and every one is hashed.
async fn check_ins_while_guessing(kiosk: &Kiosk, store: &Store, shop: &joren::Shop) -> Figure {
    let ids = not_in_the_shop(store, shop).await;
    assert!(
        ids.len() >= 2 * REGISTER_CHECK_INS,
        "enough regulars to check in"
    );
    let (quiet_ids, busy_ids) = ids[..2 * REGISTER_CHECK_INS].split_at(REGISTER_CHECK_INS);
    let cookie = kiosk.sign_in().await;
    let quiet = check_ins_one_by_one(kiosk, &cookie, quiet_ids).await;

    let stop = tokio_util::sync::CancellationToken::new();
    let hashed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let guessers: Vec<_> = (0..GUESSERS)
        .map(|n| {
            let (stop, hashed, url) = (stop.clone(), hashed.clone(), kiosk.url("/api/unlock"));
            let origin = format!("http://{}", kiosk.addr);
            tokio::spawn(async move {
                // Nine guesses an address (the tenth would make it wait), then the next one.
                let mut address = n;
                while !stop.is_cancelled() {
                    let octets = [
                        127,
                        1 + (address / 250 % 250) as u8,
                        (address % 250) as u8,
                        2,
                    ];
                    let client = reqwest::Client::builder()
                        .local_address(std::net::IpAddr::from(octets))
                        .build()
                        .expect("an HTTP client");
                    for _ in 0..9 {
                        if stop.is_cancelled() {
                            break;
                        }
                        let answer = client
                            .post(&url)
                            .header("origin", &origin)
                            .form(&[("staff_id", "999999"), ("pin", "1111")])
                            .send()
                            .await
                            .expect("unlock answers")
                            .text()
                            .await
                            .unwrap_or_default();
                        assert_eq!(answer, "\"WrongPin\"", "a guess is checked, not refused");
                        hashed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    address += GUESSERS;
                }
            })
        })
        .collect();
    // Let the guessing reach its pace first.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let before = hashed.load(std::sync::atomic::Ordering::Relaxed);
    let busy = check_ins_one_by_one(kiosk, &cookie, busy_ids).await;
    let seconds = started.elapsed().as_secs_f64();
    let during = hashed.load(std::sync::atomic::Ordering::Relaxed) - before;
    stop.cancel();
    for guesser in guessers {
        guesser.await.expect("a guesser");
    }
    let (quiet_p99, busy_p99) = (ms(&quiet, 0.99), ms(&busy, 0.99));
    Figure {
        name: "check-in while 40 unlocks run, p99 vs without them",
        value: Some(busy_p99 / quiet_p99),
        unit: "×",
        target: Target::AtMost(2.0),
        detail: format!(
            "check-in p50 {:.1} ms, p99 {busy_p99:.1} ms with {GUESSERS} unlock attempts at \
             once ({during} PINs hashed, {:.0}/s); without them p50 {:.1} ms, p99 \
             {quiet_p99:.1} ms",
            ms(&busy, 0.5),
            during as f64 / seconds,
            ms(&quiet, 0.5),
        ),
    }
}

/// Checks `ids` in one after another at one tablet; how long each took.
async fn check_ins_one_by_one(kiosk: &Kiosk, cookie: &str, ids: &[i64]) -> Histogram<u64> {
    let mut times = histogram();
    for id in ids {
        let started = Instant::now();
        let (status, answer) = kiosk
            .call(cookie, "check_in", &[("regular_id", &id.to_string())])
            .await;
        times.record(started.elapsed().as_micros() as u64).ok();
        assert_eq!(status, 200, "{answer}");
        assert!(answer.contains("CheckedIn"), "{answer}");
    }
    times
}

/// The ids of the regulars who are not in the shop now, oldest first.
async fn not_in_the_shop(store: &Store, shop: &joren::Shop) -> Vec<i64> {
    let here: std::collections::HashSet<i64> = store
        .in_the_shop(shop.id, &shop.stamp_rules, now_millis())
        .await
        .expect("who is here")
        .into_iter()
        .map(|present| present.regular.id.0)
        .collect();
    let pool = store.pool_for_tests();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM regulars ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("regulars");
    ids.into_iter().filter(|id| !here.contains(id)).collect()
}

const LIVE_CHECK_INS: usize = 50;

/// How soon a second tablet shows a check-in made at the first: from the first tablet's
/// check-in request to the second holding the new "in the shop now" (the live event, then
/// the list read again, as the page does).
async fn live_updates(kiosk: &Kiosk, store: &Store, shop: &joren::Shop) -> Figure {
    // The newest regulars, who were not among the check-ins measured before.
    let ids: Vec<i64> = not_in_the_shop(store, shop)
        .await
        .into_iter()
        .rev()
        .take(LIVE_CHECK_INS)
        .collect();
    assert_eq!(ids.len(), LIVE_CHECK_INS, "enough regulars to check in");
    let (first, second) = (kiosk.sign_in().await, kiosk.sign_in().await);
    let mut events = kiosk
        .client
        .get(kiosk.url("/events"))
        .header("cookie", &second)
        .send()
        .await
        .expect("the event stream");
    assert_eq!(events.status(), 200);
    let mut sent = String::new();
    let mut times = histogram();
    let mut event_times = histogram();
    for id in ids {
        let started = Instant::now();
        let (status, answer) = kiosk
            .call(&first, "check_in", &[("regular_id", &id.to_string())])
            .await;
        assert_eq!(status, 200, "{answer}");
        while !sent.contains("event: in-the-shop") {
            let chunk = tokio::time::timeout(Duration::from_secs(10), events.chunk())
                .await
                .expect("an event within 10 s")
                .expect("the stream reads")
                .expect("the stream stays open");
            sent.push_str(&String::from_utf8_lossy(&chunk));
        }
        event_times
            .record(started.elapsed().as_micros() as u64)
            .ok();
        sent.clear();
        let (status, register) = kiosk.call(&second, "get_register", &[]).await;
        assert_eq!(status, 200, "{register}");
        assert!(
            register.contains(&format!("\"regular\":{id},")),
            "the second tablet's list holds the check-in"
        );
        times.record(started.elapsed().as_micros() as u64).ok();
    }
    Figure {
        name: "a check-in seen at a second tablet, p99",
        value: Some(ms(&times, 0.99)),
        unit: "ms",
        target: Target::AtMost(1000.0),
        detail: format!(
            "p50 {:.0} ms over {LIVE_CHECK_INS} check-ins: the event arrives (p50 {:.1} ms, p99 \
             {:.1} ms after the check-in was sent), then the list of everyone in the shop is \
             read again",
            ms(&times, 0.5),
            ms(&event_times, 0.5),
            ms(&event_times, 0.99),
        ),
    }
}

/// What `synchronous=FULL` costs against NORMAL: the same bare inserts and commits with each.
/// Commits are queued one at a time, so a run's length over its commits is what one costs.
fn durability_cost(
    total: usize,
    (full, full_seconds): &(Histogram<u64>, f64),
    (normal, normal_seconds): &(Histogram<u64>, f64),
) -> Figure {
    let full_commit = full_seconds * 1000.0 / total as f64;
    let normal_commit = normal_seconds * 1000.0 / total as f64;
    Figure {
        name: "what synchronous=FULL costs: a bare insert+commit, FULL vs NORMAL",
        value: Some(full_commit / normal_commit),
        unit: "×",
        target: Target::Informational,
        detail: format!(
            "FULL {full_commit:.2} ms a commit ({:.0}/s, p99 {:.1} ms), NORMAL \
             {normal_commit:.2} ms a commit ({:.0}/s, p99 {:.1} ms); WAL, {total} commits from \
             {CHECK_IN_CLIENTS} writers queued one at a time",
            total as f64 / full_seconds,
            ms(full, 0.99),
            total as f64 / normal_seconds,
            ms(normal, 0.99),
        ),
    }
}

/// The two durability settings the bare insert is measured with, in WAL mode.
#[derive(Debug, Clone, Copy)]
enum Durability {
    /// The server's: every commit is on the disk (fsync of the WAL) before it is confirmed.
    Full,
    /// The WAL is synced at checkpoints only: a power cut may lose the last commits.
    Normal,
}

/// `total` inserts, each committed on its own, from 16 tasks over a pool of 8 connections
/// in WAL mode with `durability` (the server's is FULL), in a database file of their own.
/// The writers queue for their turn in the process as the store's do, so this is the floor
/// the disk allows, not SQLite's busy-wait sleeps. Returns each commit's time and the run's.
async fn bare_inserts(dir: &Path, total: usize, durability: Durability) -> (Histogram<u64>, f64) {
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };
    let (file, synchronous) = match durability {
        Durability::Full => ("baseline.db", SqliteSynchronous::Full),
        Durability::Normal => ("baseline-normal.db", SqliteSynchronous::Normal),
    };
    let options = SqliteConnectOptions::new()
        .filename(dir.join(file))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("the baseline database");
    sqlx::query("CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, regular_id INTEGER NOT NULL, at INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .expect("a table");
    let turn = Arc::new(tokio::sync::Mutex::new(()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CHECK_IN_CLIENTS {
        let pool = pool.clone();
        let turn = turn.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = histogram();
            for n in 0..total / CHECK_IN_CLIENTS {
                let started = Instant::now();
                let _turn = turn.lock().await;
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
                sqlx::query("INSERT INTO visits (regular_id, at) VALUES ($1, $2)")
                    .bind((client * 1000 + n) as i64)
                    .bind(now_millis())
                    .execute(&mut *tx)
                    .await
                    .expect("insert");
                tx.commit().await.expect("commit");
                times.record(started.elapsed().as_micros() as u64).ok();
            }
            times
        }));
    }
    let mut times = histogram();
    for task in tasks {
        times.add(task.await.expect("a task")).ok();
    }
    let seconds = started.elapsed().as_secs_f64();
    pool.close().await;
    (times, seconds)
}

fn qr_render() -> Figure {
    let mut times = histogram();
    for n in 0..3_000 {
        let url = format!("https://cafe.example/q/{:08}", n % 97);
        let started = Instant::now();
        let svg = joren_app::qr::qr_svg(&url).expect("a QR code");
        times
            .record(started.elapsed().as_nanos().max(1) as u64)
            .ok();
        std::hint::black_box(svg);
    }
    Figure {
        name: "QR code as SVG, p99",
        value: Some(times.value_at_quantile(0.99) as f64 / 1e6),
        unit: "ms",
        target: Target::AtMost(1.0),
        detail: format!(
            "p50 {:.3} ms, a short link",
            times.value_at_quantile(0.5) as f64 / 1e6
        ),
    }
}

/// The baseline of the pages figure: an axum handler that returns a fixed string.
fn bare_axum(addr: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "in the shop" }));
        axum::serve(listener, app).await.expect("serve");
    });
}

fn report(figures: &[Figure]) -> ExitCode {
    let date = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("\nJoren benchmark, {date}, {cores} cores\n");
    println!("| figure | value | target | met | detail |");
    println!("| --- | --- | --- | --- | --- |");
    for figure in figures {
        let value = figure
            .value
            .map(|v| format!("{} {}", number(v), figure.unit))
            .unwrap_or_else(|| "—".to_owned());
        let met = match figure.met() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        println!(
            "| {} | {value} | {} | {met} | {} |",
            figure.name,
            figure.target_text(),
            figure.detail
        );
    }
    let json = json!({
        "date": date,
        "cores": cores,
        "figures": figures.iter().map(|f| json!({
            "figure": f.name,
            "value": f.value,
            "unit": f.unit,
            "target": f.target_text(),
            "met": f.met(),
            "detail": f.detail,
        })).collect::<Vec<_>>(),
    });
    let path = std::env::var_os("JOREN_BENCH_JSON")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench/load.json"));
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    ) {
        Ok(()) => println!("\nThe figures as JSON: {}", path.display()),
        Err(error) => eprintln!("cannot write {}: {error}", path.display()),
    }
    let missed: Vec<&str> = figures
        .iter()
        .filter(|f| f.met() == Some(false))
        .map(|f| f.name)
        .collect();
    if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("missed: {}", missed.join("; "));
        ExitCode::FAILURE
    }
}
