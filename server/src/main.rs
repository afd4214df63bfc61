//! `joren`: the kiosk's server. Parses its settings and hands over to start-up.

use std::process::ExitCode;

use clap::Parser;
use joren_server::config::{Cli, Config};
use joren_server::{startup, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_cli(Cli::parse()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("joren: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_filter);
    match startup::run(config, startup::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "joren stopped");
            eprintln!("joren: {error}");
            ExitCode::FAILURE
        }
    }
}
