//! Start-up: open the store, build the router, serve until asked to stop, then finish the
//! requests in flight and close the database.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use joren::ShopName;
use joren::storage::{StorageError, Store};
use joren_app::auth::RequestMemo;
use joren_app::state::AppState;
use joren_app::{App, shell};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::LatencyUnit;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::client_address::{self, ClientAddresses};
use crate::config::Config;
use crate::health::healthz;
use crate::security;
use crate::sessions::{self, Sessions};
use crate::shop_command::NEW_SHOP_NAME;
use crate::site::{self, Site};
use crate::tls::{self, TlsError};
use crate::{body_limit, downloads, exports, live, not_found, public, shops, unavailable};
use axum_server::tls_rustls::RustlsConfig;
use tokio_util::sync::CancellationToken;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("the server stopped: {0}")]
    Serve(io::Error),
}

/// A server that is bound and ready; `serve` runs it.
pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    /// https, when configured.
    tls: Option<RustlsConfig>,
    /// The daily backup, stopped before the database closes.
    daily_backup: tokio::task::JoinHandle<()>,
    /// Cancelled when the server is asked to stop: it ends the live update streams.
    stopping: CancellationToken,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        // Read first: a missing or wrong certificate stops the start before anything opens.
        let tls = config.tls.as_ref().map(tls::load).transpose()?;
        let store = Store::open(&config.database_url, &config.store).await?;
        let sessions = Sessions::new(store.clone());
        let new_shop_name = ShopName::parse(NEW_SHOP_NAME).expect("the default shop name is valid");
        store.ensure_shop(&config.shop, &new_shop_name).await?;
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let site = Site::new(config.site_root.clone());
        let assets = site.assets(OUTPUT_NAME);
        if !site.has(&format!("pkg/{}", assets.script)) {
            tracing::warn!(
                "this joren has no built site (no /pkg/{}): pages will show but not respond; \
                 build it with `cargo leptos build --release --precompress`",
                assets.script
            );
        }
        let state = AppState {
            leptos_options: leptos_options(listener.local_addr().unwrap_or(config.addr)),
            assets,
            store: store.clone(),
            main_shop: config.shop.clone(),
            public_url: config.public_url.clone(),
            backup_dir: config.backup_dir.clone(),
        };
        let daily_backup = crate::backups::spawn_daily(
            store.clone(),
            config.shop.clone(),
            config.backup_dir.clone(),
        );
        let stopping = CancellationToken::new();
        let live = live::Live {
            stopping: stopping.clone(),
            sessions: sessions.clone(),
            ping_every: config.live_ping_every,
        };
        Ok(Self {
            listener,
            router: router(
                state,
                site,
                sessions,
                live,
                config.secure_cookies,
                config.client_addresses.clone(),
            ),
            store,
            tls,
            daily_backup,
            stopping,
        })
    }

    /// Whether it serves https.
    pub fn https(&self) -> bool {
        self.tls.is_some()
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
        // The tablets' live update streams would keep their connections open for ever; they
        // end first, so that the requests in flight can finish.
        let stopping = self.stopping.clone();
        let shutdown = async move {
            shutdown.await;
            stopping.cancel();
        };
        let scheme = if self.https() { "https" } else { "http" };
        tracing::info!("Joren is serving the kiosk on {scheme}://{addr}");
        // The peer address is kept for the per-address PIN limit.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        match self.tls {
            None => axum::serve(self.listener, service)
                .with_graceful_shutdown(shutdown)
                .await
                .map_err(StartupError::Serve)?,
            Some(tls) => {
                let handle = axum_server::Handle::new();
                let stop = handle.clone();
                tokio::spawn(async move {
                    shutdown.await;
                    stop.graceful_shutdown(None);
                });
                let listener = self.listener.into_std().map_err(StartupError::Serve)?;
                axum_server::from_tcp_rustls(listener, tls)
                    .map_err(StartupError::Serve)?
                    .handle(handle)
                    .serve(service)
                    .await
                    .map_err(StartupError::Serve)?;
            }
        }
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
    let application = Application::build(&config).await?;
    crate::announce::announce(
        application.local_addr(),
        application.https(),
        config.log_format,
    );
    application.serve(shutdown).await
}

/// The app's screens, walked once for the whole process. While Leptos walks the app for
/// its route list it holds back, process-wide, every resource that starts loading, and such
/// a resource never loads: a page being rendered at that moment would wait forever. So no
/// second walk may happen while a server runs (a second server in the same process, as in
/// the tests, would do one).
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// All of Joren's HTTP routes: the screens and their server functions, the downloads, the
/// live updates, `/healthz`, and the built site's files, with the session layer; and outside
/// it the public routes a phone reaches by scanning, which never set a cookie.
pub fn router(
    state: AppState,
    site: Site,
    sessions: Sessions,
    live: live::Live,
    secure_cookies: bool,
    client_addresses: ClientAddresses,
) -> Router {
    let routes = ROUTES.clone();
    let assets = state.assets.clone();
    let site_state = state.clone();
    let kiosk = Router::new()
        .route("/healthz", get(healthz))
        .leptos_routes_with_context(
            &state,
            routes,
            || provide_context(RequestMemo::default()),
            move || shell(assets.clone()),
        )
        .merge(downloads::routes())
        .merge(exports::routes())
        .merge(live::routes(live))
        .merge(shops::routes(secure_cookies))
        .fallback(move |request: Request| {
            site_file_or_not_found(site.clone(), site_state.clone(), request)
        })
        .with_state(state.clone())
        .layer(sessions::layer(sessions, secure_cookies));
    let router = public::routes()
        .with_state(state.clone())
        .merge(kiosk)
        .layer(axum::middleware::from_fn_with_state(
            state,
            unavailable::when_the_database_is_down,
        ))
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        // Which address each request came from (its peer, or behind a trusted proxy the
        // client the proxy saw), for the per-address PIN limit.
        .layer(axum::middleware::from_fn_with_state(
            client_addresses,
            client_address::resolve,
        ))
        .layer(axum::middleware::from_fn(body_limit::limit_request_bodies))
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
    let router = security::header_layers()
        .into_iter()
        .fold(router, |router, layer| router.layer(layer));
    // Pages, server function answers, downloads, the live stream and refusals may show a
    // person's data (a public creator card too): neither the browser nor anything on the way
    // keeps them. Only the site's files set a cache rule of their own.
    router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}

/// A file of the built site, or else the "not found" screen (with status 404).
async fn site_file_or_not_found(site: Site, state: AppState, request: Request) -> Response {
    let (method, path, headers) = (request.method(), request.uri().path(), request.headers());
    if let Some(response) = site::respond(&site, &state.assets, method, path, headers) {
        return response;
    }
    not_found::page(state, request).await
}

/// The base name of the site's files: `joren.css`, `joren.<hash>.wasm`…
const OUTPUT_NAME: &str = "joren";

fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    // The site's file names come from `SiteAssets`; Leptos's own file handling is not used.
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .build()
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
