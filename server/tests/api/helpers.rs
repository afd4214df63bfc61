use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use axum::Router;
use joren_server::config::Config;
use joren_server::startup::{Application, StartupError};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The `joren` binary as an owner runs it in `dir`, with none of this process's `JOREN_*`
/// settings.
pub fn joren_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_joren"));
    for (name, _) in std::env::vars() {
        if name.starts_with("JOREN_") {
            command.env_remove(name);
        }
    }
    command.current_dir(dir);
    command
}

/// The servers under test run on one multi-threaded runtime of their own, as in production,
/// not on each test's single-threaded one: a test that ends must not take work of the
/// server's with it.
static SERVER_RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the servers under test")
});

/// A running server on loopback, with a database file of its own.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    pub server: JoinHandle<Result<(), StartupError>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A page as this tablet's browser gets it, as text.
    pub async fn page_html(&self, path: &str) -> String {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        response.text().await.unwrap()
    }

    /// A page as a tablet set to `lang` (an `Accept-Language`) gets it, as text.
    pub async fn page_in(&self, path: &str, lang: &str) -> String {
        let response = self
            .client
            .get(self.url(path))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        response.text().await.unwrap()
    }

    /// Runs `statement` on the server's own database file, as a change the screens cannot
    /// make would (an introduction of some weeks ago).
    pub async fn run_sql(&self, statement: &str) {
        let path = self._dir.path().join("joren.db");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }

    /// Asks the server to stop, as SIGTERM would.
    pub fn request_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Router::new()).await
}

/// Starts the real application, plus `extra` routes that a test needs.
pub async fn spawn_app_with(extra: Router) -> TestApp {
    spawn(extra, |_| {}).await
}

/// Starts the real application with settings of the test's own.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn(Router::new(), configure).await
}

async fn spawn(extra: Router, configure: impl FnOnce(&mut Config)) -> TestApp {
    joren_server::telemetry::init("warn", joren_server::telemetry::LogFormat::Text);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut config = Config::for_tests(dir.path().join("joren.db"));
    configure(&mut config);
    let (ready, address) = oneshot::channel::<SocketAddr>();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = SERVER_RUNTIME.spawn(async move {
        let app = Application::build(&config).await?.merge(extra);
        let _ = ready.send(app.local_addr());
        app.serve(async move {
            let _ = stopped.await;
        })
        .await
    });
    let addr = match address.await {
        Ok(addr) => addr,
        Err(_) => panic!("the application did not start: {:?}", server.await),
    };
    TestApp {
        addr,
        client: spawn_client(),
        stop: Some(stop),
        server,
        _dir: dir,
    }
}

/// A browser-like client of its own: it keeps cookies, and does not follow redirects.
pub fn spawn_client() -> reqwest::Client {
    spawn_client_from(std::net::IpAddr::from([127, 0, 0, 1]))
}

/// A client on another device: it connects from `address` (any of 127.0.0.0/8 works).
pub fn spawn_client_from(address: std::net::IpAddr) -> reqwest::Client {
    browser_like_from(address).build().unwrap()
}

/// A browser-like client (its own cookies, redirects not followed) that connects from
/// `address`, to finish building.
pub fn browser_like_from(address: std::net::IpAddr) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .local_address(address)
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
}

/// Calls a server function as the page does: a form POST from the kiosk's own origin.
pub async fn call(app: &TestApp, function: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/{function}")))
        .header("origin", format!("http://{}", app.addr))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// What the kiosk shows, read through its public server function.
pub async fn kiosk(app: &TestApp) -> Value {
    let (status, kiosk) = call(app, "get_kiosk", &[]).await;
    assert_eq!(status, 200, "{kiosk}");
    kiosk
}

/// The first start: shop 珈琲 ゆるり, owner みどり with PIN 142857, signed in.
pub async fn set_up(app: &TestApp) {
    let (status, outcome) = call(
        app,
        "first_start",
        &[
            ("shop_name", "珈琲 ゆるり"),
            ("owner_name", "みどり"),
            ("pin", "142857"),
            ("pin_again", "142857"),
        ],
    )
    .await;
    assert_eq!((status, outcome), (200, Value::from("Saved")));
}

/// A member's id as the staff picker gives it, as the form sends it.
pub async fn staff_id(app: &TestApp, name: &str) -> String {
    kiosk(app).await["staff"]
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["name"] == name)
        .unwrap_or_else(|| panic!("{name} is on the staff"))["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

/// After [`set_up`]: the owner adds さくら (PIN 2718), locks, and さくら unlocks.
pub async fn sakura_unlocks(app: &TestApp) {
    let (_, added) = call(
        app,
        "add_staff",
        &[("name", "さくら"), ("pin", "2718"), ("pin_again", "2718")],
    )
    .await;
    assert_eq!(added, Value::from("Saved"));
    call(app, "lock", &[]).await;
    let sakura = staff_id(app, "さくら").await;
    let (_, unlocked) = call(app, "unlock", &[("staff_id", &sakura), ("pin", "2718")]).await;
    assert_eq!(unlocked, Value::from("Unlocked"));
}

/// Adds a regular through the card's form and checks them in; returns their id.
pub async fn regular_here(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let id = regular_saved(app, fields).await;
    let (_, checked_in) = call(app, "check_in", &[("regular_id", &id)]).await;
    assert!(
        checked_in["check_in"]["CheckedIn"].is_object(),
        "{checked_in}"
    );
    id
}

/// Adds a regular through the card's form, `fields` over empty ones; returns their id.
pub async fn regular_saved(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let mut form = vec![
        ("reading", ""),
        ("tagline", ""),
        ("interests", ""),
        ("offers", ""),
        ("looking_for", ""),
        ("links", ""),
        ("notes", ""),
    ];
    form.retain(|(name, _)| !fields.iter().any(|(given, _)| given == name));
    form.extend_from_slice(fields);
    let (status, saved) = call(app, "save_regular", &form).await;
    assert_eq!(status, 200, "{saved}");
    saved["Saved"]["regular"].as_i64().unwrap().to_string()
}
