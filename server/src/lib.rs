//! The `joren` server: configuration, telemetry, start-up and the few HTTP routes that are
//! not screens (`/healthz`).

pub mod announce;
pub mod backups;
pub mod body_limit;
pub mod client_address;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod downloads;
pub mod exports;
pub mod health;
pub mod live;
pub mod not_found;
pub mod public;
pub mod security;
pub mod sessions;
pub mod shop_command;
pub mod shops;
pub mod signed_in;
pub mod site;
pub mod startup;
pub mod telemetry;
pub mod tls;
pub mod unavailable;
pub mod unlock_waits;
