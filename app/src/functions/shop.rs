//! The shop itself, as any screen (even the lock screen) may show it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the lock screen may show: the shop's name and nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSign {
    pub name: String,
}

#[server]
pub async fn get_shop_sign() -> Result<ShopSign, ServerFnError> {
    let state = crate::state::app_state()?;
    let shop = state
        .store
        .shop(&state.shop)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot read the shop");
            ServerFnError::new("the shop could not be read")
        })?
        .ok_or_else(|| ServerFnError::new("this shop does not exist"))?;
    Ok(ShopSign {
        name: shop.name.to_string(),
    })
}
