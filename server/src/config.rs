//! Settings, from the command line or the environment (`JOREN_*`), checked once at start.
//! A bad value stops the program with one line that names the setting.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use joren::ShopSlug;
use joren::short_link::PublicUrl;
use joren::storage::{DatabaseUrl, StoreOptions};

use crate::client_address::{ClientAddresses, ProxyHeader, TrustedProxies};
use crate::telemetry::LogFormat;
use crate::tls::TlsFiles;

/// How often a live stream pings its tablet: this often keeps proxies and the tablet's
/// network from closing a quiet stream, lets the server notice a tablet that went away or
/// was locked, and lets the tablet notice a stream that died without closing (it reconnects
/// after 40 s of silence). Shorter in tests.
pub const LIVE_PING_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Joren (常連): the loyalty and introduction kiosk for small shops.
///
/// With no settings it keeps its data in ./data/joren.db and serves the kiosk on
/// http://127.0.0.1:3000.
#[derive(Debug, Parser)]
#[command(name = "joren", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to serve on; 0.0.0.0:3000 lets the shop's tablets reach it.
    #[arg(
        long,
        env = "JOREN_ADDR",
        default_value = "127.0.0.1:3000",
        value_name = "HOST:PORT"
    )]
    pub addr: String,

    /// Where the shop's data lives: sqlite://PATH (a file, created on first start), or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (an existing database, which several app
    /// servers may share).
    #[arg(long, env = "JOREN_DATABASE_URL", default_value = DatabaseUrl::DEFAULT, value_name = "URL", global = true)]
    pub database_url: String,

    /// Largest number of database connections this server opens.
    #[arg(
        long,
        env = "JOREN_DATABASE_MAX_CONNECTIONS",
        default_value = "8",
        value_name = "N"
    )]
    pub database_max_connections: String,

    /// Seconds a request waits for a database connection (or for the database to answer a
    /// new one) before it fails with "the database does not answer".
    #[arg(
        long,
        env = "JOREN_DATABASE_ACQUIRE_TIMEOUT",
        default_value = "5",
        value_name = "SECONDS"
    )]
    pub database_acquire_timeout: String,

    /// PostgreSQL: seconds one statement may run (or wait for a lock) before it is
    /// cancelled; 0 lets it run.
    #[arg(
        long,
        env = "JOREN_DATABASE_STATEMENT_TIMEOUT",
        default_value = "10",
        value_name = "SECONDS"
    )]
    pub database_statement_timeout: String,

    /// Serve the site (wasm, JS, CSS, icons) from this folder instead of the copy built into
    /// the binary: for development.
    #[arg(long, env = "JOREN_SITE_ROOT", value_name = "DIR")]
    pub site_root: Option<PathBuf>,

    /// Mark the session cookie Secure: for a kiosk reached over https. On by itself with
    /// --tls-cert; set it to true behind an https reverse proxy.
    #[arg(long, env = "JOREN_SECURE_COOKIES", value_name = "BOOL")]
    pub secure_cookies: Option<String>,

    /// Serve https with this certificate chain (a PEM file; with --tls-key).
    #[arg(long, env = "JOREN_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (a PEM file).
    #[arg(long, env = "JOREN_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,

    /// The address phones reach this shop's Joren at (https://cafe.example, or
    /// http://192.168.1.20:3000 on the shop's Wi-Fi). With it, QR codes carry short links
    /// that count scans, and creators get a public card; without it, QR codes carry the
    /// links themselves.
    #[arg(long, env = "JOREN_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// The reverse proxies in front of Joren whose word about the client's address is taken,
    /// for the per-address PIN limit: addresses or networks separated by commas, such as
    /// `127.0.0.1,::1` for Caddy or nginx on the same machine. None by default: every
    /// request is its connection's address, whatever its headers say.
    #[arg(long, env = "JOREN_TRUSTED_PROXIES", value_name = "ADDRESSES")]
    pub trusted_proxies: Option<String>,

    /// The header the trusted proxies write the client into: x-forwarded-for (Caddy, nginx;
    /// the default) or forwarded (RFC 7239, for a proxy set up to write it).
    #[arg(long, env = "JOREN_PROXY_HEADER", value_name = "HEADER")]
    pub proxy_header: Option<String>,

    /// Folder for the daily backups (made when the owner turns them on in the settings).
    /// By default a `backups` folder beside the database file.
    #[arg(long, env = "JOREN_BACKUP_DIR", value_name = "DIR", global = true)]
    pub backup_dir: Option<PathBuf>,

    /// What to log, as tracing directives: `info`, `debug`, `info,sqlx=warn`…
    #[arg(
        long,
        env = "JOREN_LOG",
        default_value = "info",
        value_name = "FILTER",
        global = true
    )]
    pub log: String,

    /// How log lines are written: text (the default), or json, one object a line for a log
    /// collector (the address to open is then logged too, not printed for a person).
    #[arg(long, env = "JOREN_LOG_FORMAT", value_name = "FORMAT", global = true)]
    pub log_format: Option<String>,
}

