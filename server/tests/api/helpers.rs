use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::Router;
use joren_server::config::Config;
use joren_server::startup::{Application, StartupError};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

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
    joren_server::telemetry::init("warn");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config = Config::for_tests(dir.path().join("joren.db"));
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
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}
