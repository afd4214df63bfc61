//! Server functions, grouped by area. Each checks who is asking, then calls the core.

pub mod data_care;
pub mod insights;
pub mod introductions;
pub mod links;
#[cfg(feature = "ssr")]
pub mod plain_form;
pub mod printable;
pub mod privacy;
pub mod register;
pub mod regulars;
pub mod settings;
pub mod staff;
