//! The `joren` binary under test, a signed-in tablet's client, and the bare handler that is
//! the pages' baseline, loaded by `wrk`.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{OWNER_PIN, PAGE_CONNECTIONS, WRK_SECONDS};

/// Starts `joren` on a free loopback port; returns it with the time until `/healthz` answered.
#[expect(
    clippy::zombie_processes,
    reason = "the caller stops the server and waits for it (`stop`)"
)]
pub(crate) fn start_server(joren: &Path, database_url: &str) -> (Child, SocketAddr, Duration) {
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
pub(crate) fn free_port() -> SocketAddr {
    let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("its address")
}

pub(crate) fn stop(server: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

/// A line of the process's `/proc/PID/status`, in KiB (`VmHWM` is the peak RSS).
pub(crate) fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The server's peak resident size phase by phase: after each phase its `VmHWM` is read and
/// reset (writing 5 to `/proc/PID/clear_refs`), so the report says which phase made the
/// peak of the whole run, not only how high it was.
pub(crate) struct PhasePeaks {
    pid: u32,
    peaks: Vec<(&'static str, u64)>,
}

impl PhasePeaks {
    pub(crate) fn new(pid: u32) -> Self {
        Self {
            pid,
            peaks: Vec::new(),
        }
    }

    /// Ends a phase: keeps its peak (KiB) and starts the next one's from the present size.
    pub(crate) fn end(&mut self, phase: &'static str) {
        if let Some(peak) = proc_status_kib(self.pid, "VmHWM") {
            self.peaks.push((phase, peak));
        }
        // Refused on kernels before 4.0; the peaks then carry over from phase to phase.
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.pid), "5");
    }

    /// The highest peak of the run, in KiB.
    pub(crate) fn highest(&self) -> Option<u64> {
        self.peaks.iter().map(|(_, peak)| *peak).max()
    }

    /// "pages 70, insights 149 …" in MB.
    pub(crate) fn describe(&self) -> String {
        self.peaks
            .iter()
            .map(|(phase, kib)| format!("{phase} {:.0}", *kib as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The kiosk over HTTP, as a tablet reaches it.
pub(crate) struct Kiosk {
    pub(crate) addr: SocketAddr,
    pub(crate) client: reqwest::Client,
}

impl Kiosk {
    pub(crate) fn new(addr: SocketAddr) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(64)
            .build()
            .expect("an HTTP client");
        Self { addr, client }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A file as text, uncompressed.
    pub(crate) async fn text(&self, path: &str) -> String {
        match self.client.get(self.url(path)).send().await {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// A server function call as the page makes it, with a session cookie.
    pub(crate) async fn call(
        &self,
        cookie: &str,
        function: &str,
        form: &[(&str, &str)],
    ) -> (u16, String) {
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
    pub(crate) async fn sign_in(&self) -> String {
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

pub(crate) fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("identity")
        .to_owned()
}

/// Requests per second that `wrk` measured against `url`.
pub(crate) fn wrk(url: &str, cookie: Option<&str>) -> Option<f64> {
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

/// The baseline of the pages figure: an axum handler that returns a fixed string.
pub(crate) fn bare_axum(addr: &str) {
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
