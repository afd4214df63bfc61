use std::net::SocketAddr;

use axum::Router;
use joren_server::config::Config;
use joren_server::startup::Application;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server on loopback, with a database file of its own.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    pub server: JoinHandle<Result<(), joren_server::startup::StartupError>>,
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
    let app = Application::build(&config)
        .await
        .expect("the application starts")
        .merge(extra);
    let addr = app.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(async move {
        let _ = stopped.await;
    }));
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
