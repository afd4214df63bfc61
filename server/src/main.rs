//! `joren`: the kiosk's server. Parses its settings and hands over to start-up.

use std::process::ExitCode;

use clap::Parser;
use joren_server::config::{Cli, Command, Config};
use joren_server::{backups, demo, doctor, shop_command, startup, telemetry, unlock_waits};

// See server/Cargo.toml: the server's allocations are many, small and freed on other threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.clone();
    let config = match Config::from_cli(cli) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("joren: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_filter, config.log_format);
    match command {
        Some(Command::Demo(args)) => {
            return match demo::run(&config, &args).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("joren demo: {error}");
                    ExitCode::from(if error.is_usage() { 2 } else { 1 })
                }
            };
        }
        Some(Command::Backup { file }) => {
            return match backups::backup(&config, &file).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("joren backup: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Some(Command::Restore { file }) => {
            return match backups::restore(&config, &file).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("joren restore: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Some(Command::Shop { command }) => {
            return match shop_command::run(&config, &command).await {
                Ok(said) => {
                    println!("{said}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("joren shop: {error}");
                    ExitCode::from(if error.is_usage() { 2 } else { 1 })
                }
            };
        }
        Some(Command::UnlockWaits { shop }) => {
            return match unlock_waits::run(&config, shop.as_deref()).await {
                Ok(said) => {
                    println!("{said}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("joren unlock-waits: {error}");
                    ExitCode::from(if error.is_usage() { 2 } else { 1 })
                }
            };
        }
        Some(Command::Doctor) => {
            let checks = doctor::run(&config).await;
            for check in &checks {
                println!("{check}");
            }
            return ExitCode::from(doctor::exit_code(&checks));
        }
        None => {}
    }
    match startup::run(config, startup::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "joren stopped");
            eprintln!("joren: {error}");
            ExitCode::FAILURE
        }
    }
}
