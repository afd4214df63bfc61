//! What every render and server function may ask for: the store, and the shop a request is
//! for when it names no other. The server builds it once; leptos_axum provides it as context
//! to every request.

use axum::extract::FromRef;
use joren::ShopSlug;
use joren::short_link::PublicUrl;
use joren::storage::Store;
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The built site's file names, for the page head.
    pub assets: crate::assets::SiteAssets,
    pub store: Store,
    /// The installation's main shop: the one a request is for when neither its host name
    /// nor its tablet's choice names another (see `shops.rs`).
    pub main_shop: ShopSlug,
    /// Where phones reach the shop; QR codes carry short links when it is set.
    pub public_url: Option<PublicUrl>,
    /// Where the daily backups (and the owner's "back up now") go.
    pub backup_dir: std::path::PathBuf,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state, as a server function sees it.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    use_context::<AppState>()
        .ok_or_else(|| crate::error::AppError::internal("the server did not provide its state"))
}
