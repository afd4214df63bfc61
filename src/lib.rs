//! Joren's domain core: the shop, its regulars, stamps and introductions, and their storage.
//!
//! The core knows nothing of the web. Types and rules compile for the server and for the
//! browser (wasm32); storage, which needs sqlx and tokio, sits behind the `server` feature.

pub mod reading;
pub mod shop;
pub mod staff;

#[cfg(feature = "server")]
pub mod storage;

pub use shop::{Shop, ShopId, ShopName, ShopSlug, TimeZoneName};
pub use staff::{Pin, Role, Staff, StaffId, StaffName};