/// What to do instead of serving the kiosk.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Fill a new, empty shop with a year of demo data (regulars, visits, introductions), for
    /// trying Joren out, screenshots and the benchmark.
    Demo(DemoArgs),
    /// Copy the shop's database to FILE, consistently, while the kiosk keeps running.
    Backup {
        /// The new file (it must not exist yet).
        file: PathBuf,
    },
    /// Put a backup made by `joren backup` (or the daily backup) back in place of all of the
    /// shop's data, after checking it. The data it replaces is first saved as a backup.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Check the installation and say what to fix, changing nothing: the settings, the data
    /// folder, the database (read only), the backups and the clock. Exit status 1 when
    /// something must be fixed.
    Doctor,
    /// The shops this installation serves, when it serves several: list them, add one, and
    /// choose the host names each is reached at. A request for a host name no shop has goes
    /// to the main shop, unless its tablet chose another by opening /s/SLUG.
    Shop {
        #[command(subcommand)]
        command: ShopCommand,
    },
    /// Let everyone of a shop try their PIN again now: clears every member's and every
    /// address's wait after wrong PINs, the owner's too (each is written in the audit log).
    UnlockWaits {
        /// The shop, when the installation serves several; by default the main shop.
        #[arg(long, value_name = "SLUG")]
        shop: Option<String>,
    },
}

/// `joren shop …`
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ShopCommand {
    /// List the shops: their short names, names, host names, and whether their owner has set
    /// them up yet.
    List,
    /// Add a shop. Its owner sets it up (names it, chooses their PIN) the first time the kiosk
    /// is opened at one of its host names, or at /s/SLUG.
    Add {
        /// The shop's short name: lower-case letters, digits and hyphens (pan-ya).
        slug: String,
        /// A host name the shop is reached at (pan-ya.example); may be given several times.
        #[arg(long = "host", value_name = "HOST")]
        hosts: Vec<String>,
    },
    /// Let a shop be reached at one more host name.
    AddHost { slug: String, host: String },
    /// Stop reaching a shop at a host name: requests for it then go to the main shop.
    RemoveHost { host: String },
}

#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// How many regulars.
    #[arg(long, default_value_t = 2_000)]
    pub regulars: u32,
    /// How many visits over the past year.
    #[arg(long, default_value_t = 60_000)]
    pub visits: u64,
    /// How many of them are in the shop now.
    #[arg(long, default_value_t = 12)]
    pub present: u32,
    /// The same seed gives the same shop.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The demo owner's PIN, when the demo sets the shop up (6 digits or more).
    #[arg(long, default_value = "123456", value_name = "PIN")]
    pub owner_pin: String,
    /// Which shop to fill, when the installation serves several (it is added when new); by
    /// default the main shop.
    #[arg(long, value_name = "SLUG")]
    pub shop: Option<String>,
}

/// The checked settings the server runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: DatabaseUrl,
    pub store: StoreOptions,
    /// A folder to serve the site from; `None`: the site built into the binary.
    pub site_root: Option<PathBuf>,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub shop: ShopSlug,
    pub secure_cookies: bool,
    /// https: the certificate and key (read at start); `None`: plain http.
    pub tls: Option<TlsFiles>,
    pub public_url: Option<PublicUrl>,
    /// Where the daily backups go.
    pub backup_dir: PathBuf,
    /// Where a request's client address is read from (behind trusted reverse proxies).
    pub client_addresses: ClientAddresses,
    /// How often a live update stream pings its tablet and checks that it is still
    /// unlocked; not a setting (the browser expects a ping well within 40 s), but tests
    /// shorten it.
    pub live_ping_every: std::time::Duration,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid {setting}: {reason}")]
