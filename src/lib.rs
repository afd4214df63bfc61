//! Joren's domain core: the shop, its regulars, stamps and introductions, and their storage.
//!
//! The core knows nothing of the web. Types and rules compile for the server and for the
//! browser (wasm32); storage, which needs sqlx and tokio, sits behind the `server` feature.

pub mod audit;
pub mod backup;
pub mod check_in;
#[cfg(feature = "server")]
pub mod demo;
pub mod export;
pub mod honorific;
pub mod insights;
pub mod introduction;
mod invisible;
pub mod loyalty;
pub mod personal_data;
pub mod privacy;
pub mod reading;
pub mod regular;
pub mod shop;
pub mod short_link;
pub mod staff;
pub mod suggestion;

#[cfg(feature = "server")]
pub mod storage;

pub use loyalty::{
    Card, LoyaltyError, RewardEarned, RewardText, RulesField, StampRules, StampRulesDraft,
    UNDO_WINDOW_MILLIS,
};
pub use regular::{
    Consent, Consents, Link, LinkKind, Links, Nickname, Notes, Profile, Reading, RegularDraft,
    RegularError, RegularField, RegularId, Tag, Tagline, Tags,
};
pub use shop::{Shop, ShopHost, ShopId, ShopName, ShopSlug, TimeZoneName};
pub use staff::{IdleLock, Pin, Role, Staff, StaffId, StaffName};
