//! Logging: one line per request at `info`, errors with their cause; as text for a person or
//! journald, or as one JSON object a line for a log collector (`JOREN_LOG_FORMAT=json`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// A line of text each (the default).
    #[default]
    Text,
    /// One JSON object a line: `timestamp`, `level`, the event's fields (`message` and the
    /// rest) at the top, and the request's span (`method`, `path`) under `span`.
    Json,
}

impl LogFormat {
    pub fn parse(name: &str) -> Result<Self, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("'{other}' is not text or json")),
        }
    }
}

/// Installs the global subscriber. `filter` is an `EnvFilter` directive such as
/// `info` or `info,joren=debug,sqlx=warn`, already checked by the configuration.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // A second call (tests start several servers in one process) keeps the first subscriber.
    let _ = match format {
        // Colours for a person at a terminal, plain text for journald and log files.
        LogFormat::Text => lines.with_ansi(std::io::stdout().is_terminal()).try_init(),
        LogFormat::Json => lines
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_or_json() {
        assert_eq!(LogFormat::parse("").unwrap(), LogFormat::Text);
        assert_eq!(LogFormat::parse("JSON").unwrap(), LogFormat::Json);
        assert!(LogFormat::parse("logfmt").unwrap_err().contains("'logfmt'"));
    }
}
