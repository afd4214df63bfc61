//! One module per screen, named as staff name it.

pub mod first_start;
pub mod insights;
pub mod introduce;
pub mod introduction;
pub mod kiosk;
pub mod lock;
pub mod not_found;
pub mod privacy;
pub mod register;
pub mod regular;
pub mod settings;
