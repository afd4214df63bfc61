//! What screens share through Leptos's context, beyond the screen that provides it.

use leptos::prelude::*;

/// Lets any of the kiosk's screens ask for the kiosk's state to be read again (after an
/// unlock, a lock, the first start): provided by the kiosk screen, which then shows the lock
/// screen, the first start or the register as the state says.
#[derive(Clone, Copy)]
pub struct RefreshKiosk(pub Callback<()>);
