//! Logging: one line per request at `info`, errors with their cause.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `filter` is an `EnvFilter` directive such as
/// `info` or `info,joren=debug,sqlx=warn`, already checked by the configuration.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // A second call (tests start several servers in one process) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        // Colours for a person at a terminal, plain text for journald and log files.
        .with_ansi(std::io::stdout().is_terminal())
        .try_init();
}
