//! The `joren` server: configuration, telemetry, start-up and the few HTTP routes that are
//! not screens (`/healthz`).

pub mod config;
pub mod health;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod telemetry;
