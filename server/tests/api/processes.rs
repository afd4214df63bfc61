//! The real `joren` binary in a process of its own, and tablets that talk to it over HTTP:
//! for the tests that kill a server, or run two against one database.

use std::net::{IpAddr, SocketAddr};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{browser_like_from, spawn_client_from};

const JOREN: &str = env!("CARGO_BIN_EXE_joren");

/// A tablet: a browser-like client with its own cookies, from its own loopback address.
pub struct Tablet {
    /// Where it opens the kiosk: `http://127.0.0.1:PORT`, or `http://HOST:PORT`.
    origin: String,
    pub client: reqwest::Client,
}

impl Tablet {
    pub fn new(addr: SocketAddr, number: u8) -> Self {
        Self {
            origin: format!("http://{addr}"),
            client: spawn_client_from(IpAddr::from([127, 0, 0, 10 + number])),
        }
    }

    /// A tablet that opens the kiosk at a host name of its own (`http://pan-ya.test:PORT`),
    /// which it finds at `addr`, as a shop's name in the DNS would lead it there.
    pub fn at_host(addr: SocketAddr, number: u8, host: &str) -> Self {
        Self {
            origin: format!("http://{host}:{}", addr.port()),
            client: browser_like_from(IpAddr::from([127, 0, 0, 10 + number]))
                .resolve(host, addr)
                .build()
                .unwrap(),
        }
    }

    /// An address of the kiosk as this tablet opens it.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    pub async fn call(
        &self,
        function: &str,
        form: &[(&str, &str)],
    ) -> Result<(u16, Value), reqwest::Error> {
        let response = self
            .client
            .post(self.url(&format!("/api/{function}")))
            .header("origin", &self.origin)
            .form(form)
            .send()
            .await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        ))
    }

    /// The first start: names the shop and its owner, with the owner's PIN.
    pub async fn first_start(&self, shop: &str, owner: &str, pin: &str) {
        let (status, outcome) = self
            .call(
                "first_start",
                &[
                    ("shop_name", shop),
                    ("owner_name", owner),
                    ("pin", pin),
                    ("pin_again", pin),
                ],
            )
            .await
            .unwrap();
        assert_eq!((status, outcome), (200, Value::from("Saved")));
    }

    /// Taps `name` on the staff picker and enters their PIN.
    pub async fn unlock(&self, name: &str, pin: &str) {
        let (_, kiosk) = self.call("get_kiosk", &[]).await.unwrap();
        let id = kiosk["staff"]
            .as_array()
            .and_then(|staff| staff.iter().find(|member| member["name"] == name))
            .and_then(|member| member["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} on the staff picker: {kiosk}"));
        let (_, unlocked) = self
            .call("unlock", &[("staff_id", &id.to_string()), ("pin", pin)])
            .await
            .unwrap();
        assert_eq!(unlocked, Value::from("Unlocked"));
    }
}

/// The `joren` binary on a free loopback port over the database at `database_url`.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub async fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[]).await
    }

    /// With more settings, as `JOREN_…` variables.
    pub async fn start_with(database_url: &str, settings: &[(&str, &str)]) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let mut command = Command::new(JOREN);
        for (name, _) in std::env::vars() {
            if name.starts_with("JOREN_") {
                command.env_remove(name);
            }
        }
        command.envs(settings.iter().copied());
        let child = command
            .env("JOREN_DATABASE_URL", database_url)
            .env("JOREN_ADDR", addr.to_string())
            .env("JOREN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Self { child, addr };
        let health = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(answer) = health.get(format!("http://{addr}/healthz")).send().await
                && answer.status() == 200
            {
                return server;
            }
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "the server exited early"
            );
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// `kill -9`: no chance to finish a request, flush or close anything.
    pub fn kill(&mut self) {
        // On Unix, `Child::kill` sends SIGKILL.
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    }

    /// A clean stop (SIGTERM), as the owner's box shuts down.
    pub fn stop(&mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
