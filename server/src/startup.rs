//! Start-up: open the store, build the router, serve until asked to stop, then finish the
//! requests in flight and close the database.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use axum::Router;
use axum::routing::get;
use joren::ShopName;
use joren::storage::{StorageError, Store};
use joren_app::state::AppState;
use joren_app::{App, shell};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::LatencyUnit;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

use tower_sessions::{SessionManagerLayer, SessionStore};

use crate::config::Config;
use crate::health::healthz;
use crate::security;
use crate::sessions;
use crate::static_files::{self, HashedNames};
use crate::{downloads, exports, public};

/// The name a new shop shows until its owner gives it one.
const NEW_SHOP_NAME: &str = "Joren";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot prepare the session store: {0}")]
    Sessions(#[from] sqlx::Error),
    #[error("the server stopped: {0}")]
    Serve(io::Error),
}

/// A server that is bound and ready; `serve` runs it.
pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    /// The daily backup, stopped before the database closes.
    daily_backup: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        let store = Store::open(&config.database_url, &config.store).await?;
        let sessions = sessions::layer(&store, config.secure_cookies).await?;
        let new_shop_name = ShopName::parse(NEW_SHOP_NAME).expect("the default shop name is valid");
        store.ensure_shop(&config.shop, &new_shop_name).await?;
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let state = AppState {
            leptos_options: leptos_options(config, listener.local_addr().unwrap_or(config.addr)),
            store: store.clone(),
            shop: config.shop.clone(),
            public_url: config.public_url.clone(),
            backup_dir: config.backup_dir.clone(),
        };
        let daily_backup = crate::backups::spawn_daily(
            store.clone(),
            config.shop.clone(),
            config.backup_dir.clone(),
        );
        Ok(Self {
            listener,
            router: router(state, sessions),
            store,
            daily_backup,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Adds routes to the application (tests use it to add a slow route).
    pub fn merge(mut self, extra: Router) -> Self {
        self.router = self.router.merge(extra);
        self
    }

    /// Serves until `shutdown` completes, then lets the requests in flight finish and closes
    /// the database.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let addr = self.local_addr();
        tracing::info!("Joren is serving the kiosk on http://{addr}");
        // The peer address is kept for the per-address PIN limit.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(StartupError::Serve)?;
        tracing::info!("requests in flight finished; closing the database");
        self.daily_backup.abort();
        self.store.close().await;
        tracing::info!("Joren stopped");
        Ok(())
    }
}

/// Builds and serves the application until `shutdown` completes.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    Application::build(&config).await?.serve(shutdown).await
}

/// All of Joren's HTTP routes: the screens and their server functions, the downloads,
/// `/healthz`, and the built site's static files, with the session layer; and outside it
/// the public routes a phone reaches by scanning, which never set a cookie.
pub fn router<S>(state: AppState, sessions: SessionManagerLayer<S>) -> Router
where
    S: SessionStore + Clone,
{
    let routes = generate_route_list(App);
    let shell_options = state.leptos_options.clone();
    let hashed = HashedNames(state.leptos_options.hash_files);
    let kiosk = Router::new()
        .route("/healthz", get(healthz))
        .leptos_routes(&state, routes, move || shell(shell_options.clone()))
        .merge(downloads::routes())
        .merge(exports::routes())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state.clone())
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            hashed,
            static_files::cache_headers,
        ));
    let router = public::routes()
        .with_state(state)
        .merge(kiosk)
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(RequestBodyLimitLayer::new(security::MAX_REQUEST_BODY))
        // Pages and server function answers are compressed as they are sent, with gzip at
        // level 4. Brotli at its default quality (11, meant for files compressed once) took a
        // 180 KB register page from 13 ms to 60 ms, and each brotli stream holds megabytes of
        // window. The site's files come precompressed (brotli 11 and gzip) and pass through,
        // and so does the export's zip, compressed already.
        .layer(
            CompressionLayer::new()
                .no_br()
                .quality(CompressionLevel::Precise(4))
                .compress_when(
                    DefaultPredicate::new().and(NotForContentType::const_new("application/zip")),
                ),
        )
        .layer(
            TraceLayer::new_for_http()
                // The path only: query strings may one day carry what staff typed.
                .make_span_with(|request: &http::Request<_>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis))
                .on_failure(DefaultOnFailure::new().level(Level::ERROR)),
        );
    security::header_layers()
        .into_iter()
        .fold(router, |router, layer| router.layer(layer))
}

fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    let mut options = LeptosOptions::builder()
        .output_name("joren")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .build();
    // A release build names the site's files after their content, and says so in a file
    // beside the binary.
    options.hash_files = joren_app::assets::hashed_names(&options);
    options
}

/// Completes on ctrl-c or SIGTERM (what `systemctl stop` and `kill` send). The handlers are
/// installed when this is called, not when the future is first polled: a SIGTERM during
/// start-up then stops the server cleanly once it serves, instead of killing it.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let stop = {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            tokio::select! {
                () = received(interrupt, "ctrl-c") => {},
                () = received(terminate, "SIGTERM") => {},
            }
        }
    };
    #[cfg(not(unix))]
    let stop = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    async move {
        stop.await;
        tracing::info!("stop requested; finishing the requests in flight");
    }
}

/// Completes when the signal arrives; never, when it cannot be listened for.
#[cfg(unix)]
async fn received(signal: io::Result<tokio::signal::unix::Signal>, name: &str) {
    match signal {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(error) => {
            tracing::error!(%error, "cannot listen for {name}");
            std::future::pending::<()>().await;
        }
    }
}
