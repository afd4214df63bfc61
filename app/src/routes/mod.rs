//! One module per screen, named as staff name it.

pub mod lock;
pub mod not_found;