pub struct ConfigError {
    setting: &'static str,
    reason: String,
}

impl ConfigError {
    fn new(setting: &'static str, reason: impl Into<String>) -> Self {
        Self {
            setting,
            reason: reason.into(),
        }
    }
}

impl Config {
    pub fn from_cli(cli: Cli) -> Result<Self, ConfigError> {
        let addr = cli.addr.trim().parse::<SocketAddr>().map_err(|_| {
            ConfigError::new(
                "JOREN_ADDR (--addr)",
                format!("'{}' is not HOST:PORT such as 127.0.0.1:3000", cli.addr),
            )
        })?;
        let database_url = DatabaseUrl::parse(&cli.database_url).map_err(|error| {
            ConfigError::new("JOREN_DATABASE_URL (--database-url)", error.to_string())
        })?;
        let max_connections = cli
            .database_max_connections
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                ConfigError::new(
                    "JOREN_DATABASE_MAX_CONNECTIONS (--database-max-connections)",
                    format!(
                        "'{}' is not a number from 1 to 1000",
                        cli.database_max_connections
                    ),
                )
            })?;
        let seconds = |name: &'static str, value: &str, min: u64| {
            value
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (min..=3600).contains(n))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    ConfigError::new(
                        name,
                        format!("'{value}' is not a number of seconds from {min} to 3600"),
                    )
                })
        };
        let acquire_timeout = seconds(
            "JOREN_DATABASE_ACQUIRE_TIMEOUT (--database-acquire-timeout)",
            &cli.database_acquire_timeout,
            1,
        )?;
        let statement_timeout = Some(seconds(
            "JOREN_DATABASE_STATEMENT_TIMEOUT (--database-statement-timeout)",
            &cli.database_statement_timeout,
            0,
        )?)
        .filter(|timeout| !timeout.is_zero());
        tracing_subscriber::EnvFilter::try_new(&cli.log).map_err(|error| {
            ConfigError::new("JOREN_LOG (--log)", format!("'{}': {error}", cli.log))
        })?;
        let log_format = LogFormat::parse(cli.log_format.as_deref().unwrap_or(""))
            .map_err(|reason| ConfigError::new("JOREN_LOG_FORMAT (--log-format)", reason))?;
        let non_empty = |path: Option<PathBuf>| path.filter(|path| !path.as_os_str().is_empty());
        let tls = match (non_empty(cli.tls_cert), non_empty(cli.tls_key)) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "JOREN_TLS_KEY (--tls-key)",
                    "https needs the certificate's key as well as the certificate",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "JOREN_TLS_CERT (--tls-cert)",
                    "https needs the certificate as well as its key",
                ));
            }
        };
        let secure_cookies = match cli.secure_cookies.as_deref().map(str::trim) {
            None | Some("") => tls.is_some(),
            Some("true" | "1" | "yes") => true,
            Some("false" | "0" | "no") => false,
            Some(other) => {
                return Err(ConfigError::new(
                    "JOREN_SECURE_COOKIES (--secure-cookies)",
                    format!("'{other}' is not true or false"),
                ));
            }
        };
        let public_url = cli
            .public_url
            .as_deref()
            .filter(|url| !url.trim().is_empty())
            .map(PublicUrl::parse)
            .transpose()
            .map_err(|error| {
                ConfigError::new("JOREN_PUBLIC_URL (--public-url)", error.to_string())
            })?;
        let backup_dir = match (cli.backup_dir, &database_url) {
            (Some(dir), _) => dir,
            (None, DatabaseUrl::Sqlite(options)) => options
                .get_filename()
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join("backups"),
            // Joren does not back PostgreSQL up; `joren backup` still writes a SQLite copy
            // nowhere but where it is told.
            (None, DatabaseUrl::Postgres(_)) => PathBuf::from("data/backups"),
        };
        let trusted_proxies = TrustedProxies::parse(cli.trusted_proxies.as_deref().unwrap_or(""))
            .map_err(|reason| {
            ConfigError::new("JOREN_TRUSTED_PROXIES (--trusted-proxies)", reason)
        })?;
        let header = ProxyHeader::parse(cli.proxy_header.as_deref().unwrap_or(""))
            .map_err(|reason| ConfigError::new("JOREN_PROXY_HEADER (--proxy-header)", reason))?;
        let store = StoreOptions {
            max_connections,
            acquire_timeout,
            statement_timeout,
            // A database at an older schema is copied there before it is upgraded.
            upgrade_backup_dir: Some(backup_dir.clone()),
        };
        Ok(Self {
            public_url,
            backup_dir,
            addr,
            database_url,
            store,
            site_root: cli.site_root.filter(|dir| !dir.as_os_str().is_empty()),
            log_filter: cli.log,
            log_format,
            shop: ShopSlug::default_shop(),
            secure_cookies,
            tls,
            client_addresses: ClientAddresses {
                trusted_proxies,
                header,
            },
            live_ping_every: LIVE_PING_EVERY,
        })
    }

    /// Settings for a test server: a database file of its own, any free port.
    #[cfg(feature = "testing")]
    pub fn for_tests(database: impl AsRef<std::path::Path>) -> Self {
        let database = database.as_ref();
        let backup_dir = database
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("backups");
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: DatabaseUrl::sqlite_file(database),
            store: StoreOptions {
                upgrade_backup_dir: Some(backup_dir.clone()),
                ..StoreOptions::default()
            },
            // No site: pages name the plain file names, whatever was last built.
            site_root: Some(
                database
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join("no-site"),
            ),
            log_filter: "info".to_owned(),
            log_format: LogFormat::Text,
            shop: ShopSlug::default_shop(),
            secure_cookies: false,
            tls: None,
            public_url: None,
            backup_dir,
            client_addresses: ClientAddresses::default(),
            live_ping_every: LIVE_PING_EVERY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, ConfigError> {
        let argv = std::iter::once("joren").chain(args.iter().copied());
        Config::from_cli(Cli::try_parse_from(argv).expect("arguments parse"))
    }

    #[test]
    fn defaults_are_the_embedded_shop_on_loopback() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url.to_string(), "sqlite://data/joren.db");
        assert_eq!(config.store.max_connections, 8);
        assert_eq!(config.backup_dir, PathBuf::from("data/backups"));
        assert_eq!(
            config.store.upgrade_backup_dir,
            Some(PathBuf::from("data/backups"))
        );
        let config = parse(&["--backup-dir", "/srv/backups"]).unwrap();
        assert_eq!(config.backup_dir, PathBuf::from("/srv/backups"));
        assert_eq!(
            config.store.upgrade_backup_dir,
            Some(PathBuf::from("/srv/backups"))
        );
    }

    #[test]
    fn a_bad_address_names_the_setting() {
        let error = parse(&["--addr", "localhost"]).unwrap_err().to_string();
        assert!(error.contains("JOREN_ADDR"), "{error}");
        assert!(error.contains("'localhost'"), "{error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }

    #[test]
    fn trusted_proxies_are_none_by_default_and_a_bad_one_names_the_setting() {
        assert_eq!(
            parse(&[]).unwrap().client_addresses,
            ClientAddresses::default()
        );
        let config = parse(&["--trusted-proxies", "127.0.0.1,::1"]).unwrap();
        assert_eq!(
            config.client_addresses.trusted_proxies,
            TrustedProxies::parse("127.0.0.1, ::1").unwrap()
        );
        let error = parse(&["--trusted-proxies", "127.0.0.1,caddy"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("JOREN_TRUSTED_PROXIES"), "{error}");
        assert!(error.contains("'caddy'"), "{error}");
        let error = parse(&["--proxy-header", "x-real-ip"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("JOREN_PROXY_HEADER"), "{error}");
    }

    #[test]
    fn the_log_format_is_text_unless_json_is_asked_for() {
        assert_eq!(parse(&[]).unwrap().log_format, LogFormat::Text);
        assert_eq!(
            parse(&["--log-format", "json"]).unwrap().log_format,
            LogFormat::Json
        );
        let error = parse(&["--log-format", "xml"]).unwrap_err().to_string();
        assert!(error.contains("JOREN_LOG_FORMAT"), "{error}");
    }

    #[test]
    fn a_bad_database_url_names_the_setting() {
        let error = parse(&["--database-url", "mysql://x/y"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("JOREN_DATABASE_URL"), "{error}");
    }

    #[test]
    fn postgres_and_the_pool_timeouts_are_settings() {
        let config = parse(&[]).unwrap();
        assert_eq!(
            config.store.acquire_timeout,
            std::time::Duration::from_secs(5)
        );
        assert_eq!(
            config.store.statement_timeout,
            Some(std::time::Duration::from_secs(10))
        );
        let config = parse(&[
            "--database-url",
            "postgres://joren:s3cret@db.internal:5432/joren",
            "--database-acquire-timeout",
            "2",
            "--database-statement-timeout",
            "0",
        ])
        .unwrap();
        assert_eq!(
            config.database_url.to_string(),
            "postgres://joren:***@db.internal:5432/joren"
        );
        assert_eq!(
            config.store.acquire_timeout,
            std::time::Duration::from_secs(2)
        );
        assert_eq!(
            config.store.statement_timeout, None,
            "0 lets a statement run"
        );
        for (flag, value, setting) in [
            (
                "--database-acquire-timeout",
                "0",
                "JOREN_DATABASE_ACQUIRE_TIMEOUT",
            ),
            (
                "--database-acquire-timeout",
                "soon",
                "JOREN_DATABASE_ACQUIRE_TIMEOUT",
            ),
            (
                "--database-statement-timeout",
                "1.5",
                "JOREN_DATABASE_STATEMENT_TIMEOUT",
            ),
            (
                "--database-statement-timeout",
                "9999",
                "JOREN_DATABASE_STATEMENT_TIMEOUT",
            ),
        ] {
            let error = parse(&[flag, value]).unwrap_err().to_string();
            assert!(error.contains(setting), "{error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
        let error = parse(&[
            "--database-url",
            "postgres://joren:s3cret@db.internal:5432/",
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("names no database"), "{error}");
        assert!(
            !error.contains("s3cret"),
            "the password is never shown: {error}"
        );
    }

    #[test]
    fn the_public_address_is_optional_and_checked() {
        assert_eq!(parse(&[]).unwrap().public_url, None);
        let config = parse(&["--public-url", "https://Cafe.Example/"]).unwrap();
        assert_eq!(
            config.public_url.map(|url| url.as_str().to_owned()),
            Some("https://cafe.example".to_owned())
        );
        let error = parse(&["--public-url", "javascript:alert(1)"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("JOREN_PUBLIC_URL"), "{error}");
        assert!(error.contains("https://"), "{error}");
    }

    #[test]
    fn https_needs_both_files_and_makes_the_cookie_secure() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.tls, None);
        assert!(!config.secure_cookies);
        let config = parse(&["--tls-cert", "/etc/joren/cert.pem", "--tls-key", "k.pem"]).unwrap();
        assert_eq!(
            config.tls,
            Some(TlsFiles {
                cert: PathBuf::from("/etc/joren/cert.pem"),
                key: PathBuf::from("k.pem")
            })
        );
        assert!(
            config.secure_cookies,
            "https cookies are Secure by themselves"
        );
        let config = parse(&[
            "--tls-cert",
            "c",
            "--tls-key",
            "k",
            "--secure-cookies",
            "no",
        ]);
        assert!(
            !config.unwrap().secure_cookies,
            "unless the owner says otherwise"
        );
        let error = parse(&["--tls-cert", "c.pem"]).unwrap_err().to_string();
        assert!(error.contains("JOREN_TLS_KEY"), "{error}");
        let error = parse(&["--tls-key", "k.pem"]).unwrap_err().to_string();
        assert!(error.contains("JOREN_TLS_CERT"), "{error}");
        assert!(parse(&["--secure-cookies", "maybe"]).is_err());
    }

    #[test]
    fn pool_size_and_log_filter_are_checked() {
        let error = parse(&["--database-max-connections", "0"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("JOREN_DATABASE_MAX_CONNECTIONS"), "{error}");
        let error = parse(&["--log", "info,=[="]).unwrap_err().to_string();
        assert!(error.contains("JOREN_LOG"), "{error}");
    }
}
